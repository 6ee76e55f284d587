"""Benchmark figures as an aligned table: what was measured, the figure, a note."""

from __future__ import annotations


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    """One line per (what, value, note), the columns aligned."""
    width = max(len(r[0]) for r in rows)
    for what, value, note in rows:
        print(f"{what:<{width}}  {value:>10}  {note}")

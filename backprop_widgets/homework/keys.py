"""Answer keys: a header naming the seed and its values, the homework's answers at a glance,
then the full worked step (the walkthrough, rendered by render.walkthrough_text)."""

from __future__ import annotations

from ..core.numbers import fmt, fmt_given
from ..core.step import walkthrough
from ..text.render import FORMATS, walkthrough_text
from .exercises import HOMEWORK, exercise
from .variants import HomeworkError, seed_text, variant

__all__ = ["answer_key"]

_LATEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


def answer_key(seed: str, style: str = "markdown") -> str:
    """The worked solution of the variant of seed, as text, Markdown or LaTeX."""
    if style not in FORMATS:
        raise HomeworkError(f"unknown style {style!r}; choose one of: {', '.join(FORMATS)}")
    seed = seed_text(seed)
    net = variant(seed)
    values = ", ".join(f"{n} = {fmt_given(v)}" for n, v in net.values.items())
    rows = [(i, exercise(i, network=net)) for i in HOMEWORK]
    answers = [(i, ex.name, fmt(ex.answer, ex.digits)) for i, ex in rows]
    body = walkthrough_text(net, walkthrough(net), style, level=2)
    return _header(seed, values, answers, style) + "\n\n" + body


def _header(seed: str, values: str, answers: list[tuple[str, str, str]], style: str) -> str:
    """Title, the variant's values, and the homework answers in a table."""
    if style == "markdown":
        table = ["| exercise | quantity | answer |", "|---|---|---|"]
        table += [f"| `{i}` | `{name}` | {value} |" for i, name, value in answers]
        code = seed.replace("`", "'")
        return "\n\n".join(
            [
                f"# Answer key: seed `{code}`",
                f"The variant of seed `{code}`: {values}.",
                "## Answers at a glance",
                "\n".join(table),
            ]
        )
    if style == "latex":
        tex = "".join(_LATEX_SPECIAL.get(c, c) for c in seed)
        table = [r"\begin{tabular}{lll}", r"exercise & quantity & answer \\ \hline"]
        table += [rf"\verb|{i}| & \verb|{name}| & ${value}$ \\" for i, name, value in answers]
        table.append(r"\end{tabular}")
        return "\n\n".join(
            [
                rf"\section*{{Answer key: seed \texttt{{{tex}}}}}",
                rf"The variant of seed \texttt{{{tex}}}: \verb|{values}|.",
                r"\subsection*{Answers at a glance}",
                "\n".join(table),
            ]
        )
    title = f"Answer key: seed {seed}"
    width = max(len(i) for i, _, _ in answers)
    table = [f"  {i:<{width}}  {name} = {value}" for i, name, value in answers]
    return "\n".join(
        [
            title,
            "=" * len(title),
            "",
            f"The variant of seed {seed}: {values}.",
            "",
            "Answers at a glance",
            *table,
        ]
    )

"""Formula answers: how fast hostile or oversized text is refused, against checking a right
formula in the same run (the baseline). Goal: every refusal well under a second, and faster
than checking a right answer.

    python benchmarks/bench_formulas.py
"""

from __future__ import annotations

import timeit

from backprop_widgets.homework import check_formula_answer
from backprop_widgets.homework.formula_checks import formula_exercise

HOSTILE = {
    "__import__('os').system(...)": "__import__('os').system('touch /tmp/x')",
    "attribute access": "out_h1.__class__.__bases__",
    "lambda": "(lambda: 1)()",
    "9**9**9**9": "9**9**9**9",
    "10,000 nested parentheses": "(" * 10_000 + "1" + ")" * 10_000,
    "100,000 characters": "1" * 100_000,
    "600 characters of unary minus": "-" * 599 + "1",
    "degree 48 power": "(out_h1 + 1)^12 * (out_h2 + 1)^12 * (t1 + 1)^12 * (t2 + 1)^12",
}


def best(function, number: int = 20, repeat: int = 5) -> float:
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def main() -> None:
    ex = formula_exercise("gradients.w5")
    right = "(out_o1 - t1) * out_o1 * (1 - out_o1) * out_h1"
    check_formula_answer(ex, right)  # warm up
    baseline = best(lambda: check_formula_answer(ex, right))
    print(f"{'checking a right formula (baseline)':<40} {baseline * 1e3:9.3f} ms")
    worst = 0.0
    for label, text in HOSTILE.items():
        verdict = check_formula_answer(ex, text)
        assert verdict.status == "invalid", (label, verdict.message)
        seconds = best(lambda text=text: check_formula_answer(ex, text))
        worst = max(worst, seconds)
        print(f"{label:<40} {seconds * 1e3:9.3f} ms  {seconds / baseline:6.3f}x baseline")
    print(f"slowest refusal: {worst * 1e3:.3f} ms (goal: well under 1000 ms)")


if __name__ == "__main__":
    main()

"""Answer keys: a header naming the seed and its values, the homework's answers at a glance,
then the full worked step (the walkthrough, rendered by render.walkthrough_text).

Two homeworks: "backprop" (one step of the post's network, HOMEWORK) and "topics" (the
lessons' other rules, TOPIC_HOMEWORK: each topic's network, answers and worked step).
answer_data gives the same answers as plain data, for JSON and CSV.
"""

from __future__ import annotations

from ..core.numbers import fmt, fmt_given
from ..core.step import walkthrough
from ..text.render import FORMATS, walkthrough_text
from .exercises import HOMEWORK, TOPIC_HOMEWORK, exercise
from .formula_checks import formula_exercise
from .topics import TOPICS, split_topic, topic_network
from .variants import HomeworkError, seed_text

__all__ = ["HOMEWORKS", "answer_data", "answer_key"]

HOMEWORKS = {"backprop": HOMEWORK, "topics": TOPIC_HOMEWORK}

_LATEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"} | {
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}


def _homework(name: str) -> tuple[str, ...]:
    if name not in HOMEWORKS:
        raise HomeworkError(f"unknown homework {name!r}; choose one of: {', '.join(HOMEWORKS)}")
    return HOMEWORKS[name]


def answer_key(seed: str, style: str = "markdown", homework: str = "backprop") -> str:
    """The worked solution of the variant of seed, as text, Markdown or LaTeX."""
    if style not in FORMATS:
        raise HomeworkError(f"unknown style {style!r}; choose one of: {', '.join(FORMATS)}")
    ids = _homework(homework)
    seed = seed_text(seed)
    topics = list(dict.fromkeys(split_topic(i)[0] for i in ids))
    parts = []
    for name in topics:
        net = topic_network(name, seed)
        values = ", ".join(f"{n} = {fmt_given(v)}" for n, v in net.values.items())
        rows = [exercise(i, seed) for i in ids if split_topic(i)[0] == name]
        answers = [(ex.id, ex.name, fmt(ex.answer, ex.digits)) for ex in rows]
        title = TOPICS[name].title if homework != "backprop" else ""
        body = walkthrough_text(net, walkthrough(net), style, level=2 if not title else 3)
        parts.append(_header(seed, values, answers, style, title) + "\n\n" + body)
    return "\n\n".join(parts)


def answer_data(seed: str, homework: str = "backprop") -> dict:
    """Every answer of a homework for seed as plain data: the networks' values, and per
    exercise the quantity, its value, the value to 9 decimals and its formula."""
    ids = _homework(homework)
    seed = seed_text(seed)
    found: dict = {"seed": seed, "homework": homework, "networks": {}, "answers": {}}
    for i in ids:
        name = split_topic(i)[0]
        if name not in found["networks"]:
            net = topic_network(name, seed)
            found["networks"][name] = {
                "settings": repr(net).splitlines()[0].removeprefix("Network "),
                "values": net.values,
                "velocity": dict(net.velocity),
                "samples": [list(map(list, s)) for s in net.samples],
            }
        ex = exercise(i, seed)
        found["answers"][ex.id] = {
            "quantity": ex.name,
            "value": ex.answer,
            "shown": fmt(ex.answer, ex.digits),
            "formula": ex.formula,
            "formula_checked": _has_formula(ex.id),
        }
    return found


def _has_formula(id: str) -> bool:
    try:
        formula_exercise(id)
    except HomeworkError:
        return False
    return True


def _header(
    seed: str, values: str, answers: list[tuple[str, str, str]], style: str, topic: str = ""
) -> str:
    """Title, the variant's values, and the homework answers in a table."""
    if style == "markdown":
        table = ["| exercise | quantity | answer |", "|---|---|---|"]
        table += [f"| `{i}` | `{name}` | {value} |" for i, name, value in answers]
        code = seed.replace("`", "'")
        title = f"# Answer key: seed `{code}`" + (f": {topic}" if topic else "")
        return "\n\n".join(
            [
                title,
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
        title = rf"\section*{{Answer key: seed \texttt{{{tex}}}" + (f": {topic}" if topic else "")
        return "\n\n".join(
            [
                title + "}",
                rf"The variant of seed \texttt{{{tex}}}: \verb|{values}|.",
                r"\subsection*{Answers at a glance}",
                "\n".join(table),
            ]
        )
    title = f"Answer key: seed {seed}" + (f": {topic}" if topic else "")
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

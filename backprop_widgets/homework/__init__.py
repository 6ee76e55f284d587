"""Homework: exercises with diagnosing checks, per-student variants, answer keys, graders.

>>> from backprop_widgets.homework import check, variant, answer_key
>>> check("gradients.w5", 0.082167041)              # the tutorial network: right, None
>>> check("gradients.w5", 0.123, seed="alice")      # doctest: +ELLIPSIS
Traceback (most recent call last):
AssertionError: gradients.w5 (seed alice): 0.123 is not dE_total/dw5. ...

Everything here is pure Python (no ipywidgets); the answer box lives in
``backprop_widgets.homework.widgets`` and is imported only when asked for.
"""

from .answers import Answer, AnswerError, parse_answer
from .checks import Verdict, check, check_answer, pin_seed
from .diagnoses import Mistake, mistakes
from .exercises import DIGITS, HOMEWORK, TOPIC_HOMEWORK, Exercise, describe, exercise, exercise_ids
from .feedback import FeedbackList, feedback_html, feedback_text, slips
from .formula_checks import check_formula, check_formula_answer
from .keys import HOMEWORKS, answer_data, answer_key
from .notebook import release_notebook
from .parser import FormulaError
from .topics import TOPICS, topic_network
from .variants import VARIANT_RANGES, HomeworkError, variant

__all__ = [
    "DIGITS",
    "HOMEWORK",
    "HOMEWORKS",
    "TOPICS",
    "TOPIC_HOMEWORK",
    "VARIANT_RANGES",
    "Answer",
    "AnswerBox",
    "AnswerError",
    "Exercise",
    "FeedbackList",
    "FormulaError",
    "HomeworkError",
    "Mistake",
    "Verdict",
    "answer_data",
    "answer_key",
    "answer_sheet",
    "check",
    "check_answer",
    "check_formula",
    "check_formula_answer",
    "describe",
    "exercise",
    "exercise_ids",
    "feedback_html",
    "feedback_text",
    "mistakes",
    "parse_answer",
    "pin_seed",
    "release_notebook",
    "slips",
    "topic_network",
    "variant",
]


def __getattr__(name: str):
    """AnswerBox and answer_sheet live in the widget layer; import them only when asked for."""
    if name in ("AnswerBox", "answer_sheet"):
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(f"module 'backprop_widgets.homework' has no attribute {name!r}")

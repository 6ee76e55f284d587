"""Checks: the tolerance rule, every diagnosis (against the plain-float reference), bad input."""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_widgets.homework import (
    HOMEWORK,
    HomeworkError,
    check,
    check_answer,
    exercise,
    exercise_ids,
    mistakes,
    variant,
)
from backprop_widgets.homework.chain import rounded_value
from tests.test_homework_reference import POST, forward, sigmoid, step

REF = step(POST)
F = REF["forward"]
G = REF["gradients"]
DELTA_O1, DELTA_O2 = REF["delta_o1"], REF["delta_o2"]
LR = POST["lr"]


def verdict(id, answer, seed=None, digits=9):
    return check_answer(exercise(id, seed, digits), answer)


# ---- the tolerance rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "0.082167041",
        0.082167041,
        "0.08216704",
        "0.082167042",
        G["w5"],
        "8.2167041e-2",
        " 0.082167041 ",
    ],
)
def test_the_gradient_of_w5_to_9_decimals_is_accepted_give_or_take_one_in_the_last(answer):
    v = verdict("gradients.w5", answer)
    assert v.correct, v.message
    assert v.message == "Correct: dE_total/dw5 = 0.082167041."


def test_fewer_digits_are_accepted_when_fewer_are_asked():
    assert verdict("gradients.w5", "0.08216704", digits=8).correct
    assert verdict("gradients.w5", "0.0822", digits=4).correct
    assert verdict("gradients.w5", "0.0821", digits=4).correct  # truncated: one unit off
    assert verdict("gradients.w5", "0.0823", digits=4).correct  # one unit over
    assert not verdict("gradients.w5", "0.0824", digits=4).correct


def test_one_unit_more_than_the_rule_allows_is_not_accepted():
    v = verdict("gradients.w5", "0.082167043")
    assert not v.correct
    assert v.diagnosis == "close"
    assert "close to dE_total/dw5 but not right: it agrees to 8 decimals" in v.message


@pytest.mark.parametrize(("answer", "k"), [("0.0822", 4), ("0.08216705", 8), ("0.082167", 6)])
def test_an_answer_right_to_fewer_decimals_than_asked_is_told_so(answer, k):
    v = verdict("gradients.w5", answer)
    assert (v.status, v.diagnosis) == ("wrong", "fewer_digits")
    assert v.message == f"{answer} is right to {k} decimals, but 9 were asked: give 9."


def test_the_posts_own_rounding_slip_is_accepted():
    """The post prints dE_o2/dout_h1 = -0.019049119; the exact value is -0.0190491183."""
    assert DELTA_O2 * POST["w7"] == pytest.approx(-0.0190491183, abs=1e-10)
    assert verdict("partials.dE_o2/dout_h1", "-0.019049119").correct


# ---- diagnoses, each against a value recomputed independently ---------------------------------


def hand_net_h1(w2_for_i2):
    return POST["w1"] * POST["i1"] + w2_for_i2 * POST["i2"] + POST["b1"]


WRONG = [
    # (exercise, wrong answer from the reference, diagnosis, words the message must contain)
    ("gradients.w5", G["w6"], "other_value", ["gradient of w6 (h2->o1)"]),
    ("gradients.w3", G["w2"], "other_value", ["gradient of w2 (i2->h1)", "labelling trap"]),
    ("gradients.w2", G["w3"], "other_value", ["gradient of w3 (i1->h2)", "labelling trap"]),
    ("gradients.w6", G["w7"], "other_value", ["gradient of w7", "labelling trap"]),
    ("gradients.w5", -G["w5"], "sign", ["sign is flipped", "target and output swapped"]),
    ("partials.dE_total/dout_o1", POST["t1"] - F["out_o1"], "sign", ["target and output"]),
    (
        "gradients.w5",
        (F["out_o1"] - POST["t1"]) * F["out_h1"],
        "chain",
        ["factor dout_o1/dnet_o1", "missing"],
    ),
    ("gradients.w5", DELTA_O1 * 1.0, "other_value", ["dE_o1/dnet_o1"]),  # forgot dnet_o1/dw5
    (
        "gradients.w1",
        DELTA_O1 * POST["w5"] * F["out_h1"] * (1 - F["out_h1"]) * POST["i1"],
        "chain",
        ["term dE_o2/dout_h1", "sum over paths"],
    ),
    (
        "gradients.w1",
        step(POST, hidden_uses_updated=True)["gradients"]["w1"],
        "updated_weights_in_hidden",
        ["updated w5..w8", "original weights"],
    ),
    (
        "after.E_total",
        step(POST, hidden_uses_updated=True)["E_total_after"],
        "updated_weights_in_hidden",
        ["updated w5..w8"],
    ),
    ("after.E_total", "0.291027924", "updated_weights_in_hidden", []),  # the post's printed value
    ("updated.w5", POST["w5"] - G["w5"], "lr_missing", ["learning rate is missing"]),
    ("updated.w5", POST["w5"] - LR * LR * G["w5"], "lr_twice", ["applied twice"]),
    ("updated.w5", POST["w5"] - G["w5"] / LR, "lr_divided", ["divided"]),
    ("updated.w5", POST["w5"] + LR * G["w5"], "added", ["added instead of subtracted"]),
    ("updated.w5", LR * G["w5"], "step_only", ["step lr * dE_total/dw5 alone"]),
    ("updated.w5", "0.4", "other_value", ["the original w5 (h1->o1)"]),
    ("updated.w5", POST["w5"] - LR * G["w6"], "wrong_gradient", ["gradient of w6"]),
    ("updated.w1", POST["w1"] - LR * G["w3"], "wrong_gradient", ["gradient of w3"]),
    ("gradients.w5", 2 * G["w5"], "chain", ["factor 2 too many", "1/2 of E cancels"]),
    ("forward.E_total", 2 * F["E_total"], "half", ["twice", "1/2"]),
    ("forward.E_o1", 2 * F["E_o1"], "half", ["1/2"]),
    ("forward.E_total", F["E_o1"], "other_value", ["E_o1, the error of output o1"]),
    ("forward.out_o1", F["net_o1"], "other_value", ["net_o1", "before the sigmoid"]),
    ("forward.out_h1", F["out_h2"], "other_value", ["out_h2"]),
    (
        "forward.net_h1",
        hand_net_h1(POST["w3"]),
        "swapped_labels",
        ["w2 and w3 swapped", "labelling trap"],
    ),
    (
        "forward.out_h1",
        sigmoid(hand_net_h1(POST["w3"])),
        "swapped_labels",
        ["w2 and w3 swapped"],
    ),
    (
        "partials.dE_o2/dout_h1",
        DELTA_O2 * POST["w6"],
        "chain",
        ["w7 (h1->o2), but w6 (h2->o1) was used", "labelling trap"],
    ),
    ("partials.dnet_o2/dout_h1", POST["w6"], "other_value", ["w6", "labelling trap"]),
    (
        "partials.dout_o1/dnet_o1",
        F["net_o1"] * (1 - F["net_o1"]),
        "chain",
        ["computed from net_o1, not out_o1"],
    ),
    (
        "partials.dE_total/dout_o1",
        2 * (F["out_o1"] - POST["t1"]),
        "chain",
        ["factor 2 too many"],
    ),
    (
        "forward.out_o1",
        forward(POST | {"i1": POST["i2"], "i2": POST["i1"]})["out_o1"],
        "swapped_values",
        ["i1 (0.05) and i2 (0.1) exchanged"],
    ),
    ("forward.net_h1", POST["w1"] * POST["i1"] + POST["w2"] * POST["i2"], "no_bias", ["b1"]),
    (
        "forward.net_o1",
        forward(POST | {"b1": POST["b2"], "b2": POST["b1"]})["net_o1"],
        "swapped_values",
        ["b1 (0.35) and b2 (0.6) exchanged"],
    ),
    (
        "forward.net_o1",
        forward(POST | {"b2": POST["b1"]})["net_o1"],
        "same_bias",
        ["b1 = 0.35 used for b2 too"],
    ),
    (
        "forward.E_total",
        forward(POST | {"t1": POST["t2"], "t2": POST["t1"]})["E_total"],
        "swapped_values",
        ["t1 (0.01) and t2 (0.99) exchanged"],
    ),
    ("gradients.w5", 10 * G["w5"], "decimal_point", ["factor of 10"]),
    ("gradients.w5", G["w5"] / 100, "decimal_point", ["factor of 100"]),
]


@pytest.mark.parametrize(("id", "answer", "code", "words"), WRONG)
def test_a_wrong_answer_is_told_what_it_most_likely_is(id, answer, code, words):
    text = answer if isinstance(answer, str) else f"{answer:.9f}"
    v = verdict(id, text)
    assert (v.status, v.diagnosis) == ("wrong", code), v.message
    for word in words:
        assert word in v.message
    assert v.message.endswith(f"Recheck: {exercise(id).formula}.")


def test_the_post_value_is_recognised_in_a_variant():
    v = verdict("gradients.w5", "0.082167041", seed="alice")
    assert v.diagnosis == "post_value"
    assert "variant 'alice' has its own numbers" in v.message


def round_all(v: dict, k: int) -> float:
    """dE_total/dw5 by hand with every intermediate value rounded to k decimals."""
    r = lambda x: round(x, k)  # noqa: E731
    out_h1 = r(sigmoid(r(v["w1"] * v["i1"] + v["w2"] * v["i2"] + v["b1"])))
    out_h2 = r(sigmoid(r(v["w3"] * v["i1"] + v["w4"] * v["i2"] + v["b1"])))
    out_o1 = r(sigmoid(r(v["w5"] * out_h1 + v["w6"] * out_h2 + v["b2"])))
    return r(out_o1 - v["t1"]) * r(out_o1 * (1 - out_o1)) * out_h1


@pytest.mark.parametrize("k", [3, 4, 5])
def test_rounded_intermediate_values_are_recognised(k):
    by_hand = round_all(POST, k)
    assert rounded_value(exercise("gradients.w5").network, ("gradients", "w5"), k) == pytest.approx(
        by_hand, abs=1e-15
    )
    v = verdict("gradients.w5", f"{by_hand:.9f}")
    assert v.diagnosis == "rounded_intermediates", v.message
    assert f"rounded to {k} decimals" in v.message


def test_a_slip_the_checks_do_not_know_is_still_explained():
    v = verdict("gradients.w5", "0.314159265")
    assert v.diagnosis == "unknown"
    assert "matches none of the usual slips" in v.message
    assert "Recheck: dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5." in v.message


def test_too_few_decimals_to_diagnose():
    v = verdict("gradients.w5", "5")
    assert v.diagnosis == "unknown"
    assert "Give it to 9 decimals" in v.message


def test_every_diagnosis_value_is_distinct_from_the_right_answer_or_ignored():
    """A mistake equal to the right answer never turns a right answer into a wrong one."""
    for id in exercise_ids():
        ex = exercise(id)
        assert check_answer(ex, ex.answer).correct
        assert all(math.isfinite(m.value) for m in mistakes(ex))


# ---- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "the box is empty"),
        ("   ", "the box is empty"),
        ("abc", "'abc' is not a number"),
        ("0.74 * 0.18", "not a formula"),
        ("1/2", "not a number"),
        ("nan", "not a finite number"),
        ("-inf", "not a finite number"),
        (float("nan"), "not a finite number"),
        (math.inf, "not a finite number"),
        ("0,08,2", "mixes separators"),
        ("1,234.5", "mixes separators"),
        (None, "no answer yet"),
        ([0.08], "give one number, not a list"),
        ((0.08, 0.09), "give one number, not a tuple"),
        (np.array([0.08, 0.09]), "give one number, not a ndarray"),
        ({"w5": 0.08}, "give one number, not a dict"),
        (True, "give a number, not True"),
        (object(), "give a number; got a object"),
        ("1e999", "too large"),
    ],
)
def test_bad_input_gets_a_clear_message_and_no_exception(raw, message):
    v = verdict("gradients.w5", raw)
    assert v.status == "invalid"
    assert message in v.message


def test_a_comma_as_decimal_separator_is_accepted_with_a_note():
    v = verdict("gradients.w5", "0,082167041")
    assert v.correct
    assert v.message.startswith("Read '0,082167041' as 0.082167041 (the comma taken as")
    wrong = verdict("gradients.w5", "0,0821")
    assert wrong.diagnosis == "fewer_digits" and wrong.message.startswith("Read '0,0821'")


@pytest.mark.parametrize("raw", [np.float64(0.082167041), Decimal("0.082167041"), 82167041e-9])
def test_other_number_types_are_read(raw):
    assert verdict("gradients.w5", raw).correct


def test_a_unicode_minus_is_a_minus():
    assert verdict("gradients.w5", "−0.082167041").diagnosis == "sign"


def test_a_float32_has_too_few_digits_for_9_decimals_and_is_told_so():
    v = verdict("gradients.w5", np.float32(0.082167041))  # 0.0821670443
    assert v.diagnosis in ("close", "rounded_intermediates")
    assert "decimals" in v.message


def test_a_fraction_is_a_number():
    assert verdict("forward.E_total", Fraction(298371109, 10**9)).correct


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
        st.none(),
        st.lists(st.floats(), max_size=3),
        st.decimals(allow_nan=True),
    )
)
def test_no_input_makes_the_check_raise(raw):
    v = verdict("gradients.w5", raw)
    assert v.status in ("correct", "wrong", "invalid")
    assert v.message


# ---- the grader entry point -------------------------------------------------------------------


def test_check_returns_none_when_right_and_raises_the_diagnosis_when_wrong():
    assert check("gradients.w5", G["w5"]) is None
    assert check("dE_total/dw5", "0.082167041") is None  # the learner's name works too
    with pytest.raises(AssertionError, match=r"gradients.w5: 0.082667628 is not dE_total/dw5\."):
        check("gradients.w5", 0.082667628)
    with pytest.raises(AssertionError, match="no answer yet"):
        check("gradients.w5", None)


def test_check_with_a_seed_uses_the_variant_and_says_so():
    alice = step(variant("alice").values)
    assert check("gradients.w3", alice["gradients"]["w3"], seed="alice") is None
    with pytest.raises(AssertionError, match=r"\(seed alice\).*labelling trap"):
        check("gradients.w3", alice["gradients"]["w2"], seed="alice")


@pytest.mark.parametrize(
    ("id", "message"),
    [
        ("gradients.w9", "unknown exercise 'gradients.w9'"),
        ("updated.b1", "biases stay fixed"),
        (5, "an exercise id is text"),
    ],
)
def test_bad_exercise_ids_get_a_clear_message(id, message):
    with pytest.raises(HomeworkError, match=message):
        check(id, 0.1)


@pytest.mark.parametrize("digits", [0, 13, 2.5, True, "9"])
def test_bad_digits_get_a_clear_message(digits):
    with pytest.raises(HomeworkError, match="digits"):
        exercise("gradients.w5", digits=digits)


def test_learner_names_resolve_to_exercise_ids():
    names = {
        "out_h1": "forward.out_h1",
        "dE_total/dout_o1": "partials.dE_total/dout_o1",
        "dE_total/dw5": "gradients.w5",
        "w5+": "updated.w5",
        "new_w5": "updated.w5",
        "E_total+": "after.E_total",
        " gradients.w5 ": "gradients.w5",
    }
    for name, id in names.items():
        assert exercise(name).id == id


def test_the_homework_exercises_exist_and_have_prompts():
    for id in HOMEWORK:
        ex = exercise(id, seed="alice")
        assert ex.prompt.startswith("Compute ") and "your variant (seed alice)" in ex.prompt


# ---- properties over variants ----------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(str.strip))
def test_in_every_variant_right_answers_pass_and_sign_slips_are_named(seed):
    ref = step(variant(seed).values)
    for id in ("gradients.w5", "gradients.w1", "gradients.w3", "updated.w5", "forward.E_total"):
        ex = exercise(id, seed)
        section, key = id.split(".")
        expected = ref["forward"][key] if section == "forward" else ref[section][key]
        assert ex.answer == pytest.approx(expected, abs=1e-12)
        assert check_answer(ex, f"{expected:.9f}").correct
        if section == "gradients" and abs(expected) > 1e-8:
            assert check_answer(ex, f"{-expected:.9f}").diagnosis == "sign"
    w3 = exercise("gradients.w3", seed)
    assert check_answer(w3, f"{ref['gradients']['w2']:.9f}").diagnosis == "other_value"

"""The answer box: set the entry, assert state (no browser); bad input never raises."""

import pytest

from backprop_widgets.homework import AnswerBox, HomeworkError, answer_sheet


def feedback_state(box):
    classes = [c for c in box.feedback._dom_classes if c.startswith("bw-feedback-")]
    return box.status, classes


def test_a_box_has_its_parts_and_css_classes():
    box = AnswerBox("partials.dE_total/dout_o1")
    assert "bw-answer" in box._dom_classes
    assert "bw-answer-partials-dE_total__dout_o1" in box._dom_classes
    assert "bw-answer-entry" in box.entry._dom_classes
    assert "bw-answer-check" in box.button._dom_classes
    assert box.question.value.startswith("Compute the chain-rule factor dE_total/dout_o1, for")
    assert feedback_state(box) == ("", [])


def test_typing_a_right_answer_shows_a_tick():
    box = AnswerBox("gradients.w5")
    box.entry.value = "0.082167041"
    assert feedback_state(box) == ("correct", ["bw-feedback-correct"])
    value = box.feedback.value
    assert "<span aria-hidden='true'>✓</span> <strong>Right</strong>" in value  # never colour alone
    assert "Correct: dE_total/dw5 = 0.082167041." in value


def test_a_wrong_answer_shows_the_diagnosis_and_the_button_checks_again():
    box = AnswerBox("gradients.w3")
    box.entry.value = "0.000877135"
    assert feedback_state(box) == ("wrong", ["bw-feedback-wrong"])
    assert "gradient of w2 (i2-&gt;h1)" in box.feedback.value
    assert "labelling trap" in box.feedback.value
    assert box.verdict.diagnosis == "other_value"
    box.button.click()
    assert box.status == "wrong"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("abc", "is not a number"),
        ("nan", "not a finite number"),
        ("0,08,2", "mixes separators"),
        ("<b>0.1</b>", "&lt;b&gt;"),  # shown escaped, never as HTML
    ],
)
def test_bad_input_shows_a_message_not_a_traceback(text, words):
    box = AnswerBox("gradients.w5")
    box.entry.value = text
    assert feedback_state(box) == ("invalid", ["bw-feedback-invalid"])
    assert "⚠" in box.feedback.value and words in box.feedback.value


def test_an_empty_box_clears_the_feedback_and_check_on_empty_explains():
    box = AnswerBox("gradients.w5")
    box.entry.value = "0.1"
    box.entry.value = ""
    assert feedback_state(box) == ("", [])
    box.button.click()
    assert feedback_state(box) == ("invalid", ["bw-feedback-invalid"])
    assert "the box is empty" in box.feedback.value


def test_a_comma_answer_is_accepted_with_its_note():
    box = AnswerBox("gradients.w5")
    box.entry.value = "0,082167041"
    assert box.status == "correct"
    assert "comma taken as the decimal point" in box.feedback.value


def test_a_variant_box_checks_the_variant():
    box = AnswerBox("gradients.w5", seed="alice")
    box.entry.value = "0.074094546"
    assert box.status == "correct"
    box.entry.value = "0.082167041"
    assert box.verdict.diagnosis == "post_value"


def test_the_sheet_has_a_heading_and_one_box_per_exercise():
    sheet = answer_sheet(["gradients.w5", "updated.w5"], seed="bob")
    heading, *boxes = sheet.children
    assert "your variant (seed bob)" in heading.value and "w5=0.5" in heading.value
    assert [b.exercise.id for b in boxes] == ["gradients.w5", "updated.w5"]
    assert "bw-answer-sheet" in sheet._dom_classes


@pytest.mark.parametrize("ids", [[], "gradients.w5", ["gradients.w42"]])
def test_a_bad_sheet_request_gets_a_clear_message(ids):
    with pytest.raises(HomeworkError):
        answer_sheet(ids)


def test_a_wrong_answer_reads_as_short_items_answer_verdict_why_recheck():
    box = AnswerBox("gradients.w5")
    box.entry.value = "0.082667628"
    value = box.feedback.value
    for part in (
        "answer'>0.082667628",
        "<strong>Not right</strong>",
        "bw-feedback-why",
        "gradient of w6",
        "bw-feedback-recheck",
        "dE_total/dout_o1 * dout_o1/dnet_o1",
    ):
        assert part in value, part  # fmt: skip
    assert value.index("Not right") < value.index("Why:") < value.index("Recheck:")


def test_a_formula_box_checks_formulas_and_refuses_hostile_text():
    box = AnswerBox("gradients.w5", formula=True)
    assert "as a formula" in box.question.value
    box.entry.value = "(out_o1 - t1) * out_o1 * (1 - out_o1) * out_h1"
    assert box.status == "correct"
    box.entry.value = "(out_o1 - t1) * out_o1 * (1 - out_o1)"
    assert box.status == "wrong" and "dnet_o1/dw5 (= out_h1) is missing" in box.feedback.value
    box.entry.value = "__import__('os').system('ls')"
    assert box.status == "invalid" and "cannot be in a formula" in box.feedback.value
    assert "<strong>Not read</strong>" in box.feedback.value


def test_a_formula_box_refuses_a_network_and_a_number_only_quantity():
    from backprop_widgets import tutorial

    with pytest.raises(HomeworkError, match="not a network"):
        AnswerBox("gradients.w5", formula=True, network=tutorial())
    with pytest.raises(HomeworkError, match="checked as a number"):
        AnswerBox("after.E_total", formula=True)

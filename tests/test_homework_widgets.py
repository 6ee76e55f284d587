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
    assert "✓ Correct: dE_total/dw5 = 0.082167041." in box.feedback.value


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

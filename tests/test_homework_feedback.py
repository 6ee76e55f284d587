"""What a student reads: one short item per answer (answer, verdict in a word, why, recheck)."""

import html

from backprop_widgets.homework import check_answer, exercise, feedback_html, feedback_text, slips
from tests.test_homework_reference import POST, step

G = step(POST)["gradients"]


def test_a_wrong_answer_is_an_item_of_short_lines():
    v = check_answer(exercise("gradients.w5"), f"{G['w6']:.9f}")
    assert feedback_text(v, "gradients.w5").splitlines() == [
        "✗ Not right: gradients.w5 <- 0.082667628",
        "  0.082667628 is not dE_total/dw5.",
        "  Why: That is dE_total/dw6, the gradient of w6 (h2->o1), not dE_total/dw5, the "
        "gradient of w5 (h1->o1).",
        "  Recheck: dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5",
    ]


def test_every_status_says_itself_in_a_word_and_html_is_escaped():
    items = slips(
        [("gradients.w5", "0.082167041"), ("gradients.w5", "<b>x</b>"), ("updated.w5", "0.4")]
    )
    text = repr(items)
    assert "✓ Right: gradients.w5 <- 0.082167041" in text
    assert "⚠ Not read: gradients.w5 <- <b>x</b>" in text
    assert "✗ Not right: updated.w5 <- 0.4" in text
    page = items._repr_html_()
    assert "<b>x</b>" not in page and html.escape("<b>x</b>", quote=False) in page
    for word in (
        "<strong>Right</strong>",
        "<strong>Not read</strong>",
        "<strong>Not right</strong>",
    ):
        assert word in page
    assert page.count("aria-hidden='true'") == 3  # the symbol is decoration; the word is read


def test_an_item_without_a_diagnosis_has_no_empty_lines():
    v = check_answer(exercise("gradients.w5"), "0.0822")
    assert feedback_text(v) == (
        "✗ Not right: 0.0822\n  0.0822 is right to 4 decimals, but 9 were asked: give 9."
    )
    assert "Why:" not in feedback_html(v) and "Recheck:" not in feedback_html(v)

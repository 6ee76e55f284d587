"""The small widget of the notebooks: shown values follow the core, bad input is refused."""

import re

import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt
from backprop_widgets.widgets.lesson import Lesson


def shown(lesson: Lesson, css: str) -> str:
    """The text of the number carrying a bw-value class."""
    found = re.search(rf'class="bw-num {css}">([^<]*)<', lesson.numbers.value)
    assert found, css
    return found.group(1)


def test_shows_the_posts_numbers_and_its_repr_lists_them():
    lesson = Lesson(controls=["w5"], show=["forward.out_o1", "gradients.w5", "updated.w5"])
    assert shown(lesson, "bw-value-forward-out_o1") == "0.751365070"  # the post's out_o1
    assert shown(lesson, "bw-value-gradients-w5") == "0.082167041"
    assert shown(lesson, "bw-value-updated-w5") == "0.358916480"
    assert repr(lesson) == (
        "Lesson(w5=0.4: out_o1 = 0.751365070, dE_total/dw5 = 0.082167041, w5+ = 0.358916480)"
    )


def test_a_control_recomputes_every_value():
    lesson = Lesson(controls=["w5", "lr"], show=["gradients.w5", "updated.w5"], derivation="w5")
    lesson.controls["w5"].value = 0.3
    lesson.controls["lr"].value = 0.1
    expected = bw.walkthrough(bw.tutorial().with_params(w5=0.3, lr=0.1))
    assert shown(lesson, "bw-value-gradients-w5") == fmt(expected["gradients"]["w5"])
    assert shown(lesson, "bw-value-updated-w5") == fmt(expected["updated"]["w5"])
    assert fmt(expected["updated"]["w5"]) in lesson.derivation.math.value
    # finite differences, independently: the shown gradient is the slope of E_total
    fd = bw.finite_differences(lesson.net)["w5"]
    assert abs(float(shown(lesson, "bw-value-gradients-w5")) - fd) < 1e-9


def test_refused_values_leave_everything_as_it_was():
    lesson = Lesson(controls=["lr"], show=["updated.w5"])
    before = repr(lesson)
    lesson.controls["lr"].value = 0.0  # gradient descent needs lr > 0
    assert repr(lesson) == before and lesson.net.lr == 0.5
    assert "lr" in lesson.controls["lr"].message.value


def test_a_switch_changes_the_setting_and_a_refused_one_goes_back():
    lesson = Lesson(
        show=["updated.b1"],
        choices={"train_biases": [False, True], "activation": ["sigmoid", ("relu", "sigmoid")]},
    )
    assert shown(lesson, "bw-value-updated-b1") == "0.350000000"  # frozen, as in the post
    lesson.choices["train_biases"].value = True
    trained = bw.walkthrough(bw.tutorial().with_settings(train_biases=True))
    assert shown(lesson, "bw-value-updated-b1") == fmt(trained["updated"]["b1"])
    assert fmt(trained["updated"]["b1"]) != "0.350000000"
    lesson.choices["activation"].value = ("relu", "sigmoid")
    assert lesson.net.activation == ("relu", "sigmoid")

    losses = Lesson(choices={"activation": ["relu"], "loss": ["squared_error", "cross_entropy"]})
    losses.choices["loss"].value = "cross_entropy"  # relu outputs can leave (0, 1)
    assert losses.choices["loss"].value == "squared_error" and losses.net.loss == "squared_error"
    assert "use the sigmoid activation" in losses.fields["loss"].message.value  # beside it


def test_training_follows_every_change():
    lesson = Lesson(controls=["lr"], train=200)
    assert lesson.history.E_total[-1] == bw.train(bw.tutorial(), 200).E_total[-1]
    lesson.controls["lr"].value = 2.0
    expected = bw.train(bw.tutorial().with_params(lr=2.0), 200).E_total[-1]
    assert lesson.history.E_total[-1] == expected
    assert f"after 200 steps E_total = {fmt(expected, 10)}" in repr(lesson)
    assert lesson.curve.image.value  # the curve was drawn


def test_bad_show_items_are_explained():
    with pytest.raises(bw.BackpropError, match=r"look like 'gradients\.w5'"):
        Lesson(show=["w5"])
    with pytest.raises(bw.BackpropError, match=r"no value gradients\.w9"):
        Lesson(show=["gradients.w9"])


def test_the_stored_text_is_the_whole_repr_and_matplotlib_waits_for_training():
    import subprocess
    import sys

    code = (
        "import sys; import backprop_widgets as bw; "
        "lesson = bw.Lesson(controls=['i1', 'i2', 'w1', 'w2', 'w3', 'w4'], "
        "show=['forward.net_h1', 'forward.out_h1', 'forward.net_h2', 'forward.out_h2']); "
        "print(lesson._repr_mimebundle_()['text/plain']); print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    text, imported = out.stdout.splitlines()
    assert len(text) > 110 and text.endswith("out_h2 = 0.596884378)")  # ipywidgets cuts at 110
    assert imported == "False"


def test_a_gradient_from_updated_weights_is_marked():
    lesson = Lesson(show=["gradients.w1", "gradients.w5"], choices={"hidden_uses": ["original"]})
    assert "\u2020" not in repr(lesson)
    lesson = Lesson(show=["gradients.w1", "gradients.w5"], choices={"hidden_uses": ["updated"]})
    updated = bw.walkthrough(bw.tutorial().with_settings(hidden_uses="updated"))["gradients"]
    assert f"dE_total/dw1\u2020 = {fmt(updated['w1'])}," in repr(lesson)
    assert "dE_total/dw5 = 0.082167041" in repr(lesson)  # w5..w8 are the true gradients
    assert "not the gradient of E_total" in lesson.numbers.value


def test_the_full_batch_reads_all():
    two = [((0.05, 0.1), (0.01, 0.99)), ((0.1, 0.05), (0.99, 0.01))]
    net = bw.tutorial().with_settings(samples=two)
    lesson = Lesson(net, choices={"batch_size": [1, None]})
    assert lesson.choices["batch_size"].options == (("1", 1), ("all", None))


def test_a_control_shows_what_the_state_holds():
    lesson = Lesson(controls=["w5", "b2"], show=["gradients.w5"])
    lesson.controls["w5"].slider.value = 0.7
    assert lesson.controls["w5"].entry.value == "0.7"
    lesson.state.propose(b2=0.25)  # a change that did not come from b2's control
    assert lesson.controls["b2"].entry.value == "0.25" and lesson.controls["b2"].value == 0.25

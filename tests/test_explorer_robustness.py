"""The explorer under stress: errors in callbacks stay inside the widget; nothing leaks."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import warnings

import ipywidgets as widgets
import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.widgets.explorer import Explorer


def text(widget) -> str:
    """The text of an HTML widget."""
    return html.unescape(re.sub("<[^>]+>", "", widget.value))


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()


def broken(*args, **kwargs):
    raise RuntimeError("boom")


def test_an_error_in_a_control_callback_shows_in_the_widget(explorer, monkeypatch):
    monkeypatch.setattr("backprop_widgets.widgets.views.panels.finite_differences", broken)
    explorer.controls["w5"].value = 0.3
    assert explorer.error.layout.display != "none"
    message = text(explorer.error)
    assert "Something went wrong (in the table): RuntimeError: boom" in message
    assert "Traceback" in message  # the details, folded
    monkeypatch.undo()
    explorer.controls["w5"].value = 0.35
    assert explorer.error.layout.display == "none" and explorer.error.value == ""


def test_an_error_in_a_switch_callback_shows_in_the_widget(explorer, monkeypatch):
    monkeypatch.setattr("backprop_widgets.widgets.flow.widget.flow_model", broken)
    explorer.settings["train_biases"].value = True
    assert "RuntimeError: boom" in text(explorer.error)


def test_an_error_in_a_button_callback_shows_in_the_widget(explorer, monkeypatch):
    monkeypatch.setattr("backprop_widgets.widgets.state.State.reset", broken)
    explorer.reset_button.click()
    assert "(in Reset values): RuntimeError: boom" in text(explorer.error)


def test_an_error_drawing_a_plot_shows_in_the_widget(explorer, monkeypatch):
    monkeypatch.setattr(explorer.slice, "draw", broken)
    explorer.param.value = "w1"
    assert "RuntimeError: boom" in text(explorer.error)


def test_the_explorer_draws_its_pictures_without_matplotlib():
    code = (
        "import sys, backprop_widgets as bw; explorer = bw.Explorer(); explorer.train(20); "
        "explorer.trainer.position.value = 5; explorer.param.value = 'w1'; "
        "print('<svg' in explorer.slice.image.value, '<svg' in explorer.trainer.curve.image.value,"
        " 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "False"]


def _live_widgets() -> int:
    with warnings.catch_warnings():  # Widget.widgets is deprecated, but it is what counts
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(widgets.Widget.widgets)


def _random_change(explorer: Explorer, rng: np.random.Generator) -> None:
    """One change a learner could make: a value (sometimes a bad one), a switch, a button."""
    kind = rng.choice(["value", "value", "value", "entry", "setting", "button", "param"])
    names = list(explorer.controls)
    name = names[rng.integers(len(names))]
    control = explorer.controls[name]
    if kind == "value":
        control.slider.value = float(np.round(rng.uniform(control.low, control.high), 2))
    elif kind == "entry":
        control.entry.value = str(rng.choice(["abc", "nan", "1e999", "99", "-0.25", "0.3"]))
    elif kind == "setting":
        setting, choices = SETTINGS[rng.integers(len(SETTINGS))]
        explorer.settings[setting].value = choices[rng.integers(len(choices))]
    elif kind == "button":
        [explorer.step, explorer.reset, lambda: explorer.train(50)][rng.integers(3)]()
    else:
        params = explorer.param.options
        explorer.param.value = params[rng.integers(len(params))]


SETTINGS = [
    ("sizes", ["2-2-2", "2-3-2", "2-2-2"]),
    ("activation_hidden", ["sigmoid", "tanh", "relu", "linear"]),
    ("activation_output", ["sigmoid", "tanh"]),
    ("loss", ["squared_error", "cross_entropy"]),
    ("bias_mode", ["shared", "per_neuron"]),
    ("train_biases", [True, False]),
    ("hidden_uses", ["original", "updated"]),
    ("momentum", [True, False]),
    ("digits", [9, 6]),
    ("edges", ["weight", "gradient"]),
]


def test_a_thousand_random_changes_leak_no_widget(explorer):
    rng = np.random.default_rng(2015)
    start = {name: widget.value for name, widget in explorer.settings.items()}
    widgets_before = _live_widgets()
    for _ in range(1000):
        _random_change(explorer, rng)
    assert explorer.error.value == ""
    for name, value in start.items():  # back to the first settings: the same controls again
        explorer.settings[name].value = value
    assert explorer.net.shape == bw.tutorial().shape
    assert _live_widgets() == widgets_before

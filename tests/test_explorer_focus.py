"""The top of the explorer: the chosen parameter's own slider, its numbers and the layout.

Numbers are compared with the core (bw.walkthrough); the widget tree is walked to check
that every input has a name a screen reader reads and every part has its place.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt, fmt_given
from backprop_widgets.widgets.explorer import TABS, Explorer
from backprop_widgets.widgets.views.range_input import RangeInput


def text(widget) -> str:
    return html.unescape(re.sub("<[^>]+>", "", widget.value))


def summary(explorer: Explorer) -> dict[str, str]:
    """The focus line's three numbers by their class."""
    found = re.findall(r"bw-focus-(value|gradient|updated)'>([^<]*)<", explorer.focus.summary.value)
    return dict(found)


def tree(widget):
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()


def test_the_focus_shows_the_chosen_parameter_with_the_core_s_numbers(explorer):
    focus = explorer.focus
    assert focus.control.name == "w5" and focus.control.slider.description == "w5 h1->o1"
    assert summary(explorer) == {
        "value": "0.4",
        "gradient": "0.082167041",
        "updated": "0.358916480",
    }
    explorer.param.value = "w1"
    values = bw.walkthrough(explorer.net)
    assert focus.control.name == "w1" and focus.control.slider.value == 0.15
    assert summary(explorer) == {
        "value": "0.15",
        "gradient": fmt(values["gradients"]["w1"]),
        "updated": fmt(values["updated"]["w1"]),
    }
    assert "dE_total/dw1" in text(focus.summary)


def test_the_focus_slider_moves_the_value_everywhere(explorer):
    explorer.focus.control.slider.value = 0.55
    assert explorer.net["w5"] == 0.55
    assert explorer.controls["w5"].slider.value == 0.55  # the list of every value follows
    assert explorer.controls["w5"].entry.value == "0.55"
    values = bw.walkthrough(bw.tutorial().with_params(w5=0.55))
    assert summary(explorer)["gradient"] == fmt(values["gradients"]["w5"])
    assert f"= {fmt(values['gradients']['w5'])}" in explorer.derivation.math.value
    explorer.controls["w5"].value = -0.25  # and the other way round
    assert explorer.focus.control.slider.value == -0.25
    assert explorer.focus.control.entry.value == "-0.25"


def test_the_focus_entry_refuses_beside_itself(explorer):
    control = explorer.focus.control
    control.entry.value = "abc"
    assert "'abc' is not a number; w5 stays 0.4" in text(control.message)
    assert explorer.net == bw.tutorial()
    assert explorer.controls["w5"].message.value == ""  # said where the learner typed


def test_the_focus_follows_training_replay_and_shapes(explorer):
    explorer.train(10)
    trained = explorer.net["w5"]
    assert explorer.focus.control.value == trained
    assert explorer.focus.control.slider.value_text == fmt_given(trained)
    explorer.trainer.position.value = 3
    assert explorer.focus.control.value == explorer.history.network_at(3)["w5"]
    explorer.param.value = "b2"
    explorer.settings["sizes"].value = "2-3-2"
    assert explorer.state.param == "b2" and explorer.focus.control.name == "b2"
    explorer.settings["bias_mode"].value = "per_neuron"
    assert explorer.focus.control.name == "w5"  # b2 is gone: back to w5
    assert explorer.param.options == explorer.net.layout.params


def test_the_focus_waits_while_training_runs(explorer):
    explorer.state.busy = True
    assert explorer.focus.control.slider.disabled and explorer.param.disabled
    explorer.state.busy = False
    assert not explorer.focus.control.slider.disabled and not explorer.param.disabled


def test_the_focus_control_has_its_own_css_classes(explorer):
    control = explorer.focus.control
    assert "bw-control-focus" in control._dom_classes
    assert "bw-slider-focus" in control.slider._dom_classes
    assert "bw-entry-focus" in control.entry._dom_classes
    assert "bw-message-focus" in control.message._dom_classes


def test_the_layout_diagram_and_focus_on_top_the_rest_in_tabs(explorer):
    rows = [w for w in explorer.children if isinstance(w, widgets.Box) and w.children]
    top = rows[0].children
    assert "bw-diagram-panel" in top[0]._dom_classes
    assert "bw-derivation-section" in top[1]._dom_classes
    inside = list(tree(top[1]))
    assert explorer.focus in inside and explorer.derivation in inside
    assert explorer.tabs is explorer.children[-1]
    assert tuple(explorer.tabs.titles) == TABS
    pages = [list(tree(page)) for page in explorer.tabs.children]
    assert explorer.table in pages[0]
    assert explorer.controls_box in pages[1] and explorer.reset_button in pages[1]
    assert explorer.settings_panel in pages[2]
    assert explorer.values_panel in pages[3]
    assert explorer.code in pages[4]
    assert explorer.tabs.selected_index == 0


def test_every_input_has_a_name_and_no_button_is_an_icon_alone(explorer):
    explorer.settings["momentum"].value = True
    everything = list(tree(explorer))
    ranges = [w for w in everything if isinstance(w, RangeInput)]
    assert len(ranges) == len(explorer.net.names) + 2  # every value, the focus, the replay
    assert all(r.description.strip() for r in ranges)
    for button in (w for w in everything if isinstance(w, widgets.Button)):
        assert button.description.strip(), button
    assert not [w for w in everything if isinstance(w, widgets.Play | widgets.Image)]
    assert not [w for w in everything if isinstance(w, widgets.FloatSlider | widgets.IntSlider)]

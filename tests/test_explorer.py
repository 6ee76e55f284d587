"""The explorer, kernel side: every shown number is the core's, controls and switches work.

Numbers are read back from the HTML the widgets hold (spans with bw-value-SECTION-KEY
classes) and compared with the core (bw.walkthrough, bw.finite_differences), with the post,
and with the independent matrix-form reference of tests/reference.py.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt, fmt_given
from backprop_widgets.text.sections import value_class
from backprop_widgets.widgets.explorer import Explorer

from . import reference

CLASS_AND_TEXT = re.compile(r"""class=["']([^"']*)["'][^>]*>([^<]*)<""")


def shown(explorer: Explorer) -> dict[str, str]:
    """Every number the explorer shows in its HTML panels, by its bw-value-* class."""
    panels = (
        explorer.table,
        explorer.values_panel,
        explorer.trainer.message,
        explorer.slice.caption,
    )
    found = {}
    for panel in panels:
        for classes, text in CLASS_AND_TEXT.findall(panel.value):
            for css in classes.split():
                if css.startswith("bw-value-"):
                    assert css not in found, f"{css} is shown twice"
                    found[css] = text
    return found


def expected(net: bw.Network, digits: int = 9) -> dict[str, str]:
    """What the explorer must show for net, straight from the core."""
    values, fd = bw.walkthrough(net), bw.finite_differences(net)
    found = {}
    for section in ("forward", "partials", "velocity", "after"):
        for key, value in values.get(section, {}).items():
            found[value_class(section, key)] = fmt(value, digits)
    for name in net.layout.params:
        gradient = values["gradients"][name]
        found[value_class("params", name)] = fmt_given(net.params[name], digits)
        found[value_class("gradients", name)] = fmt(gradient, digits)
        found[value_class("updated", name)] = fmt(values["updated"][name], digits)
        found[value_class("finite_differences", name)] = fmt(fd[name], digits)
        found[value_class("difference", name)] = f"{gradient - fd[name]:+.1e}"
    return found


def assert_shows_core(explorer: Explorer, digits: int = 9) -> None:
    """Every number of the table and the values panel is the core's, and none is missing."""
    seen = {
        k: v
        for k, v in shown(explorer).items()
        if not k.startswith(("bw-value-training", "bw-value-slice"))
    }
    assert seen == expected(explorer.net, digits)


def message(widget) -> str:
    """The text of a message widget."""
    return html.unescape(re.sub("<[^>]+>", "", widget.value))


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()


def test_the_post_s_numbers_at_start(explorer):
    s = shown(explorer)
    assert s["bw-value-gradients-w5"] == "0.082167041"
    assert s["bw-value-updated-w5"] == "0.358916480"
    assert s["bw-value-forward-out_h1"] == "0.593269992"
    assert s["bw-value-forward-E_total"] == "0.298371109"
    assert s["bw-value-after-E_total"] == "0.291027774"
    assert s["bw-value-partials-dE_total__dout_o1"] == "0.741365070"
    assert s["bw-value-partials-dE_o2__dout_h1"] == "-0.019049118"
    assert s["bw-value-updated-w1"] == "0.149780716"
    assert_shows_core(explorer)


@pytest.mark.parametrize(
    "name, value", [("w5", 0.3), ("i1", -0.7), ("t2", 0.5), ("b1", -1.2), ("lr", 2.0), ("w2", 7)]
)
def test_setting_a_control_from_python_updates_every_number(explorer, name, value):
    explorer.controls[name].value = value
    assert explorer.net[name] == value
    assert explorer.controls[name].slider.value == value
    assert explorer.controls[name].entry.value == fmt_given(value)
    assert_shows_core(explorer)


def test_shown_gradients_agree_with_an_independent_reference(explorer):
    for change in ({"w5": -0.8}, {"sizes": "2-3-2"}, {"activation_hidden": "tanh"}):
        for name, value in change.items():
            target = explorer.controls if name in explorer.controls else explorer.settings
            target[name].value = value
        _, reference_gradients = reference.gradients(explorer.net, explorer.net.samples[0])
        s = shown(explorer)
        for param, gradient in reference_gradients.items():
            assert float(s[value_class("gradients", param)]) == pytest.approx(gradient, abs=1e-9)


def test_each_control_carries_its_css_classes(explorer):
    for name, control in explorer.controls.items():
        assert f"bw-control-{name}" in control._dom_classes
        assert f"bw-slider-{name}" in control.slider._dom_classes
        assert f"bw-entry-{name}" in control.entry._dom_classes
        assert f"bw-message-{name}" in control.message._dom_classes
    assert list(explorer.controls) == list(bw.tutorial().names)


def test_controls_are_labelled_with_the_post_s_names(explorer):
    labels = {n: c.slider.description for n, c in explorer.controls.items()}
    assert labels["w5"] == "w5 h1->o1"
    assert labels["w2"] == "w2 i2->h1"
    assert labels["b1"] == "b1 h1,h2"
    assert labels["t1"] == "t1 for o1"
    assert labels["lr"] == "lr (eta)"
    groups = [box.children[0].value for box in explorer.controls_box.children]
    assert groups == [
        "<h4>Inputs and targets</h4>",
        "<h4>Weights input -> hidden</h4>",
        "<h4>Weights hidden -> output</h4>",
        "<h4>Biases</h4>",
        "<h4>Learning rate</h4>",
    ]


def test_the_slider_sets_the_value(explorer):
    explorer.controls["w5"].slider.value = 0.5
    assert explorer.net["w5"] == 0.5
    assert explorer.controls["w5"].entry.value == "0.5"
    assert_shows_core(explorer)


def test_slider_arithmetic_noise_is_rounded_away(explorer):
    explorer.controls["w5"].slider.value = 0.4 + 0.01  # 0.41000000000000003 from the browser
    assert explorer.net["w5"] == 0.41


def test_the_slider_snapping_an_exact_value_back_is_no_change(explorer):
    explorer.controls["w5"].entry.value = "0.123456789"
    explorer.controls["w5"].slider.value = 0.12  # what the browser sends back: the step grid
    assert explorer.net["w5"] == 0.123456789


def test_the_entry_sets_an_exact_value(explorer):
    explorer.controls["w5"].entry.value = "0.123456789"
    assert explorer.net["w5"] == 0.123456789
    assert shown(explorer)["bw-value-params-w5"] == "0.123456789"
    assert_shows_core(explorer)


@pytest.mark.parametrize(
    "text, says",
    [
        ("abc", "'abc' is not a number"),
        ("nan", "'nan' is not a finite number"),
        ("1e999", "'1e999' is not a finite number"),
        ("11", "11 is outside -10 to 10"),
        ("-10.5", "-10.5 is outside -10 to 10"),
        ("", "'' is not a number"),
    ],
)
def test_a_bad_entry_is_refused_with_a_message_and_nothing_changes(explorer, text, says):
    before = shown(explorer)
    control = explorer.controls["w5"]
    control.entry.value = text
    assert says in message(control.message)
    assert "w5 stays 0.4" in message(control.message)
    assert control.message.layout.display != "none"
    assert explorer.net["w5"] == 0.4
    assert control.value == 0.4
    assert control.slider.value == 0.4
    assert control.entry.value == "0.4"
    assert shown(explorer) == before


def test_a_bad_value_from_python_is_refused_the_same_way(explorer):
    explorer.controls["w5"].value = float("nan")
    assert "not a finite number" in message(explorer.controls["w5"].message)
    explorer.controls["i1"].value = 3.0
    assert "outside -2 to 2" in message(explorer.controls["i1"].message)
    assert explorer.net.values == bw.tutorial().values


def test_a_value_the_network_refuses_keeps_the_old_one(explorer):
    explorer.controls["lr"].slider.value = 0.0
    text = message(explorer.controls["lr"].message)
    assert "must be positive" in text and "lr stays 0.5" in text
    assert explorer.net.lr == 0.5
    assert explorer.controls["lr"].slider.value == 0.5


def test_the_message_goes_when_a_good_value_comes(explorer):
    control = explorer.controls["w5"]
    control.entry.value = "abc"
    control.entry.value = "0.25"
    assert control.message.value == ""
    assert control.message.layout.display == "none"
    assert explorer.net["w5"] == 0.25


@pytest.mark.parametrize("bad", ["abc", "11"])
@pytest.mark.parametrize("same", ["0.40", " 0.4e0"])  # "0.4" is shown already: no change
def test_the_message_goes_when_the_current_value_is_entered_again(explorer, bad, same):
    control = explorer.controls["w5"]
    control.entry.value = bad
    assert "w5 stays 0.4" in message(control.message)
    control.entry.value = same
    assert control.message.value == "" and control.message.layout.display == "none"
    assert explorer.net["w5"] == 0.4


def test_reset_brings_back_the_post_s_values(explorer):
    explorer.controls["w5"].value = -3
    explorer.controls["lr"].value = 4
    explorer.settings["train_biases"].value = True
    explorer.reset_button.click()
    assert explorer.net.values == bw.tutorial().values
    assert explorer.net.train_biases  # settings stay
    assert explorer.controls["w5"].slider.value == 0.4
    assert shown(explorer)["bw-value-gradients-w5"] == "0.082167041"


def test_train_biases_switch(explorer):
    assert "frozen" in explorer.table.value
    explorer.settings["train_biases"].value = True
    assert explorer.net.train_biases
    s = shown(explorer)
    assert s["bw-value-updated-b1"] != "0.350000000"
    assert "frozen" not in explorer.table.value
    assert_shows_core(explorer)


def test_updated_hidden_weights_give_the_post_s_printed_number(explorer):
    explorer.settings["hidden_uses"].value = "updated"
    s = shown(explorer)
    assert s["bw-value-after-E_total"] == "0.291027924"
    assert "not the gradient of E_total" in explorer.table.value
    assert s["bw-value-gradients-w1"] != s["bw-value-finite_differences-w1"]
    assert s["bw-value-gradients-w5"] == s["bw-value-finite_differences-w5"]
    assert_shows_core(explorer)


@pytest.mark.parametrize(
    "name, value, check",
    [
        ("activation_hidden", "tanh", lambda n: n.activation == ("tanh", "sigmoid")),
        ("activation_output", "relu", lambda n: n.activation == ("sigmoid", "relu")),
        ("activation_hidden", "linear", lambda n: n.activation == ("linear", "sigmoid")),
        ("loss", "cross_entropy", lambda n: n.loss == "cross_entropy"),
        ("bias_mode", "per_neuron", lambda n: "b_h1" in n.params),
        ("momentum", True, lambda n: n.momentum == 0.9),
    ],
)
def test_each_switch_changes_the_network_and_every_number(explorer, name, value, check):
    explorer.settings[name].value = value
    assert check(explorer.net)
    assert explorer.settings_panel.messages[name].value == ""
    assert_shows_core(explorer)


def test_per_neuron_biases_get_their_own_controls(explorer):
    explorer.settings["bias_mode"].value = "per_neuron"
    assert [n for n in explorer.controls if n.startswith("b")] == ["b_h1", "b_h2", "b_o1", "b_o2"]
    assert explorer.controls["b_h2"].slider.description == "b_h2 h2"
    explorer.settings["bias_mode"].value = "shared"
    assert [n for n in explorer.controls if n.startswith("b")] == ["b1", "b2"]


def test_momentum_adds_mu_and_the_velocities(explorer):
    explorer.settings["momentum"].value = True
    assert "mu" in explorer.controls
    assert "v_w5+" in explorer.values_panel.value
    assert "v_{w_{5}}" in explorer.derivation.math.value
    explorer.controls["mu"].value = 0.5
    assert explorer.net.momentum == 0.5
    explorer.settings["momentum"].value = False
    assert "mu" not in explorer.controls


@pytest.mark.parametrize("kind", ["L2", "L1"])
def test_regularization_adds_lam_and_every_number_follows(explorer, kind):
    explorer.settings["regularization"].value = kind
    assert explorer.net.regularization == kind and "lam" in explorer.controls
    assert explorer.controls["lam"].slider.description == "lam (lambda)"
    assert_shows_core(explorer)
    explorer.controls["lam"].value = 0.2
    assert explorer.net.lam == 0.2
    assert_shows_core(explorer)
    explorer.settings["regularization"].value = "none"
    assert "lam" not in explorer.controls


def test_a_setting_the_network_refuses_is_put_back_with_the_reason(explorer):
    explorer.settings["activation_output"].value = "tanh"
    explorer.settings["loss"].value = "cross_entropy"
    assert "use the sigmoid activation" in message(explorer.settings_panel.messages["loss"])
    assert explorer.settings["loss"].value == "squared_error"
    assert explorer.net.loss == "squared_error"


@pytest.mark.parametrize("shape", ["2-3-2", "2-2-2-2", "4-4-4-2", "3-4-2", "1-2-1", "2-2"])
def test_other_shapes(explorer, shape):
    explorer.settings["sizes"].value = shape
    net = explorer.net
    assert net.layout.label == shape
    assert list(explorer.controls) == list(net.names)
    assert_shows_core(explorer)
    edges = {e["id"]: (e["source"], e["target"]) for e in explorer.diagram.model["edges"]}
    assert edges == {w.name: (w.source, w.target) for w in net.layout.weights}
    assert explorer.settings["activation_hidden"].disabled == (shape == "2-2")


def test_deeper_networks_group_weights_per_layer(explorer):
    explorer.settings["sizes"].value = "2-2-2-2"
    titles = [box.children[0].value for box in explorer.controls_box.children]
    assert "<h4>Weights input -> hidden 1</h4>" in titles
    assert "<h4>Weights hidden 1 -> hidden 2</h4>" in titles
    assert "<h4>Weights hidden 2 -> output</h4>" in titles
    assert explorer.controls["w5"].slider.description == "w5 h1_1->h2_1"


def test_a_typed_shape_is_read_and_written_back(explorer):
    explorer.settings["sizes"].value = "3, 4, 2"
    assert explorer.net.sizes == (3, 4, 2)
    assert explorer.settings["sizes"].value == "3-4-2"


@pytest.mark.parametrize(
    "text, says",
    [
        ("abc", "is no network shape"),
        ("0-2", "make no network"),
        ("6-6-6-6-2", "up to 64 weights and biases"),
    ],
)
def test_a_bad_shape_is_refused(explorer, text, says):
    explorer.settings["sizes"].value = text
    assert says in message(explorer.settings_panel.messages["sizes"])
    assert explorer.settings["sizes"].value == "2-2-2"
    assert explorer.net.sizes == (2, 2, 2)


def test_decimals_shown(explorer):
    explorer.settings["digits"].value = 4
    assert shown(explorer)["bw-value-gradients-w5"] == "0.0822"
    assert "0.7414 \\cdot 0.1868 \\cdot 0.5933 = 0.0822" in explorer.derivation.math.value
    assert_shows_core(explorer, digits=4)


def svg_diagram(net: bw.Network | None = None) -> str:
    """The static SVG diagram of the lessons, for a network."""
    from backprop_widgets.widgets.state import State
    from backprop_widgets.widgets.views.diagram import DiagramView

    return DiagramView(State(net), lambda f, where: f).value


def test_the_lessons_diagram_puts_each_weight_on_its_own_edge():
    svg, net = svg_diagram(), bw.tutorial()
    for weight in net.layout.weights:
        group = re.search(rf'<g class="bw-edge bw-edge-{weight.name}">(.*?)</g>', svg).group(1)
        line = re.search(
            r'<line x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"', group
        )
        x1, y1, x2, y2 = map(float, line.groups())
        rect = re.search(r'<rect x="([-\d.]+)" y="([-\d.]+)" width="(\d+)" height="(\d+)"', group)
        x, y, w, h = map(float, rect.groups())
        cx, cy = x + w / 2, y + h / 2
        cross = (x2 - x1) * (cy - y1) - (y2 - y1) * (cx - x1)  # 0 when the centre is on the line
        assert abs(cross) / np.hypot(x2 - x1, y2 - y1) < 0.2
        assert min(x1, x2) < cx < max(x1, x2)
        value = fmt_given(net[weight.name])
        assert f'class="bw-diagram-params-{weight.name}">{value}<' in group
        assert f'class="bw-svg-name">{weight.name}<' in group


def test_the_lessons_diagram_shows_sign_by_dash_as_well_as_colour():
    svg = svg_diagram(bw.tutorial().with_params(w5=-0.4))
    w5 = re.search(r'<g class="bw-edge bw-edge-w5">.*?stroke-dasharray="([^"]*)"', svg).group(1)
    w6 = re.search(r'<g class="bw-edge bw-edge-w6">.*?stroke-dasharray="([^"]*)"', svg).group(1)
    assert w5 and not w6
    assert 'class="bw-diagram-forward-out_h1">0.593269992<' in svg
    assert 'class="bw-diagram-params-b1">b1 = 0.35<' in svg


def _edge(explorer: Explorer, name: str) -> dict:
    return next(e for e in explorer.diagram.model["edges"] if e["id"] == name)


def test_the_explorer_s_diagram_is_the_flow_diagram_and_follows_every_change(explorer):
    flow = explorer.diagram
    assert _edge(explorer, "w5")["text"]["forward"] == "w5 0.4"
    explorer.controls["w5"].value = -0.4
    assert _edge(explorer, "w5")["text"]["forward"] == "w5 -0.4"
    assert _edge(explorer, "w5")["sign"]["forward"] == -1  # drawn dashed, not only coloured
    step = bw.walkthrough(explorer.net)
    node = next(n for n in flow.model["nodes"] if n["id"] == "h1")
    assert fmt(step["forward"]["out_h1"]) in " ".join(node["text"]["forward"])
    gradient = fmt(step["gradients"]["w5"])
    assert _edge(explorer, "w5")["text"]["backward"] == f"w5 {gradient}"


def test_choosing_on_the_diagram_chooses_everywhere(explorer):
    explorer.diagram.chosen = "w1"  # what a click on w1's edge sends back
    assert explorer.state.param == "w1" and explorer.param.value == "w1"
    assert "0.000438568" in explorer.derivation.math.value
    explorer.param.value = "b2"
    assert explorer.diagram.chosen == "b2"
    assert explorer.diagram.model["paths"]["w1"]["edges"] == ["w1", "w5", "w7"]


def test_the_diagram_can_show_gradients(explorer):
    explorer.settings["edges"].value = "gradient"
    assert explorer.diagram.mode == "backward"
    explorer.diagram.mode = "forward"  # the diagram's own switch
    assert explorer.state.edges == "weight" and explorer.settings["edges"].value == "weight"


def test_the_derivation_follows_the_post(explorer):
    math = explorer.derivation.math.value
    assert "0.741365070 \\cdot 0.186815602 \\cdot 0.593269992 = 0.082167041" in math
    assert "w_{5}^{+} = w_{5} - \\eta \\cdot" in math and "= 0.358916480" in math
    explorer.param.value = "w1"
    math = explorer.derivation.math.value
    assert "0.055399425 + \\left(-0.019049118\\right) = 0.036350306" in math
    assert "Closed form" not in math
    explorer.derivation.closed.value = True
    assert "Closed form" in explorer.derivation.math.value


def test_the_parameter_chooser_offers_every_weight_and_bias(explorer):
    assert explorer.param.options == explorer.net.layout.params
    explorer.param.value = "b2"
    explorer.settings["sizes"].value = "2-3-2"
    assert explorer.param.options == explorer.net.layout.params
    assert explorer.param.value == "b2"


def test_the_loss_slice_has_the_gradient_as_its_tangent(explorer):
    svg = explorer.slice.image.value
    assert svg.startswith("<svg") and 'role="img"' in svg
    xs, es = explorer.slice.curve
    assert np.allclose(es, bw.loss_slice(explorer.net, "w5", xs))
    (x0, x1), (y0, y1) = explorer.slice.tangent
    assert (y1 - y0) / (x1 - x0) == pytest.approx(0.082167041, abs=1e-9)
    assert explorer.slice.arrow[1] == pytest.approx((0.35891648, 0.2983711088))
    explorer.controls["w5"].value = 1.0
    assert explorer.slice.image.value != svg
    explorer.param.value = "b1"
    assert explorer.slice.xlabel == "b1"
    assert '<text x="235.0" y="274" class="bw-plot-xlabel bw-svg-center">b1</text>' in (
        explorer.slice.image.value
    )


def test_repr_is_stable_and_friendly(explorer):
    text = repr(explorer)
    assert text == (
        "Explorer(2-2-2, sigmoid, squared_error, biases shared (frozen), lr=0.5: "
        "E_total=0.298371109)"
    )
    assert "0x" not in explorer._repr_mimebundle_()["text/plain"]


def test_explorer_is_exported_lazily():
    assert bw.Explorer is Explorer


def test_an_explorer_of_any_network(explorer):
    net = bw.tutorial().with_settings(sizes=(2, 3, 2), activation="tanh").with_params(w5=0.3)
    custom = Explorer(net)
    assert custom.net is net
    assert_shows_core(custom)


def test_a_network_with_several_samples():
    samples = [((0.05, 0.1), (0.01, 0.99)), ((0.5, 0.2), (0.9, 0.1))]
    explorer = Explorer(bw.tutorial().with_settings(samples=samples))
    assert "This step uses samples 1, 2" in explorer.values_panel.value
    assert_shows_core(explorer)


def test_a_network_too_big_to_show_is_refused_with_a_message():
    with pytest.raises(bw.BackpropError, match="up to 64 weights and biases"):
        Explorer(bw.tutorial().with_settings(sizes=(6, 6, 6, 6, 2)))

"""FlowDiagram's traits in the kernel: the model follows the network, the walk and the choice
stay where they are, bad values are refused, and the browser side ships in the package."""

from __future__ import annotations

import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt
from backprop_widgets.widgets.flow import FlowDiagram
from backprop_widgets.widgets.flow.widget import HERE


def item(flow: FlowDiagram, key: str) -> dict:
    return next(i for i in flow.model["walk"] if i["key"] == key)


def test_a_diagram_of_the_post():
    flow = FlowDiagram(bw.tutorial())
    assert (flow.chosen, flow.mode, flow.walk, flow.current) == ("w5", "forward", -1, None)
    assert flow.model["label"] == "2-2-2" and flow.model["width"] == 960
    flow.walk = 41
    assert flow.current["key"] == "gradients:w1" and flow.current["value"] == "0.000438568"
    assert repr(flow) == "FlowDiagram(2-2-2, chosen=w5, forward, walk=41)"


def test_the_model_follows_new_values_and_the_walk_stays():
    net = bw.tutorial()
    flow = FlowDiagram(net)
    flow.walk = 15  # dE_total/dw5
    assert flow.current["key"] == "gradients:w5"
    moved = net.with_params(w5=0.41)
    flow.show(moved, bw.walkthrough(moved))
    assert flow.walk == 15 and flow.current["key"] == "gradients:w5"
    assert flow.current["value"] == fmt(bw.walkthrough(moved)["gradients"]["w5"]) != "0.082167041"
    w5 = next(e for e in flow.model["edges"] if e["id"] == "w5")
    assert w5["text"]["forward"] == "w5 0.41"
    assert item(flow, "forward:net_o1")["numbers"].startswith("0.41 * 0.593269992 + ")


def test_a_new_shape_keeps_the_walk_on_the_same_value():
    flow = FlowDiagram(bw.tutorial())
    flow.walk = 4
    assert flow.current["key"] == "forward:net_o1"
    bigger = bw.tutorial().with_settings(sizes=(2, 3, 2))
    flow.show(bigger, bw.walkthrough(bigger))
    assert flow.current["key"] == "forward:net_o1" and flow.walk == 6
    small = bw.tutorial().with_settings(sizes=(1, 2, 1))
    flow.show(small, bw.walkthrough(small))
    assert flow.chosen == "w1"  # w5 is gone: the first parameter
    assert flow.current["key"] == "forward:net_o1"


def test_the_choice_from_the_browser_reaches_an_observer():
    flow = FlowDiagram(bw.tutorial())
    seen = []
    flow.observe(lambda change: seen.append(change["new"]), "chosen")
    flow.set_state({"chosen": "w1", "mode": "backward", "walk": 3})  # as a click sends it
    assert seen == ["w1"] and flow.mode == "backward" and flow.walk == 3
    assert flow.model["paths"][flow.chosen]["edges"] == ["w1", "w5", "w7"]


def test_a_new_width_lays_the_diagram_out_again():
    flow = FlowDiagram(bw.tutorial().with_settings(sizes=(4, 4, 4, 2)))
    walk = flow.model["walk"]
    flow.width = 1700
    assert flow.model["width"] == 1700 and flow.model["requested"] == 1700
    assert all(e["always"] for e in flow.model["edges"]) and flow.model["walk"] == walk
    before = flow.model
    flow.width = 1705  # a few pixels: no new layout
    assert flow.model is before


def test_bad_values_are_refused_with_a_reason():
    flow = FlowDiagram(bw.tutorial())
    with pytest.raises(bw.BackpropError, match=r"'w9' is not a parameter of this 2-2-2 network"):
        flow.chosen = "w9"
    with pytest.raises(bw.BackpropError, match=r"walk must be from -1 .* to 67 .* got 68"):
        flow.walk = 68
    with pytest.raises(Exception, match="forward"):
        flow.mode = "sideways"
    assert (flow.chosen, flow.walk, flow.mode) == ("w5", -1, "forward")


def test_the_browser_side_ships_in_the_package():
    flow = FlowDiagram(bw.tutorial())
    state = flow.get_state()
    assert {"model", "chosen", "mode", "walk", "width", "_esm", "_css"} <= set(state)
    assert state["_esm"] == "\n".join((HERE / n).read_text() for n in ("svg.js", "flow.js"))
    assert "export default { render }" in state["_esm"]
    assert ".bw-flow" in state["_css"] and "bw-on-path" in state["_css"]
    assert "http" not in state["_esm"].replace("http://www.w3.org/2000/svg", "")  # no CDN


def test_the_docstring_examples_hold():
    import doctest

    from backprop_widgets.text import flow, flow_model
    from backprop_widgets.widgets.flow import widget

    for module in (flow, flow_model, widget):
        failed, tried = doctest.testmod(module)
        assert tried > 0 and failed == 0, module.__name__

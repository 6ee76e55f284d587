"""The diagram's model (text/flow_model.py) and geometry (text/flow_layout.py): JSON-able,
every number the core's, every shape inside its panel and no label on top of another."""

from __future__ import annotations

import json
import math
from itertools import combinations

import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt, fmt_given
from backprop_widgets.text.flow_layout import Rect
from backprop_widgets.text.flow_model import flow_model, relaid

from .test_flow import SHAPES, network

LAYOUT_SHAPES = ["2-2-2", "2-3-2", "2-2-2-2", "4-4-4-2", "8-8-8-4", "2-2-2-2 per-neuron"]
LAYOUT_SHAPES += ["per-neuron trained"]
WIDTHS = (760, 1180, 1300, 1700)  # panels of a narrow notebook, 1366 and 1920 px screens


def model_of(shape: str, width: int = 1180, digits: int = 9) -> tuple[bw.Network, dict]:
    net = network(shape)
    return net, flow_model(net, bw.walkthrough(net), digits, width)


def rect(values) -> Rect:
    return Rect(*values)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_model_is_json_and_its_numbers_are_the_cores(shape):
    net, model = model_of(shape)
    assert json.loads(json.dumps(model)) == model
    values = bw.walkthrough(net)
    edges = {e["id"]: e for e in model["edges"]}
    for w in net.layout.weights:
        e = edges[w.name]
        assert (e["source"], e["target"], e["cls"]) == (w.source, w.target, f"bw-edge-{w.name}")
        assert e["text"]["forward"] == f"{w.name} {fmt_given(net.params[w.name])}"
        assert e["text"]["backward"] == f"{w.name} {fmt(values['gradients'][w.name])}"
        assert e["sign"]["backward"] == (values["gradients"][w.name] > 0) - (
            values["gradients"][w.name] < 0
        )
        assert 0 <= e["strength"]["forward"] <= 1 and 0 <= e["strength"]["backward"] <= 1
    assert max(e["strength"]["backward"] for e in edges.values()) == 1
    nodes = {n["id"]: n for n in model["nodes"]}
    for n in net.layout.layers[1]:
        forward = values["forward"]
        assert nodes[n]["text"]["forward"][1:] == [
            f"net {fmt(forward[f'net_{n}'])}",
            f"out {fmt(forward[f'out_{n}'])}",
        ]
        delta = nodes[n]["lines"]["backward"][-1]
        assert delta["key"] == f"partials:dE_total/dnet_{n}"
        assert delta["value"] == fmt(values["partials"][f"dE_total/dnet_{n}"])
        assert nodes[n]["bias"] == net.layout.bias_of(n).name
    classes = {x["cls"] for part in ("nodes", "edges", "biases", "losses") for x in model[part]}
    for item in model["walk"]:
        assert set(item["where"]) <= classes, item["key"]
    assert set(model["paths"]) == set(net.layout.params) == set(model["params"])


def test_the_post_in_the_model():
    _, model = model_of("2-2-2")
    nodes = {n["id"]: n for n in model["nodes"]}
    assert nodes["o1"]["text"]["backward"] == ["o1", "dE/dout 0.741365070", "dE/dnet 0.138498562"]
    assert nodes["i1"]["text"]["forward"] == ["i1", "0.05"]
    biases = {b["id"]: b for b in model["biases"]}
    assert biases["b1"]["frozen"] and biases["b1"]["neurons"] == ["h1", "h2"]
    assert biases["b2"]["text"] == {"forward": "b2 0.6", "backward": "b2 0.100400325"}
    losses = {v["id"]: v for v in model["losses"]}
    assert losses["E_total"]["text"]["forward"] == ["E_total", "0.298371109"]
    assert losses["E_total"]["lines"]["forward"][1]["text"] == (
        "E_total+ = E_o1+ + E_o2+ = 0.267976501 + 0.023051272 = 0.291027774"
    )
    w5 = next(e for e in model["edges"] if e["id"] == "w5")
    assert [line["key"] for line in w5["lines"]["forward"]] == [
        "params:w5",
        "gradients:w5",
        "updated:w5",
    ]
    assert "partials:dnet_o1/dout_h1" in [line["key"] for line in w5["lines"]["backward"]]
    assert model["paths"]["w1"] == {"edges": ["w1", "w5", "w7"], "neurons": ["h1", "o1", "o2"]}


def test_momentum_shows_the_velocity():
    _, model = model_of("momentum")
    w1 = next(e for e in model["edges"] if e["id"] == "w1")
    assert [line["key"] for line in w1["lines"]["forward"]] == [
        "params:w1",
        "gradients:w1",
        "velocity:w1",
        "updated:w1",
    ]


# ------------------------------------------------------------------- geometry
def _boxes(model: dict) -> list[Rect]:
    return [rect(x["rect"]) for part in ("nodes", "biases", "losses") for x in model[part]]


def _on_line(label: Rect, line) -> bool:
    """True when the label's centre lies on its edge's line."""
    x1, y1, x2, y2 = line
    cx, cy = label.x + label.w / 2, label.y + label.h / 2
    cross = (x2 - x1) * (cy - y1) - (y2 - y1) * (cx - x1)
    return abs(cross) / math.hypot(x2 - x1, y2 - y1) < 0.6


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("shape", LAYOUT_SHAPES)
def test_every_shape_fits_and_no_label_covers_another(shape, width):
    _, model = model_of(shape, width)
    w, h = model["width"], model["height"]
    assert model["requested"] == width and w >= width
    if width >= 1180:
        assert w == width, "the diagram is wider than its panel"
    boxes = _boxes(model)
    for box in boxes:
        assert box.inside(w, h)
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b, pad=0), (a, b)
    edges = model["edges"]
    for e in edges:
        label = rect(e["label"])
        assert label.inside(w, h) and _on_line(label, e["line"]), e["id"]
        assert (
            label.w >= len(e["text"]["forward"]) * 6.6
            and label.w >= len(e["text"]["backward"]) * 6.6
        )
    shown = [rect(e["label"]) for e in edges if e["always"]]
    for a, b in combinations(shown, 2):
        assert not a.overlaps(b, pad=0)
    for label in shown:
        assert not any(label.overlaps(box, pad=0) for box in boxes)
    for a, b in combinations(edges, 2):  # a path's or a net input's labels, shown together
        if a["source"] == b["source"] or a["target"] == b["target"]:
            assert not rect(a["label"]).overlaps(rect(b["label"]), pad=0), (a["id"], b["id"])


def test_the_4442_network_fits_1366_and_shows_every_label_at_1920():
    _, narrow = model_of("4-4-4-2", 1180)
    right = max(r.x + r.w for r in _boxes(narrow))
    assert right <= 1180  # the outputs, b3 and E_total stay inside the panel
    names = {f"w{k}" for k in range(13, 17)}
    labels = [rect(e["label"]) for e in narrow["edges"] if e["id"] in names]
    for a, b in combinations(labels, 2):
        assert not a.overlaps(b, pad=0)  # w13..w16 no longer sit on top of each other
    _, wide = model_of("4-4-4-2", 1700)
    assert all(e["always"] for e in wide["edges"])
    _, small = model_of("2-2-2", 1180)
    assert all(e["always"] for e in small["edges"]) and small["height"] < 260


def test_relaid_is_the_same_model_for_another_width():
    net, model = model_of("2-2-2-2", 1180)
    again = relaid(model, 1700)
    assert again == flow_model(net, bw.walkthrough(net), 9, 1700)
    assert again["walk"] == model["walk"] and again["width"] == 1700


def test_fewer_digits_make_smaller_boxes():
    _, nine = model_of("2-2-2", 1180, digits=9)
    _, four = model_of("2-2-2", 1180, digits=4)
    assert rect(four["nodes"][0]["rect"]).w < rect(nine["nodes"][0]["rect"]).w
    assert four["nodes"][2]["text"]["forward"][1] == "net 0.3775"

"""text/flow.py against the core: chain-rule paths, the step-through's order and its numbers.

Paths are checked against the derivation itself (which chain-rule factors a gradient is made
of); every step-through line's numbers are evaluated again here, independently of the
formatter, and must give the value shown.
"""

from __future__ import annotations

import ast
import math
import operator

import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt
from backprop_widgets.core.symbolic import graph_for
from backprop_widgets.text.flow import Path, path_of, shown_line, walk_items, walk_order

SHAPES = {
    "2-2-2": {},
    "2-3-2": {"sizes": (2, 3, 2)},
    "2-2-2-2": {"sizes": (2, 2, 2, 2)},
    "4-4-4-2": {"sizes": (4, 4, 4, 2)},
    "8-8-8-4": {"sizes": (8, 8, 8, 4)},
    "per-neuron trained": {"bias_mode": "per_neuron", "train_biases": True},
    "2-2-2-2 per-neuron": {"sizes": (2, 2, 2, 2), "bias_mode": "per_neuron"},
    "momentum": {"momentum": 0.9},
    "updated weights": {"hidden_uses": "updated"},
    "relu, linear": {"activation": ("relu", "linear")},
    "tanh": {"activation": ("tanh", "sigmoid")},
    "cross-entropy": {"loss": "cross_entropy"},
    "batch": {"samples": (((0.05, 0.1), (0.01, 0.99)), ((0.1, 0.2), (0.5, 0.5)))},
}
STEP_SECTIONS = ("forward", "partials", "gradients", "velocity", "updated", "after")


def network(shape: str) -> bw.Network:
    return bw.tutorial().with_settings(**SHAPES[shape])


# ------------------------------------------------------------------- an independent reader
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}
_OPS |= {ast.Div: operator.truediv, ast.Pow: operator.pow}
_CALLS = {"exp": math.exp, "log": math.log, "max": max, "tanh": math.tanh}


def evaluate(numbers: str) -> float:
    """The value of a line's numbers ("0.4 * 0.593269992 + 0.6 * 1", "1/(1 + e^(-1.1))"),
    read as arithmetic by an AST walker (never eval)."""
    text = numbers.replace("^", "**").replace("e**(", "exp(").replace("1/2 (", "0.5 * (")

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.IfExp):  # relu's slope: (1 if net > 0 else 0)
            return walk(node.body) if walk(node.test) else walk(node.orelse)
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.Gt):
            return float(walk(node.left) > walk(node.comparators[0]))
        if isinstance(node, ast.Call) and node.func.id in _CALLS:
            return _CALLS[node.func.id](*(walk(a) for a in node.args))
        raise AssertionError(f"unexpected {ast.dump(node)} in {numbers!r}")

    return walk(ast.parse(text, mode="eval"))


# ------------------------------------------------------------------- paths
def _path_from_derivation(net: bw.Network, name: str) -> tuple[set, set]:
    """The edges and neurons the gradient's chain-rule factors are about, read off the
    derivation: the partials it is computed from, their neurons, the weights they pass the
    gradient along (dnet_o1/dout_h1: h1 -> o1), and the neurons whose out they read."""
    graph, lay = graph_for(net.shape), net.layout
    given = frozenset(q for q in graph.symbols if q[0] != "partials") - {("gradients", name)}
    needed = [k for s, k in graph.order([("gradients", name)], given) if s == "partials"]
    neurons = {graph.factors[k].neuron for k in needed}
    edges = {name} if lay.weight(name) else set()
    for key in needed:
        of, wrt = (part[1:] for part in key.split("/"))
        if of.startswith("net_") and wrt.startswith("out_"):
            target, source = of[4:], wrt[4:]
            edges |= {w.name for w in lay.weights if (w.source, w.target) == (source, target)}
        for symbol in graph.definitions[("partials", key)].free_symbols:
            if symbol.name.startswith("out_"):
                neurons.add(symbol.name[4:])
    return edges, neurons


@pytest.mark.parametrize(
    "shape", ["2-2-2", "2-3-2", "2-2-2-2", "4-4-4-2", "per-neuron trained", "2-2-2-2 per-neuron"]
)
def test_every_path_is_the_derivations(shape):
    net = network(shape)
    for name in net.layout.params:
        path = path_of(net.layout, name)
        edges, neurons = _path_from_derivation(net, name)
        assert set(path.edges) == edges, name
        assert set(path.neurons) == neurons, name
        assert len(set(path.edges)) == len(path.edges)


def test_paths_of_the_post():
    lay = bw.tutorial().layout
    assert path_of(lay, "w1") == Path(("w1", "w5", "w7"), ("h1", "o1", "o2"))
    assert path_of(lay, "w5") == Path(("w5",), ("h1", "o1"))
    assert path_of(lay, "w8") == Path(("w8",), ("h2", "o2"))
    assert path_of(lay, "b1") == Path(("w5", "w6", "w7", "w8"), ("h1", "h2", "o1", "o2"))
    assert path_of(lay, "b2") == Path((), ("o1", "o2"))
    per_neuron = network("per-neuron trained").layout
    assert path_of(per_neuron, "b_h1") == Path(("w5", "w7"), ("h1", "o1", "o2"))


def test_a_path_of_something_else_is_refused():
    with pytest.raises(bw.BackpropError, match=r"choose a weight or bias .*\(w1, w2"):
        path_of(bw.tutorial().layout, "out_h1")


# ------------------------------------------------------------------- lines
def test_lines_read_as_the_post_writes_them():
    net = bw.tutorial()
    values = bw.walkthrough(net)
    texts = {
        ("forward", "net_o1"): "net_o1 = w5 * out_h1 + w6 * out_h2 + b2 * 1 = "
        "0.4 * 0.593269992 + 0.45 * 0.596884378 + 0.6 * 1 = 1.105905967",
        ("forward", "out_o1"): "out_o1 = 1/(1 + e^(-net_o1)) = 1/(1 + e^(-1.105905967)) = "
        "0.751365070",
        ("forward", "E_o1"): "E_o1 = 1/2 (t1 - out_o1)^2 = 1/2 (0.01 - 0.751365070)^2 = "
        "0.274811083",
        ("gradients", "w1"): "dE_total/dw1 = dE_total/dout_h1 * dout_h1/dnet_h1 * dnet_h1/dw1 = "
        "0.036350306 * 0.241300709 * 0.050000000 = 0.000438568",
        ("updated", "w5"): "w5+ = w5 - lr * dE_total/dw5 = 0.4 - 0.5 * 0.082167041 = 0.358916480",
        ("params", "w5"): "w5 = 0.4",
    }
    for (section, key), text in texts.items():
        assert shown_line(net, values, section, key).text == text
    assert shown_line(net, values, "forward", "E_total", digits=4).text == (
        "E_total = E_o1 + E_o2 = 0.2748 + 0.0236 = 0.2984"
    )


# ------------------------------------------------------------------- the step-through
@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_walk_visits_every_value_once_in_dependency_order(shape):
    net = network(shape)
    values = bw.walkthrough(net)
    graph = graph_for(net.shape)
    order = [(s, k) for _, s, k in walk_order(net, values)]
    expected = {(s, k) for s in STEP_SECTIONS for k in values.get(s, {})}
    assert len(order) == len(set(order)) and set(order) == expected
    by_symbol = {sym: q for q, sym in graph.symbols.items()}
    seen: set = set()
    for qid in order:
        definition = graph.definitions.get(qid)
        if definition is not None and "samples" not in values:
            computed = {by_symbol[s] for s in definition.free_symbols} & expected
            assert computed <= seen, f"{qid} is shown before {computed - seen}"
        seen.add(qid)


def test_the_walk_follows_the_post():
    net = bw.tutorial()
    items = walk_items(net, bw.walkthrough(net))
    keys = [item.line.key for item in items]
    forward = [f"forward:{part}_{n}" for n in ("h1", "h2", "o1", "o2") for part in ("net", "out")]
    assert keys[:11] == [*forward, "forward:E_o1", "forward:E_o2", "forward:E_total"]
    assert keys[11:17] == [
        "partials:dE_total/dout_o1",
        "partials:dout_o1/dnet_o1",
        "partials:dE_o1/dnet_o1",
        "partials:dnet_o1/dw5",
        "gradients:w5",
        "updated:w5",
    ]
    output = {k for k, item in zip(keys, items, strict=True) if "output layer" in item.heading}
    hidden = [k for k, item in zip(keys, items, strict=True) if "hidden layer" in item.heading]
    assert {"gradients:w5", "gradients:w8", "updated:b2"} <= output
    assert hidden[0] == "partials:dnet_o1/dout_h1" and "gradients:w1" in hidden
    assert keys.index("updated:b2") < keys.index("partials:dnet_o1/dout_h1")
    assert keys[-1] == "after:E_total"
    shown = {item.line.key: item.line.value for item in items}
    post = {  # the post's numbers
        "forward:out_h1": "0.593269992",
        "forward:E_total": "0.298371109",
        "partials:dE_o1/dnet_o1": "0.138498562",
        "gradients:w5": "0.082167041",
        "updated:w6": "0.408666186",
        "updated:w7": "0.511301270",
        "partials:dE_total/dout_h1": "0.036350306",
        "gradients:w1": "0.000438568",
        "updated:w1": "0.149780716",
        "updated:w4": "0.299502287",
    }
    assert {k: shown[k] for k in post} == post


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_walk_line_has_the_numbers_of_its_value(shape):
    net = network(shape)
    values = bw.walkthrough(net)
    items = walk_items(net, values)
    for item in items:
        section, key = item.line.key.split(":", 1)
        assert item.line.value == (
            fmt(values[section][key]) if section != "params" else item.line.value
        )
        if item.line.numbers:
            got = evaluate(item.line.numbers)
            want = values[section][key]
            assert math.isclose(got, want, rel_tol=1e-6, abs_tol=2e-9), (item.line.text, want)
    with_numbers = sum(1 for item in items if item.line.numbers)
    assert with_numbers > len(items) * 0.6


@pytest.mark.parametrize("shape", ["2-2-2", "2-2-2-2", "per-neuron trained", "momentum"])
def test_walk_keys_survive_a_value_change_and_values_follow(shape):
    net = network(shape)
    moved = net.with_params(w5=-0.3)
    before, after = walk_items(net, bw.walkthrough(net)), walk_items(moved, bw.walkthrough(moved))
    assert [i.line.key for i in before] == [i.line.key for i in after]
    changed = [a for a, b in zip(after, before, strict=True) if a.line.value != b.line.value]
    assert any(i.line.key == "forward:E_total" for i in changed)
    values = bw.walkthrough(moved)
    for item in after:
        section, key = item.line.key.split(":", 1)
        if section != "params":
            assert item.line.value == fmt(values[section][key])


def test_where_each_value_lives():
    net = bw.tutorial()
    where = {i.line.key: i.where for i in walk_items(net, bw.walkthrough(net))}
    assert where["forward:net_h1"] == ("bw-node-h1", "bw-edge-w1", "bw-edge-w2", "bw-bias-b1")
    assert where["forward:E_o1"] == ("bw-loss-E_o1", "bw-node-o1")
    assert where["partials:dE_o1/dout_h1"] == ("bw-loss-E_o1", "bw-node-h1", "bw-edge-w5")
    assert where["partials:dnet_o2/dout_h1"][-1] == "bw-edge-w7"
    assert where["gradients:b1"] == ("bw-bias-b1", "bw-node-h1", "bw-node-h2")
    assert where["updated:w5"] == ("bw-edge-w5",)


def test_a_batch_step_says_what_its_numbers_are():
    net = network("batch")
    values = bw.walkthrough(net)
    lines = {i.line.key: i.line for i in walk_items(net, values)}
    assert lines["forward:net_h1"].note == "sample 1"
    gradient = lines["gradients:w5"]
    assert gradient.note == "mean over the batch, samples 1, 2"
    each = [s["gradients"]["w5"] for s in values["samples"]]
    assert math.isclose(evaluate(gradient.numbers), sum(each) / 2, rel_tol=1e-7)
    assert lines["after:E_total"].formula == "" and lines["after:E_total"].note

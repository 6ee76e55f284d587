"""The diagram as JSON-able data: every neuron, edge, bias tag and error with its place
(text/flow_layout.py), its numbers in the forward and the backward view, its local formulas
with the numbers in, each parameter's chain-rule path, and the step-through.

The widget (widgets/flow/) draws exactly this; nothing here knows about widgets.

>>> import backprop_widgets as bw
>>> net = bw.tutorial()
>>> model = flow_model(net, bw.walkthrough(net), width=1200)
>>> [e["text"] for e in model["edges"] if e["id"] == "w5"]
[{'forward': 'w5 0.4', 'backward': 'w5 0.082167041'}]
>>> model["paths"]["w5"]
{'edges': ['w5'], 'neurons': ['h1', 'o1']}
"""

from __future__ import annotations

from functools import lru_cache

from ..core.naming import Layout
from ..core.network import Network
from ..core.numbers import DIGITS, fmt, fmt_given
from ..core.settings import Shape
from ..core.symbolic import graph_for
from .flow import Path, path_of, remembered, walk_items
from .flow_layout import FONT, LINE, Sizes, geometry

__all__ = ["DEFAULT_WIDTH", "VIEWS", "flow_model", "relaid"]

DEFAULT_WIDTH = 960  # px, until the browser says how wide the panel is
VIEWS = ("forward", "backward")


def _both(text) -> dict:
    """The same text in both views."""
    return {view: text for view in VIEWS}


def _kind(layout: Layout, neuron: str) -> str:
    if neuron in layout.inputs:
        return "input"
    return "output" if neuron in layout.outputs else "hidden"


def _node(net: Network, values: dict, n: str, digits: int, line) -> dict:
    """A neuron's box: its numbers per view, its formulas, what a screen reader says."""
    lay, graph = net.layout, graph_for(net.shape)
    kind = _kind(lay, n)
    if kind == "input":
        given = fmt_given(net[n], digits)
        return {"text": _both([n, given]), "lines": _both([line("params", n)])} | {
            "aria": f"{n}, input: {given}",
            "bias": "",
        }
    forward, partials = values["forward"], values["partials"]
    delta = next(k for k, f in graph.factors.items() if f.wrt == f"net_{n}" and f.kind != "leaf")
    numbers = {
        "net": fmt(forward[f"net_{n}"], digits),
        "out": fmt(forward[f"out_{n}"], digits),
        "dE/dout": fmt(partials[f"dE_total/dout_{n}"], digits),
        "dE/dnet": fmt(partials[delta], digits),
    }
    back = [
        k
        for k, f in graph.factors.items()
        if f.neuron == n and f.wrt in (f"out_{n}", f"net_{n}") and not f.weight
    ]
    return {
        "text": {
            "forward": [n, f"net {numbers['net']}", f"out {numbers['out']}"],
            "backward": [n, f"dE/dout {numbers['dE/dout']}", f"dE/dnet {numbers['dE/dnet']}"],
        },
        "lines": {
            "forward": [line("forward", f"net_{n}"), line("forward", f"out_{n}")],
            "backward": [line("partials", k) for k in back],
        },
        "aria": f"{n}, {kind} neuron: "
        + ", ".join(f"{name} {value}" for name, value in numbers.items()).replace(
            "dE/", "dE_total/"
        ),
        "bias": lay.bias_of(n).name,
        "numbers": numbers,
    }


def _liner(net: Network, values: dict, digits: int, memo: dict):
    """line(section, key): the JSON of one shown value, where values has it (memo: the
    lines already made, by (section, key))."""

    def line(section: str, key: str) -> dict:
        if ("json", section, key) not in memo:
            shown = remembered(memo, net, values, section, key, digits)
            memo["json", section, key] = shown.as_json()
        return memo["json", section, key]

    return line


def _param(net: Network, values: dict, name: str, digits: int, line) -> dict:
    """A weight's edge or a bias's tag: value, gradient and update, and their formulas."""
    lay = net.layout
    steps = [line("gradients", name)]
    steps += [line("velocity", name)] if "velocity" in values else []
    steps.append(line("updated", name))
    weight = lay.weight(name)
    targets = (weight.target,) if weight else lay.bias(name).neurons
    leaves = [f"dnet_{n}/d{name}" for n in targets]
    back = _factors_through(net.shape).get(name, [])
    numbers = {
        "value": fmt_given(net.params[name], digits),
        "gradient": fmt(values["gradients"][name], digits),
        "updated": fmt(values["updated"][name], digits),
    }
    where = f"weight from {weight.source} to {weight.target}" if weight else "bias of "
    where += "" if weight else ", ".join(targets)
    frozen = name not in net.trained
    return {
        "text": {
            "forward": f"{name} {numbers['value']}",
            "backward": f"{name} {numbers['gradient']}",
        },
        "sign": {"forward": _sign(net.params[name]), "backward": _sign(values["gradients"][name])},
        "lines": {
            "forward": [line("params", name), *steps],
            "backward": steps[:1] + [line("partials", k) for k in leaves + back] + steps[1:],
        },
        "aria": f"{name}: {where}, value {numbers['value']}, gradient dE_total/d{name} "
        f"{numbers['gradient']}, after the step {numbers['updated']}"
        + (" (frozen)" if frozen else ""),
        "frozen": frozen,
        "numbers": numbers,
    }


@lru_cache(maxsize=64)
def _factors_through(shape: Shape) -> dict[str, list[str]]:
    """Per weight: the chain factors it appears in, then those built from them."""
    factors = graph_for(shape).factors
    direct: dict[str, list[str]] = {}
    for key, factor in factors.items():
        if factor.weight:
            direct.setdefault(factor.weight, []).append(key)
    return {
        name: keys + [k for k, f in factors.items() if set(f.parts) & set(keys)]
        for name, keys in direct.items()
    }


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def _losses(net: Network, values: dict, digits: int, line) -> dict[str, dict]:
    """The error of each output and E_total."""
    lay = net.layout
    forward = values["forward"]
    found = {}
    for o, t in zip(lay.outputs, lay.targets, strict=True):
        text = [f"{t} {fmt_given(net[t], digits)}", f"E_{o} {fmt(forward[f'E_{o}'], digits)}"]
        found[f"E_{o}"] = {
            "text": _both(text),
            "lines": {
                "forward": [line("params", t), line("forward", f"E_{o}")],
                "backward": [line("forward", f"E_{o}"), line("partials", f"dE_total/dout_{o}")],
            },
            "aria": f"E_{o}: the error of {o} against its target {' '.join(text)}",
        }
    total = fmt(forward["E_total"], digits)
    found["E_total"] = {
        "text": _both(["E_total", total]),
        "lines": _both([line("forward", "E_total"), line("after", "E_total")]),
        "aria": f"E_total: the sum of the errors, {total}; after the step "
        + fmt(values["after"]["E_total"], digits),
    }
    return found


def _sizes(net: Network, nodes: dict, params: dict, losses: dict, digits: int) -> Sizes:
    """How long the texts are; at least as long as a value of this many digits can be, so
    the layout stays put while values move."""
    number = digits + 3  # -0.123456789
    box = max(len(t) for node in nodes.values() for v in VIEWS for t in node["text"][v])
    note = max(len(t) for loss in losses.values() for t in loss["text"]["forward"])

    def chars(name: str) -> int:
        return max(len(name) + 1 + number, *(len(params[name]["text"][v]) for v in VIEWS))

    lay = net.layout
    return Sizes(
        max(box, len("dE/dout ") + number),
        3,
        tuple((w.name, chars(w.name)) for w in lay.weights),
        tuple((b.name, chars(b.name)) for b in lay.biases),
        max(note, len("E_o1 ") + number),
    )


def flow_model(
    net: Network, values: dict, digits: int = DIGITS, width: int = DEFAULT_WIDTH
) -> dict:
    """The whole diagram of net's step (values: walkthrough(net)) laid out for a panel of
    width px, as JSON-able data."""
    lay = net.layout
    memo: dict = {}
    line = _liner(net, values, digits, memo)
    nodes = {n: _node(net, values, n, digits, line) for layer in lay.layers for n in layer}
    params = {p: _param(net, values, p, digits, line) for p in lay.params}
    for view, source in (("forward", values["params"]), ("backward", values["gradients"])):
        top = max(abs(source[w.name]) for w in lay.weights)
        for w in lay.weights:  # a line's width: its share of the largest, 0 to 1
            share = abs(source[w.name]) / top if top else 0.0
            params[w.name].setdefault("strength", {})[view] = round(share, 3)
    losses = _losses(net, values, digits, line)
    sizes = _sizes(net, nodes, params, losses, digits)
    model = {
        "label": lay.label,
        "sizes": list(lay.sizes),
        "bias_mode": lay.bias_mode,
        "digits": digits,
        "font": FONT,
        "line": LINE,
        "chars": {
            "box": sizes.box,
            "box_lines": sizes.box_lines,
            "labels": [list(p) for p in sizes.labels],
            "tags": [list(p) for p in sizes.tags],
            "note": sizes.note,
        },
        "params": list(lay.params),
        "trained": list(net.trained),
        "nodes": [
            {"id": n, "cls": f"bw-node-{n}", "kind": _kind(lay, n), "layer": lay.layer_of[n]}
            | nodes[n]
            for layer in lay.layers
            for n in layer
        ],
        "edges": [
            {"id": w.name, "cls": f"bw-edge-{w.name}", "source": w.source, "target": w.target}
            | params[w.name]
            for w in lay.weights
        ],
        "biases": [
            {"id": b.name, "cls": f"bw-bias-{b.name}", "neurons": list(b.neurons)} | params[b.name]
            for b in lay.biases
        ],
        "losses": [{"id": k, "cls": f"bw-loss-{k}"} | v for k, v in losses.items()],
        "paths": {
            p: {"edges": list(path.edges), "neurons": list(path.neurons)}
            for p, path in _paths(lay.sizes, lay.bias_mode).items()
        },
        "walk": [item.as_json() for item in walk_items(net, values, digits, memo)],
    }
    return _placed(model, lay, sizes, width)


@lru_cache(maxsize=64)
def _paths(sizes: tuple[int, ...], bias_mode: str) -> dict[str, Path]:
    """Every parameter's chain-rule path."""
    layout = Layout(sizes, bias_mode)
    return {name: path_of(layout, name) for name in layout.params}


def _placed(model: dict, layout: Layout, sizes: Sizes, width: int) -> dict:
    """The model with every element's place for a panel of width px."""
    geo = geometry(layout, sizes, int(width))
    placed = dict(model, width=geo["width"], height=geo["height"], requested=int(width))
    placed["nodes"] = [n | {"rect": geo["nodes"][n["id"]].as_json()} for n in model["nodes"]]
    placed["losses"] = [v | {"rect": geo["losses"][v["id"]].as_json()} for v in model["losses"]]
    placed["biases"] = [
        b | {"rect": geo["biases"][b["id"]][0].as_json(), "joins": geo["biases"][b["id"]][1]}
        for b in model["biases"]
    ]
    placed["edges"] = []
    for e in model["edges"]:
        where = geo["edges"][e["id"]]
        line = [round(v, 1) for v in where["line"]]
        placed["edges"].append(
            e | {"line": line, "label": where["label"].as_json(), "always": where["always"]}
        )
    return placed


def relaid(model: dict, width: int) -> dict:
    """The same model laid out for another panel width (no recomputation of any value)."""
    chars = model["chars"]
    sizes = Sizes(
        chars["box"],
        chars["box_lines"],
        tuple((name, n) for name, n in chars["labels"]),
        tuple((name, n) for name, n in chars["tags"]),
        chars["note"],
    )
    return _placed(model, Layout(tuple(model["sizes"]), model["bias_mode"]), sizes, width)

"""Where the gradient flows: each parameter's chain-rule path, each value as the post writes
it with the numbers in, and the step-through that visits every value in the post's order.

Pure: reads the core's walkthrough and the Display's formulas; text/flow_model.py puts it
together with the geometry (text/flow_layout.py) into the JSON the diagram widget draws.

>>> import backprop_widgets as bw
>>> net = bw.tutorial()
>>> path_of(net.layout, "w1")
Path(edges=('w1', 'w5', 'w7'), neurons=('h1', 'o1', 'o2'))
>>> walk_items(net, bw.walkthrough(net))[5].line.text
'out_o1 = 1/(1 + e^(-net_o1)) = 1/(1 + e^(-1.105905967)) = 0.751365070'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import BackpropError
from ..core.naming import Layout
from ..core.network import Network
from ..core.numbers import DIGITS, fmt
from ..core.symbolic import delta_key, graph_for
from .formulas import Display, display_for, shown
from .render import layer_name
from .sections import section

__all__ = ["Path", "Shown", "WalkItem", "element_class", "path_of", "shown_line", "walk_items"]


@dataclass(frozen=True)
class Path:
    """The edges (weights) and neurons a parameter's gradient passes through."""

    edges: tuple[str, ...]
    neurons: tuple[str, ...]


def path_of(layout: Layout, name: str) -> Path:
    """The chain-rule path of a weight or bias: its own edge, the neuron feeding it (not an
    input), the neurons it enters and everything below them toward the outputs."""
    weight, bias = layout.weight(name), layout.bias(name)
    if weight is not None:
        edges, feeding, entered = [weight.name], [weight.source], [weight.target]
    elif bias is not None:
        edges, feeding, entered = [], [], list(bias.neurons)
    else:
        raise BackpropError(
            f"no chain-rule path for {name!r}: choose a weight or bias of this "
            f"{layout.label} network ({', '.join(layout.params)})"
        )
    neurons = [n for n in feeding if n not in layout.inputs] + entered
    frontier = list(entered)
    while frontier:
        below = layout.weights_out_of(frontier.pop(0))
        edges += [w.name for w in below if w.name not in edges]
        for w in below:
            if w.target not in neurons:
                neurons.append(w.target)
                frontier.append(w.target)
    order = {n: k for k, n in enumerate(n for layer in layout.layers for n in layer)}
    numbered = {w.name: k for k, w in enumerate(layout.weights)}
    return Path(tuple(sorted(edges, key=numbered.get)), tuple(sorted(neurons, key=order.get)))


@dataclass(frozen=True)
class Shown:
    """One value as a learner reads it: name = formula = numbers = value."""

    key: str  # "section:key", e.g. "forward:net_o1"
    name: str
    formula: str
    numbers: str  # the formula with the numbers in ("" when that adds nothing)
    value: str
    note: str = ""  # e.g. "sample 1" or "mean over the batch"

    @property
    def text(self) -> str:
        """The whole line, leaving out repeats (w5 = 0.4, not w5 = w5 = 0.4)."""
        steps = [self.name]
        for part in (self.formula, self.numbers, self.value):
            if part and part != steps[-1]:
                steps.append(part)
        return " = ".join(steps) + (f"  ({self.note})" if self.note else "")

    def as_json(self) -> dict:
        """The line as JSON-able data, its text included."""
        return {
            "key": self.key,
            "name": self.name,
            "formula": self.formula,
            "numbers": self.numbers,
            "value": self.value,
            "note": self.note,
            "text": self.text,
        }


# How the post writes what SymPy prints: e^(...) for exp, ^ for powers, 1/2 (...)^2.
_POST_STYLE = ((re.compile(r"\bexp\("), "e^("), (re.compile(r"\bMax\("), "max("), ("**", "^"))
_HALF_SQUARE = re.compile(r"^\((.*)\)\^2/2$")
_TOKEN = re.compile("\x02([A-Za-z0-9_]+)\x03")


def _post_style(text: str) -> str:
    for pattern, written in _POST_STYLE:
        text = (
            text.replace(pattern, written)
            if isinstance(pattern, str)
            else pattern.sub(written, text)
        )
    return _HALF_SQUARE.sub(r"1/2 (\1)^2", text)


def shown_line(
    net: Network, values: dict, section_key: str, key: str, digits: int = DIGITS
) -> Shown:
    """One quantity of a walkthrough with its formula and numbers, as the post writes it."""
    display = display_for(net.shape)
    line = display.line(section_key, key)
    formula, template = line.text_formula, line.text_template
    if section_key in ("forward", "after") and key.startswith("net_"):
        formula, template = formula + " * 1", template + " * 1"  # the bias on a constant 1
    numbers = ""
    if section_key == "after" and "samples" in values:
        formula = template = ""  # the mean of E_total over every sample, not one formula
    if not Display.is_single_value(line.text_template) and _fillable(display, template, values):
        numbers = display.fill(template, values, False, digits)
    if section_key == "gradients" and "samples" in values:
        each = [fmt(s["gradients"][key], digits) for s in values["samples"]]
        numbers = f"({' + '.join(each)})/{len(each)}"
    value = shown(section_key, values[section_key][key], digits)
    return Shown(
        f"{section_key}:{key}",
        line.text_name,
        _post_style(formula),
        _post_style(numbers),
        value,
        _batch_note(values, section_key),
    )


def _fillable(display: Display, template: str, values: dict) -> bool:
    """True when every number of the template is in values (the step after has no net)."""
    qids = [display.qid_of[t] for t in _TOKEN.findall(template)]
    return all(key in values.get(s, {}) for s, key in qids)


def _batch_note(values: dict, section_key: str) -> str:
    """What a value of a batch step stands for: sample 1's, or the mean over the batch."""
    if "samples" not in values:
        return ""
    first = values["batch"]["samples"][0]
    if section_key in ("forward", "partials"):
        return f"sample {first}"
    if section_key == "gradients":
        return "mean over the batch, samples " + ", ".join(map(str, values["batch"]["samples"]))
    return "mean over all samples" if section_key == "after" else ""


def element_class(layout: Layout, name: str) -> str:
    """The CSS class of the diagram element a name lives in: bw-edge-w5, bw-node-h1,
    bw-bias-b1, bw-loss-E_o1 (net_h1, out_h1, inputs and E_h2_1 live in their neuron)."""
    if layout.weight(name):
        return f"bw-edge-{name}"
    if layout.bias(name):
        return f"bw-bias-{name}"
    if name == "E_total" or name[2:] in layout.outputs:
        return f"bw-loss-{name}"
    if name.startswith("E_"):  # dE_h2_1/dout_h1_1: the gradient through h2_1
        return f"bw-node-{name[2:]}"
    return f"bw-node-{name.split('_', 1)[1] if name.startswith(('net_', 'out_')) else name}"


@dataclass(frozen=True)
class WalkItem:
    """One stop of the step-through: a value, the heading it is under, where it lives."""

    heading: str
    line: Shown
    where: tuple[str, ...]  # CSS classes of the diagram elements
    mode: str  # the diagram view it belongs to: forward or backward

    def as_json(self) -> dict:
        """The item as JSON-able data."""
        return {"heading": self.heading, "where": list(self.where), "mode": self.mode} | (
            self.line.as_json()
        )


def walk_order(net: Network, values: dict) -> list[tuple[str, str, str]]:
    """(heading, section, key) of every value of the step, in the post's order: the forward
    pass neuron by neuron, the errors, then layer by layer from the outputs back each
    parameter's chain-rule factors, gradient and update, then the step's result."""
    lay, graph = net.layout, graph_for(net.shape)
    forward = section("forward").heading
    # the derivation's order: net and out neuron by neuron (a softmax layer's nets before its
    # outs), the errors (E_reg with regularisation), E_total
    order = [(forward, "forward", key) for key in graph.sections["forward"]]
    seen: set[str] = set()
    n_layers = len(lay.sizes) - 1

    def visit(key: str, heading: str) -> None:
        if key in seen:
            return
        for part in graph.factors[key].parts:
            visit(part, heading)
        seen.add(key)
        order.append((heading, "partials", key))

    for layer in range(n_layers, 0, -1):
        heading = f"{section('partials').heading}, {layer_name(layer, n_layers)}"
        names = [*lay.weights_of_layer(layer), *(b.name for b in lay.biases if b.layer == layer)]
        for name in names:
            for path in graph.chains[name]:  # ends in dnet_n/dp (after n's delta) or dE_reg/dw
                last = graph.factors[path[-1]]
                if last.of.startswith("net_"):
                    visit(delta_key(graph, last.neuron), heading)
                visit(path[-1], heading)
            order.append((heading, "gradients", name))
            if "velocity" in values:
                order.append((heading, "velocity", name))
            order.append((heading, "updated", name))
    after = section("after").heading
    return order + [(after, "after", key) for key in values["after"]]


def _where(net: Network, section_key: str, key: str) -> tuple[str, ...]:
    """The diagram elements a value lives in (CSS classes), the first the main one."""
    lay = net.layout
    if section_key in ("gradients", "velocity", "updated"):
        param = lay.by_name[key]
        neurons = (param.target,) if lay.weight(key) else param.neurons
        extra = neurons if section_key == "gradients" else ()
        return (element_class(lay, key), *(f"bw-node-{n}" for n in extra))
    if section_key == "partials":
        factor = graph_for(net.shape).factors[key]
        names = [factor.of, factor.wrt]
    elif key.startswith("net_"):
        neuron = key[4:]
        names = [key, *(w.name for w in lay.weights_into(neuron)), lay.bias_of(neuron).name]
    elif key == "E_total":
        names = [key, *(f"E_{o}" for o in lay.outputs)]
    else:
        names = [key] + ([f"out_{key[2:]}"] if key.startswith("E_") else [])
    found = [element_class(lay, n) for n in names]
    if section_key == "partials":
        found += [f"bw-edge-{w}" for w in _edges_between(lay, names)]
    return tuple(dict.fromkeys(found))


def _edges_between(lay: Layout, names: list[str]) -> list[str]:
    """The weight a factor passes the gradient along (dE_o1/dout_h1: w5), if any."""
    neurons = [n.split("_", 1)[1] for n in names if n.startswith(("net_", "out_", "E_"))]
    if len(neurons) < 2 or neurons[0] == neurons[1]:
        return []
    found = lay.weight_between(*neurons[:2])
    return [found.name] if found else []


def remembered(memo: dict, net: Network, values: dict, s: str, key: str, digits: int) -> Shown:
    """shown_line, computed once per (section, key) in memo."""
    if (s, key) not in memo:
        memo[s, key] = shown_line(net, values, s, key, digits)
    return memo[s, key]


def walk_items(
    net: Network, values: dict, digits: int = DIGITS, memo: dict | None = None
) -> list[WalkItem]:
    """Every value of the step in the post's order, each with its formula and numbers
    (memo: lines already shown, by (section, key), shared with the caller)."""
    memo = {} if memo is None else memo
    return [
        WalkItem(
            heading,
            remembered(memo, net, values, s, key, digits),
            _where(net, s, key),
            "forward" if s in ("forward", "after") else "backward",
        )
        for heading, s, key in walk_order(net, values)
    ]

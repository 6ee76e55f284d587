"""The network diagram as an SVG string: neurons with net and out, every weight on its edge.

Each edge's label (its weight's name and value) sits on the edge itself, in a box drawn in
the edge's own colour and dash. Labels of the edges into the k-th of n target neurons sit at
the fraction (k + 1) / (n + 1) of the way, so labels never share a place. Sign is shown by
dash and colour (Okabe-Ito blue / vermillion), size by width: never by colour alone.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ...core.naming import Layout
from ...core.network import Network
from ...core.numbers import fmt, fmt_given
from ..state import EDGE_MODES
from .base import HtmlView

__all__ = ["DiagramView", "diagram_svg", "legend_html"]

BOX_W, BOX_H = 118, 56  # a neuron
LABEL_W, LABEL_H = 82, 30  # an edge label: name, then value
ROW_MIN, TOP, LEFT, RIGHT = 120, 44, 12, 150  # spacing and margins (RIGHT: targets, errors)
POSITIVE = ("#0072B2", "")  # Okabe-Ito blue, solid
NEGATIVE = ("#D55E00", "7 4")  # Okabe-Ito vermillion, dashed
ZERO = ("#999999", "2 3")  # grey, dotted


@dataclass(frozen=True)
class _Geometry:
    """Where each neuron box sits."""

    x: dict[str, float]
    y: dict[str, float]
    width: float
    height: float


def _gap(n_targets: int) -> float:
    """Horizontal room between two layers: enough for one label per target side by side."""
    return max(230.0, (LABEL_W + 12) * (n_targets + 1))


def _geometry(layout: Layout) -> _Geometry:
    """Columns of boxes, each layer centred vertically."""
    tallest = max(layout.sizes)
    row = max(ROW_MIN, (LABEL_H + 6) * (max(layout.sizes[1:]) + 1))
    height = TOP + tallest * row
    x, y, left = {}, {}, LEFT
    for k, neurons in enumerate(layout.layers):
        offset = TOP + (tallest - len(neurons)) * row / 2 + (row - BOX_H) / 2
        for j, neuron in enumerate(neurons):
            x[neuron], y[neuron] = left, offset + j * row
        if k + 1 < len(layout.layers):
            left += BOX_W + _gap(len(layout.layers[k + 1]))
    return _Geometry(x, y, left + BOX_W + RIGHT, height)


def _style(value: float) -> tuple[str, str]:
    """Colour and dash for the sign of value."""
    return POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO


def _text(x: float, y: float, spans: list[tuple[str, str]], cls: str = "") -> str:
    """An SVG text element of one line made of (css class, text) spans."""
    inner = "".join(
        f'<tspan class="{c}">{html.escape(t)}</tspan>' if c else html.escape(t) for c, t in spans
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}">{inner}</text>'


def _edge(net, values, geo, weight, k, n_targets, mode, scale, digits) -> str:
    """One weight: the line, and its label box on the line."""
    shown = values[EDGE_MODES[mode]][weight.name]
    colour, dash = _style(shown)
    x1, y1 = geo.x[weight.source] + BOX_W, geo.y[weight.source] + BOX_H / 2
    x2, y2 = geo.x[weight.target], geo.y[weight.target] + BOX_H / 2
    t = (k + 1) / (n_targets + 1)
    lx, ly = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
    width = 1.0 + 5.0 * abs(shown) / scale if scale else 1.0
    number = fmt_given(net.params[weight.name], digits) if mode == "weight" else fmt(shown, digits)
    title = (
        f"{weight.name}: {weight.source} -> {weight.target}, value "
        f"{fmt_given(net.params[weight.name], digits)}, gradient "
        f"{fmt(values['gradients'][weight.name], digits)}, updated "
        f"{fmt(values['updated'][weight.name], digits)}"
    )
    name = weight.name + (" grad" if mode == "gradient" else "")
    return (
        f'<g class="bw-edge bw-edge-{weight.name}"><title>{html.escape(title)}</title>'
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-width="{width:.2f}" stroke-dasharray="{dash}"/>'
        f'<rect x="{lx - LABEL_W / 2:.1f}" y="{ly - LABEL_H / 2:.1f}" width="{LABEL_W}" '
        f'height="{LABEL_H}" rx="4" class="bw-svg-label" stroke="{colour}" '
        f'stroke-dasharray="{dash}"/>'
        + _text(lx, ly - 3, [("bw-svg-name", name)], "bw-svg-center")
        + _text(
            lx, ly + 11, [(f"bw-diagram-{EDGE_MODES[mode]}-{weight.name}", number)], "bw-svg-center"
        )
        + "</g>"
    )


def _neuron(net: Network, values: dict, geo: _Geometry, neuron: str, digits: int) -> str:
    """A box: the name, then net and out (inputs: their value)."""
    x, y = geo.x[neuron], geo.y[neuron]
    box = f'<rect x="{x}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="8" class="bw-svg-node"/>'
    cx = x + BOX_W / 2
    if neuron in net.layout.inputs:
        value = fmt_given(net[neuron], digits)
        lines = [[("bw-svg-name", neuron)], [(f"bw-diagram-params-{neuron}", value)]]
    else:
        forward = values["forward"]
        lines = [
            [("bw-svg-name", neuron)],
            [
                ("", "net "),
                (f"bw-diagram-forward-net_{neuron}", fmt(forward[f"net_{neuron}"], digits)),
            ],
            [
                ("", "out "),
                (f"bw-diagram-forward-out_{neuron}", fmt(forward[f"out_{neuron}"], digits)),
            ],
        ]
    top = y + BOX_H / 2 - 7 * (len(lines) - 1) + 4
    texts = "".join(
        _text(cx, top + 15 * j, spans, "bw-svg-center") for j, spans in enumerate(lines)
    )
    return f'<g class="bw-node bw-node-{neuron}">{box}{texts}</g>'


def _bias_tag(net: Network, geo: _Geometry, neuron: str, digits: int) -> str:
    """The bias a neuron adds, in a tag above it (dotted when the bias is frozen)."""
    bias = net.layout.bias_of(neuron)
    x, y = geo.x[neuron] + BOX_W / 2, geo.y[neuron]
    dash = "" if net.train_biases else "2 3"
    tag = f"{bias.name} = {fmt_given(net.params[bias.name], digits)}"
    return (
        f'<g class="bw-bias"><line x1="{x}" y1="{y - 10:.1f}" x2="{x}" y2="{y:.1f}" '
        f'class="bw-svg-bias-line"/><rect x="{x - 56}" y="{y - 30:.1f}" width="112" height="20" '
        f'rx="10" class="bw-svg-bias" stroke-dasharray="{dash}"/>'
        + _text(x, y - 16, [(f"bw-diagram-params-{bias.name}", tag)], "bw-svg-center bw-svg-small")
        + "</g>"
    )


def _output_notes(net: Network, values: dict, geo: _Geometry, digits: int) -> str:
    """Targets and errors to the right of the outputs, E_total below them."""
    lay, forward, parts = net.layout, values["forward"], []
    for output, target in zip(lay.outputs, lay.targets, strict=True):
        x, y = geo.x[output] + BOX_W + 10, geo.y[output] + BOX_H / 2
        parts.append(
            _text(
                x,
                y - 4,
                [
                    ("", f"{target} "),
                    (f"bw-diagram-params-{target}", fmt_given(net[target], digits)),
                ],
                "bw-svg-small",
            )
        )
        parts.append(
            _text(
                x,
                y + 12,
                [
                    ("", f"E_{output} "),
                    (f"bw-diagram-forward-E_{output}", fmt(forward[f"E_{output}"], digits)),
                ],
                "bw-svg-small",
            )
        )
    last = lay.outputs[-1]
    parts.append(
        _text(
            geo.x[last] + BOX_W / 2,
            geo.y[last] + BOX_H + 22,
            [
                ("bw-svg-name", "E_total "),
                ("bw-diagram-forward-E_total", fmt(forward["E_total"], digits)),
            ],
            "bw-svg-center",
        )
    )
    return "".join(parts)


def diagram_svg(net: Network, values: dict, digits: int = 9, mode: str = "weight") -> str:
    """The network as SVG: boxes for neurons, labelled edges for weights, tags for biases."""
    lay = net.layout
    geo = _geometry(lay)
    shown = [abs(values[EDGE_MODES[mode]][w.name]) for w in lay.weights]
    scale = max(shown, default=0.0)
    edges = []
    for neurons in lay.layers[1:]:
        for k, target in enumerate(neurons):
            for weight in lay.weights_into(target):
                edges.append(_edge(net, values, geo, weight, k, len(neurons), mode, scale, digits))
    nodes = [_neuron(net, values, geo, n, digits) for layer in lay.layers for n in layer]
    biases = [_bias_tag(net, geo, n, digits) for layer in lay.layers[1:] for n in layer]
    label = f"Diagram of the {lay.label} network with every weight on its edge"
    height = geo.height + 40
    return (
        f'<div class="bw-diagram-box"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{label}" viewBox="0 0 {geo.width:.0f} {height:.0f}" '
        f'style="width:100%;max-width:{geo.width:.0f}px;height:auto">'
        + "".join(edges + nodes + biases)
        + _output_notes(net, values, geo, digits)
        + "</svg></div>"
    )


def legend_html(net: Network, mode: str = "weight") -> str:
    """What the line styles mean."""
    what = "weight" if mode == "weight" else "gradient dE_total/dw"
    bias = "dotted: frozen, as in the post" if not net.train_biases else "solid: trained"
    return (
        f"<p class='bw-legend'>Edges by {what}: <b>solid blue</b> positive, <b>dashed "
        f"orange</b> negative, width proportional to |{what.split()[0]}| (widest: the largest). "
        f"Bias tags: {bias}. Hover an edge for its value, gradient and update.</p>"
    )


class DiagramView(HtmlView):
    """The diagram of the state's network, redrawn when its numbers change."""

    follows, css, where = ("step", "digits", "edges"), "bw-diagram", "the diagram"

    def html(self) -> str:
        state = self.state
        svg = diagram_svg(state.net, state.step, state.digits, state.edges)
        return svg + legend_html(state.net, state.edges)

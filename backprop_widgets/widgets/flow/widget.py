"""FlowDiagram: the network as the main control. Click, or focus and press Enter on, an edge,
a bias tag or a neuron to choose its parameter; see its chain-rule path, every element's
formula with the numbers in, the backward view, and the step-through in the post's order.

>>> import backprop_widgets as bw
>>> flow = FlowDiagram(bw.tutorial())
>>> flow.chosen, flow.mode, flow.walk
('w5', 'forward', -1)
>>> flow.walk = 5
>>> flow.current["text"]
'out_o1 = 1/(1 + e^(-net_o1)) = 1/(1 + e^(-1.105905967)) = 0.751365070'

The browser draws the SVG from `model` (text/flow_model.py) and sends back `chosen`,
`mode`, `walk` and the panel's `width` (the kernel then lays the diagram out for it).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ...core.errors import BackpropError
from ...core.network import Network
from ...core.numbers import DIGITS
from ...core.step import walkthrough
from ...text.flow_model import DEFAULT_WIDTH, VIEWS, flow_model, relaid

__all__ = ["FlowDiagram"]

HERE = Path(__file__).parent
RELAY_AT = 16  # px: a panel this much wider or narrower than the layout gets a new one


class FlowDiagram(anywidget.AnyWidget):
    """The diagram of one training step; show(net, values) draws a network's step."""

    _esm = "\n".join((HERE / name).read_text() for name in ("svg.js", "flow.js"))
    _css = HERE / "flow.css"

    model = traitlets.Dict(help="the diagram as data: text.flow_model.flow_model()").tag(sync=True)
    chosen = traitlets.Unicode("", help="the chosen parameter, e.g. w5").tag(sync=True)
    mode = traitlets.Enum(VIEWS, "forward", help="the forward or the backward view").tag(sync=True)
    walk = traitlets.Int(-1, help="the step-through's position, -1 before it starts").tag(sync=True)
    width = traitlets.Int(0, help="the panel's width in px, as the browser reports it").tag(
        sync=True
    )

    def __init__(
        self, net: Network | None = None, values: dict | None = None, digits: int = DIGITS, **kw
    ):
        super().__init__(**kw)
        if net is not None:
            self.show(net, walkthrough(net) if values is None else values, digits)

    def show(self, net: Network, values: dict, digits: int = DIGITS) -> None:
        """Draw net's step (values: walkthrough(net)) with numbers of `digits` decimals."""
        self.model = flow_model(net, values, digits, self.width or DEFAULT_WIDTH)

    @property
    def current(self) -> dict | None:
        """The step-through's current item (name, formula, numbers, value, where), or None."""
        items = self.model.get("walk", [])
        return items[self.walk] if 0 <= self.walk < len(items) else None

    def __repr__(self) -> str:
        label = self.model.get("label", "no network")
        return f"FlowDiagram({label}, chosen={self.chosen or None}, {self.mode}, walk={self.walk})"

    @traitlets.validate("chosen")
    def _check_chosen(self, proposal) -> str:
        name, params = proposal["value"], self.model.get("params", [])
        if name and params and name not in params:
            raise BackpropError(
                f"{name!r} is not a parameter of this {self.model['label']} network; "
                f"choose one of {', '.join(params)}"
            )
        return name

    @traitlets.validate("walk")
    def _check_walk(self, proposal) -> int:
        position, count = proposal["value"], len(self.model.get("walk", []))
        if not -1 <= position < count:
            raise BackpropError(
                f"walk must be from -1 (not started) to {count - 1} (the last of {count} "
                f"values), got {position}"
            )
        return position

    @traitlets.observe("model")
    def _keep_places(self, change) -> None:
        """A new model: the walk stays at the same value (by key), the choice stays valid."""
        old, new = change["old"] or {}, change["new"] or {}
        items = new.get("walk", [])
        before = old.get("walk", [])
        if 0 <= self.walk < len(before):
            keys = [item["key"] for item in items]
            key = before[self.walk]["key"]
            self.walk = keys.index(key) if key in keys else min(self.walk, len(items) - 1)
        params = new.get("params", [])
        if params and self.chosen not in params:
            self.chosen = "w5" if "w5" in params else params[0]

    @traitlets.observe("width")
    def _relay(self, change) -> None:
        """The panel changed its width: lay the same diagram out for it."""
        moved = abs(change["new"] - self.model.get("requested", 0)) >= RELAY_AT
        if self.model and change["new"] > 0 and moved:
            self.model = relaid(self.model, change["new"])

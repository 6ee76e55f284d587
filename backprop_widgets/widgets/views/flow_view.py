"""The flow diagram as a view of the state: it draws the state's step, and a click (or
Enter) on an edge, a bias tag or a neuron proposes that parameter as the chosen one."""

from __future__ import annotations

from collections.abc import Callable

from ..bind import Field
from ..flow import FlowDiagram
from ..state import State

__all__ = ["MODES", "flow_view"]

MODES = {"weight": "forward", "gradient": "backward"}  # the state's edges -> the flow's view


def flow_view(state: State, guard: Callable) -> FlowDiagram:
    """A FlowDiagram that follows the state and proposes what the learner chooses on it."""
    flow = FlowDiagram()
    flow.add_class("bw-diagram")
    edges = {view: edge for edge, view in MODES.items()}
    choice = Field(flow, lambda name: state.propose(param=name), "parameter", guard, trait="chosen")
    view = Field(flow, lambda mode: state.propose(edges=edges[mode]), "view", guard, trait="mode")

    def draw(_change=None) -> None:
        with choice.silenced():
            flow.show(state.net, state.step, state.digits)
        choice.show(state.param)
        view.show(MODES[state.edges])

    draw()
    state.observe(guard(draw, "the diagram"), ["step", "digits"])
    state.observe(guard(lambda _: choice.show(state.param), "the diagram"), "param")
    state.observe(guard(lambda _: view.show(MODES[state.edges]), "the diagram"), "edges")
    flow.fields = (choice, view)  # the messages of a refused choice (shown by the explorer)
    return flow

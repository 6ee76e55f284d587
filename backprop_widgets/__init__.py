"""backprop_widgets: Matt Mazur's step-by-step backpropagation example, live in Jupyter.

Everything a notebook needs is here (and homework in backprop_widgets.homework):

>>> import backprop_widgets as bw
>>> net = bw.tutorial()
>>> bw.fmt(bw.walkthrough(net)["gradients"]["w5"])
'0.082167041'
>>> bw.fmt(bw.train(net, 10_000).E_total[-1], 10)
'0.0000351019'
"""

from .core import datasets
from .core.batches import neuron_outputs
from .core.errors import BackpropError, NumericalError
from .core.functions import ACTIVATIONS, LOSSES, relu, sigmoid
from .core.network import Network, tutorial
from .core.numbers import DIGITS, fmt, fmt_given
from .core.settings import SETTINGS
from .core.step import batch_indices, finite_differences, loss_slice, walkthrough
from .core.training import LIMIT, History, train
from .text.findings import SLIPS, findings_text, post_figures
from .text.render import closed_form, closed_form_latex, derivation_lines, walkthrough_text
from .text.teaching import (
    Maths,
    Table,
    aligned,
    closed_form_lines,
    derivation_table,
    forward_for,
    scaled,
    table,
    verify,
)

__all__ = [
    "ACTIVATIONS",
    "DIGITS",
    "LIMIT",
    "LOSSES",
    "SETTINGS",
    "SLIPS",
    "BackpropError",
    "Explorer",
    "History",
    "Lesson",
    "Maths",
    "Network",
    "NumericalError",
    "Playground",
    "Table",
    "aligned",
    "batch_indices",
    "closed_form",
    "closed_form_latex",
    "closed_form_lines",
    "datasets",
    "derivation_lines",
    "derivation_table",
    "findings_text",
    "finite_differences",
    "fmt",
    "fmt_given",
    "forward_for",
    "loss_slice",
    "neuron_outputs",
    "post_figures",
    "relu",
    "scaled",
    "sigmoid",
    "table",
    "train",
    "tutorial",
    "verify",
    "walkthrough",
    "walkthrough_text",
]


def __getattr__(name: str):
    """Explorer, Lesson and Playground live in the widget layer; import them only when asked."""
    if name == "Explorer":
        from .widgets.explorer import Explorer

        return Explorer
    if name == "Lesson":
        from .widgets.lesson import Lesson

        return Lesson
    if name == "Playground":
        from .widgets.playground import Playground

        return Playground
    raise AttributeError(f"module 'backprop_widgets' has no attribute {name!r}")

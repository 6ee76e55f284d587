"""backprop_widgets: Matt Mazur's step-by-step backpropagation example, live in Jupyter.

>>> import backprop_widgets as bw
>>> net = bw.tutorial()
>>> round(bw.walkthrough(net)["gradients"]["w5"], 9)
0.082167041
"""

from .network import BackpropError, Network, NumericalError, tutorial
from .training import History, train
from .walkthrough import finite_differences, loss_slice, walkthrough

__all__ = [
    "BackpropError",
    "Explorer",
    "History",
    "Lesson",
    "Network",
    "NumericalError",
    "finite_differences",
    "loss_slice",
    "train",
    "tutorial",
    "walkthrough",
]


def __getattr__(name: str):
    """Explorer and Lesson live in the widget layer; import them only when asked for."""
    if name == "Explorer":
        from .explorer import Explorer

        return Explorer
    if name == "Lesson":
        from .lesson import Lesson

        return Lesson
    raise AttributeError(f"module 'backprop_widgets' has no attribute {name!r}")

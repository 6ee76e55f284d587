"""The clickable diagram of the gradient's flow (an anywidget; its JS and CSS ship here)."""

from .widget import FlowDiagram

__all__ = ["FlowDiagram"]

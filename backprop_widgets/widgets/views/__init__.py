"""The widget layer: ipywidgets panels and matplotlib figures that draw what the core computes.

Every shown number carries a CSS class ``bw-value-SECTION-KEY`` (see value_class); every
control ``bw-control-NAME``, its slider ``bw-slider-NAME``, entry ``bw-entry-NAME`` and
message ``bw-message-NAME``.
"""

from ...text.notation import css_key
from ...text.sections import value_class

__all__ = ["css_key", "value_class"]

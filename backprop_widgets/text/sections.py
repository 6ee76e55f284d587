"""The walkthrough's sections, described once: heading, how a key is written in text and
LaTeX, the CSS prefix of its numbers, and whether the learner sets its values.

Every renderer (text, Markdown, LaTeX, the widgets' HTML panels, homework keys) reads this
table. Names are string.Template patterns: $key is the walkthrough key (w5, out_h1,
dE_total/dw5), $name its LaTeX name (w_{5}), $of and $wrt the two sides of a chain-rule
factor d<of>/d<wrt> in LaTeX.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template

from .notation import css_key, latex_name

__all__ = ["SECTIONS", "Section", "section", "symbol_latex", "symbol_text", "value_class"]


@dataclass(frozen=True)
class Section:
    """One section of a walkthrough (or another set of shown numbers)."""

    key: str
    heading: str
    text: str  # Template: the name of a key in plain text
    latex: str  # Template: the name of a key in LaTeX
    given: bool = False  # values the learner set: shown as typed (0.15), not padded

    @property
    def css(self) -> str:
        """The CSS class prefix of its numbers, e.g. bw-value-gradients-."""
        return f"bw-value-{self.key}-"

    def text_name(self, key: str) -> str:
        """How key is written in plain text, e.g. dE_total/dw5 or w5+."""
        return Template(self.text).substitute(key=key)

    def latex_name(self, key: str) -> str:
        """How key is written in LaTeX."""
        of, _, wrt = key.partition("/")
        return Template(self.latex).substitute(
            key=key,
            name=latex_name(key),
            of=latex_name(of[1:]) if wrt else "",
            wrt=latex_name(wrt[1:]) if wrt else "",
        )


SECTIONS: tuple[Section, ...] = (
    Section("params", "Values", "$key", "$name", given=True),
    Section("state", "Velocities before the step", "v_$key", "v_{$name}", given=True),
    Section("forward", "Forward pass", "$key", "$name"),
    Section("partials", "Backward pass", "$key", r"\frac{\partial $of}{\partial $wrt}"),
    Section(
        "gradients", "Gradients", "dE_total/d$key", r"\frac{\partial E_{total}}{\partial $name}"
    ),
    Section("velocity", "Velocities (momentum)", "v_$key+", "v_{$name}^{+}"),
    Section("updated", "Updates: new = old - lr * gradient", "$key+", "$name^{+}"),
    Section("after", "After the step", "$key+", "$name^{+}"),
    Section("batch", "The batch (several samples)", "$key", "$name"),
    # shown beside the walkthrough by the widgets
    Section("finite_differences", "Finite differences", "$key", "$name"),
    Section("difference", "Gradient minus finite difference", "$key", "$name"),
    Section("slice", "Loss slice", "$key", "$name"),
    Section("training", "Training", "$key", "$name"),
)

_BY_KEY = {s.key: s for s in SECTIONS}


def section(key: str) -> Section:
    """The Section called key."""
    return _BY_KEY[key]


def symbol_text(section_key: str, key: str) -> str:
    """How a quantity is written in plain text, e.g. dE_total/dw5, w5+."""
    return _BY_KEY[section_key].text_name(key)


def symbol_latex(section_key: str, key: str) -> str:
    """How a quantity is written in LaTeX, e.g. \\frac{\\partial E_{total}}{\\partial w_{5}}."""
    return _BY_KEY[section_key].latex_name(key)


def value_class(section_key: str, key: str) -> str:
    """The CSS class of a shown number, e.g. bw-value-gradients-w5."""
    return _BY_KEY[section_key].css + css_key(key)

"""Exercises: one quantity of one training step, of the tutorial network or a variant.

An exercise id is ``section.key`` with the walkthrough's sections and keys:
``forward.out_h1``, ``forward.E_total``, ``partials.dE_total/dout_o1``, ``gradients.w5``,
``updated.w5``, ``after.E_total``. The names a learner writes work too: ``out_h1``,
``dE_total/dout_o1``, ``dE_total/dw5``, ``w5+`` (w5 after the update), ``E_total+``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..core.network import Network, tutorial
from ..core.numbers import fmt_given
from ..core.step import walkthrough
from ..text.formulas import display_for
from .labels import edge
from .variants import HomeworkError, seed_text, variant

__all__ = ["DIGITS", "HOMEWORK", "Exercise", "describe", "exercise", "exercise_ids"]

DIGITS = 9  # decimals asked by default, as the post prints them

# The homework sheet: forward pass, error, output layer, update, the label trap, hidden layer.
HOMEWORK = (
    "forward.out_h1",
    "forward.out_o1",
    "forward.E_total",
    "partials.dE_total/dout_o1",
    "gradients.w5",
    "updated.w5",
    "gradients.w3",
    "partials.dE_total/dout_h1",
    "gradients.w1",
    "updated.w1",
    "after.E_total",
)


@dataclass(frozen=True)
class Exercise:
    """Compute one quantity of one step of network, to `digits` decimals."""

    id: str
    network: Network
    digits: int = DIGITS
    seed: str | None = None

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.id.split(".", 1)[1]

    @cached_property
    def values(self) -> dict:
        """The walkthrough of the exercise's network (every value of the step)."""
        return walkthrough(self.network)

    @property
    def answer(self) -> float:
        """The exact value asked for."""
        return self.values[self.section][self.key]

    @property
    def name(self) -> str:
        """The name a learner writes, e.g. dE_total/dw5 or w5+."""
        return display_for(self.network.shape).line(self.section, self.key).text_name

    @property
    def formula(self) -> str:
        """How the value is computed, e.g. 'dE_total/dw5 = dE_total/dout_o1 * ...'."""
        line = display_for(self.network.shape).line(self.section, self.key)
        return f"{line.text_name} = {line.text_formula}"

    @property
    def prompt(self) -> str:
        """The question, in words."""
        where = "the post's network" if self.seed is None else f"your variant (seed {self.seed})"
        what = describe(self.network, self.section, self.key)
        return f"Compute {what}, for {where}, to {self.digits} decimals."


def exercise_ids(net: Network | None = None) -> tuple[str, ...]:
    """Every exercise id of a network (the tutorial by default)."""
    net = net or tutorial()
    values = walkthrough(net)
    ids = [f"{s}.{k}" for s in ("forward", "partials", "gradients") for k in values[s]]
    ids += [f"updated.{p}" for p in values["updated"] if p in net.trained]
    ids += [f"after.{k}" for k in values["after"]]
    return tuple(ids)


def exercise(
    id: str, seed: str | int | None = None, digits: int = DIGITS, network: Network | None = None
) -> Exercise:
    """The exercise id for the tutorial network, the variant of seed, or a given network."""
    if network is not None and seed is not None:
        raise HomeworkError("give a seed or a network, not both")
    if network is not None and not isinstance(network, Network):
        raise HomeworkError(f"network must be a Network (e.g. bw.tutorial()), got {network!r}")
    seed = None if seed is None else seed_text(seed)
    net = network or (tutorial() if seed is None else variant(seed))
    if len(net.samples) != 1:
        raise HomeworkError("exercises use a network with one training sample, like the post")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 12:
        raise HomeworkError(f"digits (decimals asked) must be a whole number 1..12, got {digits!r}")
    return Exercise(_resolve(id, net), net, digits, seed)


def _resolve(id: str, net: Network) -> str:
    """The canonical section.key for an id or a learner's name for it."""
    if not isinstance(id, str):
        raise HomeworkError(f"an exercise id is text like 'gradients.w5', got {id!r}")
    ids = exercise_ids(net)
    text = id.strip().replace(" ", "")
    aliases = {i: i for i in ids}
    for i in ids:
        section, key = i.split(".", 1)
        learner = {
            "forward": key,
            "partials": key,
            "gradients": f"dE_total/d{key}",
            "updated": f"{key}+",
            "after": f"{key}+",
        }[section]
        aliases.setdefault(learner, i)
    aliases |= {f"new_{k.split('.')[1]}": k for k in ids if k.startswith("updated.")}
    if text in aliases:
        return aliases[text]
    if text.startswith("updated.b") and not net.train_biases:
        raise HomeworkError(
            f"{text}: the biases stay fixed in this network (the post does not train them); "
            f"ask for gradients.{text.split('.')[1]} instead"
        )
    examples = "forward.out_h1, partials.dE_total/dout_o1, gradients.w5, updated.w5, after.E_total"
    raise HomeworkError(
        f"unknown exercise {id!r}; ids look like {examples} (exercise_ids() lists them all)"
    )


def describe(net: Network, section: str, key: str) -> str:
    """A quantity in words, e.g. 'dE_total/dw6, the gradient of w6 (h2->o1)'."""
    if section == "params":
        if key in net.layout.params:
            return f"the original {edge(net, key)}"
        kinds = {"i": "the input", "t": "the target", "l": "the learning rate"}
        return f"{kinds.get(key[0], 'the value')} {key} = {fmt_given(net.values[key])}"
    if section in ("forward", "after"):
        what, _, neuron = key.partition("_")
        later = " after the update" if section == "after" else ""
        activation = net.activation[-1 if neuron.startswith("o") else 0]
        words = {
            "net": f"the net input of {neuron} (before the {activation})",
            "out": f"the output of {neuron} (after the {activation})",
            "E": "the total error E_o1 + E_o2"
            if neuron == "total"
            else f"the error of output {neuron}",
        }
        return f"{key}, {words[what]}{later}"
    if section == "partials":
        return f"the chain-rule factor {key}"
    if section == "gradients":
        return f"dE_total/d{key}, the gradient of {edge(net, key)}"
    return f"{key}+, {edge(net, key)} after the update"

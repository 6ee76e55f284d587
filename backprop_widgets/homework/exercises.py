"""Exercises: one quantity of one training step, of the tutorial network or a variant.

An exercise id is ``section.key`` with the walkthrough's sections and keys:
``forward.out_h1``, ``forward.E_total``, ``partials.dE_total/dout_o1``, ``gradients.w5``,
``updated.w5``, ``velocity.w5`` (momentum), ``batch.E_total`` (several samples),
``after.E_total``. The names a learner writes work too: ``out_h1``, ``dE_total/dout_o1``,
``dE_total/dw5``, ``w5+`` (w5 after the update), ``E_total+``. A topic other than the post's
one step comes first: ``relu:gradients.w3`` (see topics.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..core.network import Network, tutorial
from ..core.numbers import fmt_given
from ..core.step import walkthrough
from ..text.formulas import display_for
from .labels import edge
from .topics import POST, TOPICS, softmax_available, split_topic, topic, topic_network
from .variants import HomeworkError, seed_text

__all__ = [
    "DIGITS",
    "HOMEWORK",
    "TOPIC_HOMEWORK",
    "Exercise",
    "describe",
    "exercise",
    "exercise_ids",
]

DIGITS = 9  # decimals asked by default, as the post prints them

# The homework sheet: forward pass, error, output layer, update, the label trap, hidden layer.
HOMEWORK = TOPICS[POST].exercises

# The second sheet: every other lesson's topic (softmax when the core has it).
_SKIPPED = (POST,) if softmax_available() else (POST, "softmax")
TOPIC_HOMEWORK = tuple(
    f"{t.name}:{i}" for t in TOPICS.values() if t.name not in _SKIPPED for i in t.exercises
)


@dataclass(frozen=True)
class Exercise:
    """Compute one quantity of one step of network, to `digits` decimals."""

    id: str
    network: Network
    digits: int = DIGITS
    seed: str | None = None

    @property
    def topic(self) -> str:
        """The topic (see topics.py): 'post' for the post's one step."""
        return split_topic(self.id)[0]

    @property
    def section(self) -> str:
        return split_topic(self.id)[1].split(".", 1)[0]

    @property
    def key(self) -> str:
        return split_topic(self.id)[1].split(".", 1)[1]

    @property
    def batch(self) -> int:
        """How many samples one update averages over (1: the post's single sample)."""
        return len(self.network.samples)

    def sibling(self, section: str, key: str) -> Exercise:
        """Another quantity of the same step, e.g. the gradient an update uses."""
        prefix = "" if self.topic == POST else f"{self.topic}:"
        return Exercise(f"{prefix}{section}.{key}", self.network, self.digits, self.seed)

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
        if self.section == "batch":
            return f"{self.key} (batch mean)"
        return display_for(self.network.shape).line(self.section, self.key).text_name

    @property
    def formula(self) -> str:
        """How the value is computed, e.g. 'dE_total/dw5 = dE_total/dout_o1 * ...'."""
        n = self.batch
        if n > 1 and self.section in ("gradients", "batch", "after"):
            what = {"gradients": self.name, "batch": self.key, "after": "E_total"}[self.section]
            each = " + ".join(f"{what} of sample {k}" for k in range(1, n + 1))
            later = ", with the updated weights" if self.section == "after" else ""
            return f"{self.name} = ({each}) / {n}{later}"
        line = display_for(self.network.shape).line(self.section, self.key)
        neuron = self.key.removeprefix("out_")
        if self.section in ("forward", "after") and neuron in self.network.layout.layer_of:
            activation = self.network.activation[self.network.layout.layer_of[neuron] - 1]
            net = f"net_{neuron}" + ("+" if self.section == "after" else "")
            shown = {"tanh": f"tanh({net})", "relu": f"max(0, {net})"}.get(activation)
            if shown:
                return f"{line.text_name} = {shown}"
        return f"{line.text_name} = {line.text_formula}"

    @property
    def prompt(self) -> str:
        """The question, in words."""
        where = "the post's network" if self.seed is None else f"your variant (seed {self.seed})"
        if self.topic != POST:
            where += f" in the topic '{topic(self.topic).title}'"
        what = describe(self.network, self.section, self.key)
        return f"Compute {what}, for {where}, to {self.digits} decimals."


def exercise_ids(net: Network | None = None) -> tuple[str, ...]:
    """Every exercise id of a network (the tutorial by default)."""
    net = net or tutorial()
    values = walkthrough(net)
    one = len(net.samples) == 1  # with a batch, forward and partials are sample 1's alone
    ids = [f"{s}.{k}" for s in ("forward", "partials") if one for k in values[s]]
    ids += [f"gradients.{k}" for k in values["gradients"]]
    ids += [
        f"{s}.{p}" for s in ("velocity", "updated") for p in values.get(s, ()) if p in net.trained
    ]
    ids += [f"after.{k}" for k in values["after"]]
    ids += [] if one else ["batch.E_total"]
    return tuple(ids)


def exercise(
    id: str, seed: str | int | None = None, digits: int = DIGITS, network: Network | None = None
) -> Exercise:
    """The exercise id for the tutorial network, the variant of seed, or a given network.

    An id may name a topic first (``relu:gradients.w3``): its network for the post or seed.
    """
    if not isinstance(id, str):
        raise HomeworkError(f"an exercise id is text like 'gradients.w5', got {id!r}")
    if network is not None and seed is not None:
        raise HomeworkError("give a seed or a network, not both")
    if network is not None and not isinstance(network, Network):
        raise HomeworkError(f"network must be a Network (e.g. bw.tutorial()), got {network!r}")
    name, rest = split_topic(id)
    topic(name)
    if network is not None and name != POST:
        raise HomeworkError(f"{id!r} names the topic {name!r}: give a seed, not a network")
    seed = None if seed is None else seed_text(seed)
    net = network or topic_network(name, seed)
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 12:
        raise HomeworkError(f"digits (decimals asked) must be a whole number 1..12, got {digits!r}")
    prefix = "" if name == POST else f"{name}:"
    return Exercise(prefix + _resolve(rest, net), net, digits, seed)


def _resolve(id: str, net: Network) -> str:
    """The canonical section.key for an id or a learner's name for it."""
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
            "velocity": f"v_{key}+",
            "after": f"{key}+",
            "batch": f"{key}(batch)",
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
    if section == "batch":
        return f"{key}, the mean of E_total over the batch's {len(net.samples)} samples"
    if section == "velocity":
        return f"v_{key}+, the velocity of {edge(net, key)} after the step"
    if section in ("forward", "after"):
        what, _, neuron = key.partition("_")
        later = " after the update" if section == "after" else ""
        if section == "after" and len(net.samples) > 1:
            later += f" (the mean over the {len(net.samples)} samples)"
        layer = net.layout.layer_of.get(neuron, len(net.sizes) - 1)
        activation = net.activation[layer - 1]
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
        mean = (
            f", the mean over the batch's {len(net.samples)} samples"
            if len(net.samples) > 1
            else ""
        )
        return f"dE_total/d{key}, the gradient of {edge(net, key)}{mean}"
    return f"{key}+, {edge(net, key)} after the update"

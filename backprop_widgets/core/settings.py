"""Every network setting, declared once: name, default, label, help, how it is checked and
whether it changes the formulas.

Network's validation and with_settings, the CLI's options and --help, the explorer's and the
lessons' switches and the README's settings table are all read from SETTINGS. Adding a
setting is one entry here plus its effect in the core (the derivation, the step or training).

Settings (every value) and Shape (what the derivation depends on) are dataclasses made from
the table; building a Settings checks every value and the rules that tie them together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, make_dataclass
from typing import Any

from . import checks as c
from .functions import ACTIVATIONS, LOSSES, REGULARIZATIONS
from .post import POST_LR, POST_SAMPLE, POST_SIZES

__all__ = ["SETTINGS", "Setting", "Settings", "Shape", "setting", "shape_of"]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, how a learner reads it, and how it is checked.

    check(value, known) returns the value in its canonical form or raises BackpropError;
    known holds the settings checked before it (the table's order). shape: what the
    derivation depends on (None: the formulas do not change). parse: text -> value, for the
    command line. widget: how a settings panel shows it (None: not there).
    """

    name: str
    default: Any
    label: str
    help: str
    check: Callable[[Any, dict], Any]
    shape: Callable[[Any], Any] | None = None
    choices: tuple[tuple[Any, str], ...] = ()
    parse: Callable[[str], Any] | None = None
    metavar: str = ""
    flag: str = ""
    widget: str | None = None
    on: Any = True  # the value a switch sets when it is switched on
    stored: bool = True  # False: a one-off instruction (seed), not kept in the network

    @property
    def option(self) -> str:
        """The command-line option, e.g. --bias-mode."""
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def values(self) -> tuple:
        """The valid values of a setting with choices."""
        return tuple(value for value, _ in self.choices)


def _chooser(name: str) -> Callable[[Any, dict], str]:
    """The check of a setting whose value is one of its choices."""
    return lambda value, known: c.choice(name, value, setting(name).values)


_ACTIVATIONS = tuple((a, a) for a in ACTIVATIONS)

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "sizes",
        POST_SIZES,
        "network",
        "layer sizes, inputs first, e.g. 2,3,2 or 2,2,2,2 (2 to 6 layers of 1 to 16 neurons)",
        c.check_sizes,
        _same,
        parse=c.parse_sizes,
        metavar="2,2,2",
        widget="shape",
    ),
    Setting(
        "activation",
        ("sigmoid", "sigmoid"),
        "activation",
        "one name for every layer, HIDDEN,OUTPUT, or one per layer",
        c.check_activation,
        _same,
        _ACTIVATIONS,
        lambda t: tuple(t.split(",")),
        "NAME[,NAME...]",
        widget="per_layer",
    ),
    Setting(
        "loss",
        "squared_error",
        "loss",
        "squared_error: 1/2 (t - out)^2 (the post); cross_entropy: binary, sigmoid outputs; "
        "categorical_cross_entropy: -t ln(out), softmax outputs",
        _chooser("loss"),
        _same,
        tuple((name, name) for name in LOSSES),
        str,
        widget="choice",
    ),
    Setting(
        "bias_mode",
        "shared",
        "biases",
        "shared: one bias per layer, b1 b2 (the post); per_neuron: b_h1, b_o1, ...",
        _chooser("bias_mode"),
        _same,
        (("shared", "shared per layer (the post)"), ("per_neuron", "one per neuron")),
        str,
        widget="choice",
    ),
    Setting(
        "train_biases",
        False,
        "train biases (the post: frozen)",
        "update the biases too (the post keeps them fixed)",
        c.check_bool("train_biases"),
        _same,
        widget="switch",
    ),
    Setting(
        "hidden_uses",
        "original",
        "hidden deltas use",
        "the hidden deltas use the original w5..w8 (the post's rule) or the updated ones "
        "(what the post's 0.291027924 used); with several hidden layers, every layer above",
        _chooser("hidden_uses"),
        _same,
        (
            ("original", "original weights (the post's rule)"),
            ("updated", "updated weights (the post's numbers)"),
        ),
        str,
        widget="choice",
    ),
    Setting(
        "momentum",
        0.0,
        "momentum (mu)",
        "mu from 0 to below 1: v = mu * v + gradient, new = old - lr * v (0: plain descent)",
        c.check_momentum,
        lambda mu: mu != 0,
        parse=c.parse_real,
        metavar="MU",
        widget="switch",
        on=0.9,
    ),
    Setting(
        "regularization",
        "none",
        "regularisation",
        "none (the post); L2: E_total gains lam/2 * (w1^2 + w2^2 + ...); L1: lam * (|w1| + "
        "|w2| + ...); biases are not regularised",
        _chooser("regularization"),
        _same,
        (("none", "none (the post)"), *((r.name, r.in_words) for r in REGULARIZATIONS.values())),
        str,
        widget="choice",
    ),
    Setting(
        "lr",
        POST_LR,
        "lr (eta)",
        "the learning rate, above 0 (the post: 0.5)",
        c.check_lr,
        parse=c.parse_real,
        metavar="ETA",
    ),
    Setting(
        "lam",
        0.01,
        "lam (lambda)",
        "the regularisation rate lambda, 0 or more (with --regularization L1 or L2)",
        c.check_lam,
        parse=c.parse_real,
        metavar="LAMBDA",
    ),
    Setting(
        "samples",
        (POST_SAMPLE,),
        "samples",
        "training samples, each inputs:targets (repeat the option); default: the post's",
        c.check_samples,
        parse=c.parse_sample,
        metavar="I1,I2:T1,T2",
        flag="--sample",
    ),
    Setting(
        "batch_size",
        None,
        "batch size",
        "samples per update: 1 online, N a mini-batch, default all (the mean of their "
        "gradients); batches take the samples in order, cycling, never shuffled",
        c.check_batch_size,
        parse=c.parse_whole,
        metavar="N",
    ),
    Setting(
        "seed",
        None,
        "seed",
        "seed for the starting numbers of shapes other than the post's",
        c.check_seed,
        parse=str,
        stored=False,
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The entry of SETTINGS called name."""
    return _BY_NAME[name]


def _validate(self) -> None:
    """Check every value in the table's order (each may read those before it), then the rules."""
    known: dict[str, Any] = {}
    for s in SETTINGS:
        if s.stored:
            known[s.name] = s.check(getattr(self, s.name), known)
            object.__setattr__(self, s.name, known[s.name])
    c.rules(known)


def _made(name: str, columns: list, doc: str, **namespace):
    """A frozen dataclass made from the table, with a docstring."""
    cls = make_dataclass(name, columns, frozen=True, namespace={"__doc__": doc, **namespace})
    cls.__module__ = __name__
    return cls


Settings = _made(
    "Settings",
    [(s.name, Any, field(default=s.default)) for s in SETTINGS if s.stored],
    "Every stored setting of a network, checked (see SETTINGS).",
    __post_init__=_validate,
)

Shape = _made(
    "Shape",
    [(s.name, Any, field(default=s.shape(s.default))) for s in SETTINGS if s.shape],
    "What changes the formulas (not the numbers); the derivation is cached per shape.",
)


def shape_of(settings: Settings) -> Shape:
    """The Shape of a network's settings."""
    return Shape(
        **{f.name: setting(f.name).shape(getattr(settings, f.name)) for f in fields(Shape)}
    )

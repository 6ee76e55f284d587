"""A network as code: the Python line and the command line that rebuild it ("copy as code").

Only what differs from the post is written: the settings that differ (read from
core.settings.SETTINGS, in its order), then the values that differ from what those settings
start with. Numbers are written with repr, so the rebuilt network is equal, not close.

>>> from backprop_widgets import tutorial
>>> net = tutorial().with_settings(train_biases=True).with_params(w5=0.3)
>>> python_line(net)
'bw.tutorial().with_settings(train_biases=True).with_params(w5=0.3)'
>>> command_line(net)
'python -m backprop_widgets walkthrough --train-biases --set w5=0.3'
"""

from __future__ import annotations

import shlex
from functools import lru_cache
from typing import Any

from ..core.network import Network, tutorial
from ..core.settings import SETTINGS, Setting

__all__ = ["code_text", "command_line", "python_line", "restarts_velocity"]

# Values, not settings: the learner sets them with sliders (net.names); written as with_params.
AS_VALUES = {"lr"}


def _differing_settings(net: Network) -> dict[str, Any]:
    """The stored settings of net that differ from those of the post's network of its size,
    in the table's order; the first sample's inputs and targets are values (with_params), so
    samples count only when there are others."""
    found = {"sizes": net.sizes} if net.sizes != tutorial().sizes else {}
    sized = _start(tuple(found.items()))
    for s in SETTINGS:
        skipped = s.name in (*AS_VALUES, "sizes", "samples")
        if s.stored and not skipped and getattr(net, s.name) != getattr(sized, s.name):
            found[s.name] = getattr(net, s.name)
    if len(net.samples) != len(sized.samples) or net.samples[1:] != sized.samples[1:]:
        found["samples"] = net.samples
    return dict(sorted(found.items(), key=lambda item: _ORDER[item[0]]))


_ORDER = {s.name: k for k, s in enumerate(SETTINGS)}


@lru_cache(maxsize=64)
def _start(settings: tuple[tuple[str, Any], ...]) -> Network:
    """tutorial().with_settings(...): what these settings start with (networks are immutable,
    so one is kept per set of settings)."""
    return tutorial().with_settings(**dict(settings))


def _literal(value: Any) -> str:
    """A setting's value as Python source: names in double quotes, numbers by repr."""
    if isinstance(value, str):
        return f'"{value}"'  # a name from the settings table: no quote or backslash in it
    if isinstance(value, tuple):
        items = [_literal(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return repr(value)


def _short(name: str, value: Any) -> Any:
    """The shortest form a setting's check turns back into value (one activation name)."""
    if name == "activation":
        if len(set(value)) == 1:
            return value[0]
        if len(value) > 2 and len(set(value[:-1])) == 1:
            return (value[0], value[-1])
    return value


def _differing_values(net: Network, settings: dict[str, Any]) -> dict[str, float]:
    """The values of net (net.names order) that differ from those the settings start with."""
    base = _start(tuple(settings.items()))
    return {
        name: net.values[name]
        for name in net.names
        if name != "mu" and net.values[name] != base.values[name]
    }


def python_line(net: Network) -> str:
    """bw.tutorial().with_settings(...).with_params(...) giving a network equal to net
    (velocities start at zero: see restarts_velocity)."""
    settings = _differing_settings(net)
    values = _differing_values(net, settings)
    line = "bw.tutorial()"
    if settings:
        args = ", ".join(f"{n}={_literal(_short(n, v))}" for n, v in settings.items())
        line += f".with_settings({args})"
    if values:
        line += ".with_params(" + ", ".join(f"{n}={v!r}" for n, v in values.items()) + ")"
    return line


def _option(s: Setting, value: Any) -> list[str]:
    """The command-line words that set one setting (the CLI reads them with s.parse)."""
    if value is True:
        return [s.option]
    if s.name == "samples":
        return [f"{s.option}={_sample(sample)}" for sample in value]
    value = _short(s.name, value)
    text = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return [f"{s.option}={text}"]


def _sample(sample) -> str:
    """((0.05, 0.1), (0.01, 0.99)) -> '0.05,0.1:0.01,0.99'."""
    inputs, targets = sample
    return ",".join(map(repr, inputs)) + ":" + ",".join(map(repr, targets))


def command_line(net: Network, command: str = "walkthrough") -> str:
    """python -m backprop_widgets COMMAND with the options that rebuild net."""
    settings = _differing_settings(net)
    words = ["python", "-m", "backprop_widgets", command]
    for s in SETTINGS:
        if s.name in settings:
            words += _option(s, settings[s.name])
    for name, value in _differing_values(net, settings).items():
        words += ["--set", f"{name}={value!r}"]
    return shlex.join(words)


def restarts_velocity(net: Network) -> bool:
    """True when net carries momentum velocities the code cannot give (it starts at zero)."""
    return any(v != 0 for v in net.velocity.values())


def code_text(net: Network) -> str:
    """The Python lines and the command line, with what they leave out, for a learner."""
    lines = [
        "# Python: the network shown, and an explorer that starts from it",
        "import backprop_widgets as bw",
        "",
        f"net = {python_line(net)}",
        "bw.Explorer(net)",
    ]
    if restarts_velocity(net):
        lines.append("# (momentum's velocities are not written: this network starts at v = 0)")
    lines += ["", "# The command line: the same step, in a terminal", command_line(net)]
    return "\n".join(lines)

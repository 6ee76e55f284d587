"""python -m backprop_widgets: the walkthrough, training and answer keys in a terminal.

The network options are read from core.settings.SETTINGS: one option per setting.
"""

from __future__ import annotations

import argparse
import json
import sys

from .core.errors import BackpropError, NumericalError
from .core.network import Network, tutorial
from .core.settings import SETTINGS, Setting
from .core.step import forward, walkthrough
from .core.training import train
from .lessons import copy_lessons
from .text.findings import findings_text
from .text.reference import settings_table
from .text.render import FORMATS, train_text, walkthrough_text

__all__ = ["build_parser", "main", "network_from"]

EXAMPLES = """examples:
  python -m backprop_widgets walkthrough
  python -m backprop_widgets walkthrough --set w5=0.3 --set lr=0.1 --format markdown
  python -m backprop_widgets walkthrough --activation tanh,sigmoid --loss cross_entropy
  python -m backprop_widgets train --iterations 10000 --train-biases
  python -m backprop_widgets findings
  python -m backprop_widgets key --seed alice --format latex
  python -m backprop_widgets notebooks ~/backprop_lessons
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: the problem and the valid choices, exit status 2."""

    def error(self, message: str):
        sys.stderr.write(f"backprop_widgets: error: {message}\n")
        sys.exit(2)


def _option(parser: argparse.ArgumentParser, s: Setting) -> None:
    """The option of one setting: a flag for a switch, a choice, or text it parses."""
    default = "" if s.default in (None, False) else f" (default {_shown(s.default)})"
    kwargs: dict = {"dest": s.name, "default": None, "help": s.help + default}
    if s.default is False:
        kwargs["action"] = "store_true"
    elif s.choices and s.parse is str:
        kwargs["choices"] = s.values
    else:
        kwargs["metavar"] = s.metavar or s.name.upper()
        if s.flag:  # a list, one item per use (--sample)
            kwargs["action"] = "append"
    parser.add_argument(s.option, **kwargs)


def _shown(value) -> str:
    """A default as it is typed on the command line."""
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return "the post's"
    return ",".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _network_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by walkthrough and train."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set an input, target, weight, bias, lr or mu (repeatable), e.g. w5=0.3",
    )
    for s in SETTINGS:
        _option(parser, s)
    parser.add_argument("--format", default="text", choices=[*FORMATS, "json"])
    parser.add_argument("--digits", type=int, default=9, choices=range(1, 16), metavar="1..15")


def build_parser() -> argparse.ArgumentParser:
    """The command line: walkthrough, train, findings, key, notebooks."""
    parser = _Parser(
        prog="python -m backprop_widgets",
        description="Matt Mazur's step-by-step backpropagation example, computed and explained.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    step = commands.add_parser("walkthrough", help="one forward pass, backward pass and update")
    _network_options(step)
    learn = commands.add_parser("train", help="train for N steps and print the history")
    _network_options(learn)
    learn.add_argument("--iterations", type=int, default=10_000, metavar="N")
    commands.add_parser(
        "findings", help="which of the post's training figures follow from its algorithm"
    )
    table = commands.add_parser("settings", help="every network setting, its option and default")
    table.add_argument("--format", default="text", choices=["text", "markdown"])
    key = commands.add_parser("key", help="the worked solution of a student's homework variant")
    key.add_argument("--seed", required=True, help="the student's seed, e.g. their id")
    key.add_argument("--format", default="markdown", choices=FORMATS)
    lessons = commands.add_parser(
        "notebooks", help="copy the lesson and homework notebooks into DIR (never over your edits)"
    )
    lessons.add_argument("dir", metavar="DIR", help="the folder to copy them into")
    return parser


def _parsed(s: Setting, raw):
    """An option's text as the setting's value; a bad text names the option."""
    if s.parse is None or isinstance(raw, bool):
        return raw
    try:
        return [s.parse(text) for text in raw] if isinstance(raw, list) else s.parse(raw)
    except BackpropError as error:
        raise BackpropError(f"{s.option} {error}") from None


def network_from(args: argparse.Namespace) -> Network:
    """The network the options describe: settings first, then --set values."""
    given = {s.name: (s, getattr(args, s.name)) for s in SETTINGS}
    settings = {name: _parsed(s, raw) for name, (s, raw) in given.items() if raw is not None}
    return tutorial().with_settings(**settings).with_params(**_assignments(args.set))


def _assignments(pairs: list[str]) -> dict[str, float]:
    """['w5=0.3', 'lr=0.1'] -> {'w5': 0.3, 'lr': 0.1}."""
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BackpropError(f"--set takes NAME=VALUE, e.g. --set w5=0.3; got {pair!r}")
        try:
            found[name.strip()] = float(value)
        except ValueError:
            raise BackpropError(f"{name.strip()} must be a finite number, got {value!r}") from None
    return found


def _walkthrough(args: argparse.Namespace) -> str:
    net = network_from(args)
    values = walkthrough(net)
    if args.format == "json":
        return json.dumps(values, indent=2)
    return walkthrough_text(net, values, args.format, args.digits)


def _train(args: argparse.Namespace) -> str:
    net = network_from(args)
    history = train(net, args.iterations)
    if args.format != "json":
        return train_text(history, args.format, args.digits)
    final = history.network
    try:
        last = forward(final)
    except NumericalError:
        last = None
    data = {"params": final.values, "forward": last, "history": {"E_total": _SERIES}}
    text = json.dumps(data | {"stopped": history.stopped}, indent=2)
    # the history on one line, by json's C encoder (indent= switches to the slow Python one)
    return text.replace(json.dumps(_SERIES), json.dumps(history.E_total.tolist()), 1)


_SERIES = "\u0001E_total history\u0001"  # a placeholder no number or name can contain


def _findings(args: argparse.Namespace) -> str:
    return findings_text()


def _settings(args: argparse.Namespace) -> str:
    return settings_table(args.format)


def _key(args: argparse.Namespace) -> str:
    from .homework import answer_key  # only this command needs homework (a faster start)

    return answer_key(args.seed, args.format)


def _notebooks(args: argparse.Namespace) -> str:
    return copy_lessons(args.dir).text()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input prints one line and exits with status 2."""
    args = build_parser().parse_args(argv)
    run = {
        "walkthrough": _walkthrough,
        "train": _train,
        "findings": _findings,
        "settings": _settings,
        "key": _key,
        "notebooks": _notebooks,
    }
    try:
        output = run[args.command](args)
    except BackpropError as error:
        sys.stderr.write(f"backprop_widgets: error: {error}\n")
        return 2
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0

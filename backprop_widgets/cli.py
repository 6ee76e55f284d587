"""python -m backprop_widgets: the walkthrough, training and answer keys in a terminal."""

from __future__ import annotations

import argparse
import json
import sys

from .functions import ACTIVATIONS, LOSSES
from .network import BIAS_MODES, HIDDEN_USES, BackpropError, Network, tutorial
from .render import FORMATS, train_text, walkthrough_text
from .training import train
from .walkthrough import walkthrough

__all__ = ["main"]

EXAMPLES = """examples:
  python -m backprop_widgets walkthrough
  python -m backprop_widgets walkthrough --set w5=0.3 --set lr=0.1 --format markdown
  python -m backprop_widgets walkthrough --activation tanh,sigmoid --loss cross_entropy
  python -m backprop_widgets train --iterations 10000 --train-biases
  python -m backprop_widgets findings
  python -m backprop_widgets key --seed alice --format latex
"""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: the problem and the valid choices, exit status 2."""

    def error(self, message: str):
        sys.stderr.write(f"backprop_widgets: error: {message}\n")
        sys.exit(2)


def _network_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by walkthrough and train."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set an input, target, weight, bias or lr (repeatable), e.g. w5=0.3",
    )
    parser.add_argument(
        "--sizes", default="2,2,2", help="layer sizes, inputs first (default 2,2,2)"
    )
    parser.add_argument(
        "--activation",
        default="sigmoid",
        help=f"NAME or HIDDEN,OUTPUT or one per layer; names: {', '.join(ACTIVATIONS)}",
    )
    parser.add_argument("--loss", default="squared_error", choices=list(LOSSES))
    parser.add_argument("--bias-mode", default="shared", choices=BIAS_MODES)
    parser.add_argument("--train-biases", action="store_true", help="update the biases too")
    parser.add_argument(
        "--hidden-uses",
        default="original",
        choices=HIDDEN_USES,
        help="hidden deltas use the original (the post) or updated w5..w8",
    )
    parser.add_argument("--momentum", type=float, default=0.0, metavar="MU")
    parser.add_argument(
        "--sample",
        action="append",
        default=[],
        metavar="I1,I2:T1,T2",
        help="a training sample (repeatable); default: the post's",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        metavar="N",
        help="samples per update: 1 online, N mini-batch, default all",
    )
    parser.add_argument("--seed", default=None, help="seed for the starting numbers of other sizes")
    parser.add_argument("--format", default="text", choices=[*FORMATS, "json"])
    parser.add_argument("--digits", type=int, default=9, choices=range(1, 16), metavar="1..15")


def build_parser() -> argparse.ArgumentParser:
    """The command line: walkthrough, train, findings, key."""
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
    key = commands.add_parser("key", help="the worked solution of a student's homework variant")
    key.add_argument("--seed", required=True, help="the student's seed, e.g. their id")
    key.add_argument("--format", default="markdown", choices=FORMATS)
    return parser


def _numbers(text: str, what: str) -> tuple[float, ...]:
    """'0.05,0.1' -> (0.05, 0.1), or a clear error."""
    try:
        return tuple(float(v) for v in text.split(","))
    except ValueError:
        raise BackpropError(f"{what} must be numbers separated by commas, got {text!r}") from None


def network_from(args: argparse.Namespace) -> Network:
    """The network the options describe: settings first, then --set values."""
    sizes = _numbers(args.sizes, "--sizes")
    if not all(s == int(s) for s in sizes):
        raise BackpropError(f"--sizes must be whole numbers, got {args.sizes!r}")
    settings = {
        "sizes": tuple(int(s) for s in sizes),
        "activation": tuple(args.activation.split(",")),
        "loss": args.loss,
        "bias_mode": args.bias_mode,
        "train_biases": args.train_biases,
        "hidden_uses": args.hidden_uses,
        "momentum": args.momentum,
        "batch_size": args.batch_size,
    }
    if args.seed is not None:
        settings["seed"] = args.seed
    if args.sample:
        settings["samples"] = [_sample(text) for text in args.sample]
    return tutorial().with_settings(**settings).with_params(**_assignments(args.set))


def _sample(text: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """'0.05,0.1:0.01,0.99' -> ((0.05, 0.1), (0.01, 0.99))."""
    inputs, sep, targets = text.partition(":")
    if not sep:
        raise BackpropError(f"--sample must look like I1,I2:T1,T2, got {text!r}")
    return _numbers(inputs, "--sample inputs"), _numbers(targets, "--sample targets")


def _assignments(pairs: list[str]) -> dict[str, str]:
    """['w5=0.3', 'lr=0.1'] -> {'w5': '0.3', 'lr': '0.1'}."""
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BackpropError(f"--set takes NAME=VALUE, e.g. --set w5=0.3; got {pair!r}")
        found[name.strip()] = value.strip()
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
    return json.dumps(
        {
            "params": final.values,
            "forward": walkthrough(final)["forward"],
            "history": {"E_total": history.E_total.tolist()},
            "stopped": history.stopped,
        },
        indent=2,
    )


def _findings(args: argparse.Namespace) -> str:
    from .findings import findings_text

    return findings_text()


def _key(args: argparse.Namespace) -> str:
    from .homework import answer_key

    return answer_key(args.seed, args.format)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; bad input prints one line and exits with status 2."""
    args = build_parser().parse_args(argv)
    run = {"walkthrough": _walkthrough, "train": _train, "findings": _findings, "key": _key}
    try:
        output = run[args.command](args)
    except BackpropError as error:
        sys.stderr.write(f"backprop_widgets: error: {error}\n")
        return 2
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0

"""Copy as code: the Python line and the command line rebuild the network on screen.

The round trip is checked the way a learner makes it: the line runs in a fresh namespace
(here, in the test: the package never evaluates text), the command runs as a subprocess
with --format json, and both give back exactly the explorer's network and step.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import backprop_widgets as bw
from backprop_widgets.text.code import code_text, command_line, python_line, restarts_velocity
from backprop_widgets.widgets.explorer import Explorer

TWO_SAMPLES = (((0.05, 0.1), (0.01, 0.99)), ((-0.5, 0.2), (0.9, 0.1)))


def rebuilt(line: str) -> bw.Network:
    """What the Python line gives, run as a learner would run it, in a fresh namespace."""
    namespace: dict = {}
    exec(f"import backprop_widgets as bw\nnet = {line}", namespace)  # the test runs it
    return namespace["net"]


def run_command(line: str) -> dict:
    """The command line with --format json, run as a subprocess: the walkthrough it prints."""
    words = shlex.split(line)
    assert words[:3] == ["python", "-m", "backprop_widgets"]
    out = subprocess.run(
        [sys.executable, *words[1:], "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def networks() -> dict[str, bw.Network]:
    """Networks a learner reaches in the explorer: moved values, switches, shapes, training."""
    post = bw.tutorial()
    return {
        "post": post,
        "w5 and lr": post.with_params(w5=0.3, lr=0.1),
        "inputs and targets": post.with_params(i1=-0.7, t2=0.5),
        "trained biases": bw.train(post.with_settings(train_biases=True), 3).network,
        "updated deltas": post.with_settings(hidden_uses="updated").with_params(w2=-1.25),
        "2-3-2 tanh": post.with_settings(sizes=(2, 3, 2), activation=("tanh", "sigmoid")),
        "deep relu": post.with_settings(sizes=(2, 2, 2, 2), activation=("relu", "relu", "sigmoid")),
        "per neuron": post.with_settings(bias_mode="per_neuron").with_params(b_o2=0.125),
        "cross entropy": post.with_settings(loss="cross_entropy").with_params(w8=-2.0),
        "momentum": post.with_settings(momentum=0.5),
        "two samples": post.with_settings(samples=TWO_SAMPLES, batch_size=1),
        "seeded 3-4-2": post.with_settings(sizes=(3, 4, 2), seed="ada"),
        "trained 2-3-2": bw.train(post.with_settings(sizes=(2, 3, 2)), 25).network,
        "L2": bw.train(post.with_settings(regularization="L2", lam=0.05), 4).network,
        "softmax": post.with_settings(
            activation=("sigmoid", "softmax"), loss="categorical_cross_entropy"
        ),
    }


@pytest.mark.parametrize("name", list(networks()))
def test_the_python_line_rebuilds_the_network(name):
    net = networks()[name]
    line = python_line(net)
    assert line.startswith("bw.tutorial()")
    assert rebuilt(line) == net
    assert bw.walkthrough(rebuilt(line)) == bw.walkthrough(net)


def test_only_what_differs_from_the_post_is_written():
    nets = networks()
    assert python_line(nets["post"]) == "bw.tutorial()"
    assert python_line(nets["w5 and lr"]) == "bw.tutorial().with_params(w5=0.3, lr=0.1)"
    assert python_line(nets["2-3-2 tanh"]) == (
        'bw.tutorial().with_settings(sizes=(2, 3, 2), activation=("tanh", "sigmoid"))'
    )
    assert python_line(nets["deep relu"]) == (
        'bw.tutorial().with_settings(sizes=(2, 2, 2, 2), activation=("relu", "sigmoid"))'
    )
    assert command_line(nets["per neuron"]) == (
        "python -m backprop_widgets walkthrough --bias-mode=per_neuron --set b_o2=0.125"
    )
    assert command_line(nets["two samples"]) == (
        "python -m backprop_widgets walkthrough --sample=0.05,0.1:0.01,0.99 "
        "--sample=-0.5,0.2:0.9,0.1 --batch-size=1"
    )
    trained = python_line(nets["trained biases"])
    assert trained.startswith("bw.tutorial().with_settings(train_biases=True).with_params(w1=")
    assert "lr=" not in trained and "i1=" not in trained  # unchanged values are left out
    assert python_line(nets["L2"]).startswith(
        'bw.tutorial().with_settings(regularization="L2", lam=0.05).with_params(w1='
    )


@pytest.mark.parametrize(
    "name",
    ["post", "w5 and lr", "trained biases", "deep relu", "two samples", "seeded 3-4-2", "L2"],
)
def test_the_command_line_prints_the_same_walkthrough(name):
    net = networks()[name]
    expected = json.loads(json.dumps(bw.walkthrough(net)))
    assert run_command(command_line(net)) == expected


def test_the_explorer_shows_the_code_of_what_is_on_screen_and_starts_from_it():
    explorer = Explorer()
    explorer.controls["w5"].value = 0.3
    explorer.settings["train_biases"].value = True
    explorer.step()
    text = explorer.code.text.value
    assert text == code_text(explorer.net) == explorer.as_code()
    line = next(row for row in text.splitlines() if row.startswith("net = "))[len("net = ") :]
    again = Explorer(rebuilt(line))
    assert again.net == explorer.net
    assert again.code.text.value == text
    assert again.table.value == explorer.table.value  # every number the same
    command = text.splitlines()[-1]
    assert run_command(command) == json.loads(json.dumps(bw.walkthrough(explorer.net)))


def test_momentum_s_velocities_are_said_to_restart():
    net = bw.train(bw.tutorial().with_settings(momentum=0.9), 2).network
    assert restarts_velocity(net)
    assert "velocities are not written" in code_text(net)
    fresh = rebuilt(python_line(net))
    assert fresh.params == net.params and fresh.momentum == net.momentum
    assert all(v == 0 for v in fresh.velocity.values())
    assert not restarts_velocity(bw.tutorial().with_settings(momentum=0.9))


def test_the_readme_shows_what_copy_as_code_gives():
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme[readme.index("**Copy as code**") :]
    line = re.search(r"\n *net = (bw\.tutorial\(\)[^\n]*)\n", section).group(1)
    command = re.search(r"```bash\n *(python -m backprop_widgets [^\n]*)\n", section).group(1)
    net = rebuilt(line)
    assert python_line(net) == line
    assert command == command_line(net) + " --format json"

"""python -m backprop_widgets, run as a learner runs it."""

import json
import subprocess
import sys

import pytest

import backprop_widgets as bw


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backprop_widgets", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_walkthrough_json_has_the_tutorial_keys_and_numbers():
    out = cli("walkthrough", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"params", "forward", "partials", "gradients", "updated", "after"}
    assert data == json.loads(json.dumps(bw.walkthrough(bw.tutorial())))
    for key in ["dE_total/dout_o1", "dout_o1/dnet_o1", "dnet_o1/dw5", "dE_o1/dnet_o1",
                "dnet_o1/dout_h1", "dE_o1/dout_h1", "dE_o2/dout_h1", "dE_total/dout_h1",
                "dout_h1/dnet_h1", "dnet_h1/dw1"]:  # fmt: skip
        assert key in data["partials"]
    assert round(data["after"]["E_total"], 9) == 0.291027774
    assert list(data["gradients"]) == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"]


def test_walkthrough_text_shows_every_step():
    out = cli("walkthrough").stdout
    assert "net_h1 = w1 * i1 + w2 * i2 + b1 = 0.15 * 0.05 + 0.2 * 0.1 + 0.35 = 0.377500000" in out
    assert "dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5 = " in out
    assert "0.741365070 * 0.186815602 * 0.593269992 = 0.082167041" in out
    assert "w5+ = w5 - lr * dE_total/dw5 = 0.4 - 0.5 * 0.082167041 = 0.358916480" in out
    assert "E_total+ = 0.291027774" in out


@pytest.mark.parametrize("style", ["markdown", "latex"])
def test_markdown_and_latex_paste_into_a_write_up(style):
    out = cli("walkthrough", "--format", style, "--set", "w5=0.3").stdout
    assert r"\frac{\partial E_{total}}{\partial w_{5}}" in out
    assert "w_{5} - \\eta \\cdot" in out
    expected = bw.walkthrough(bw.tutorial().with_params(w5=0.3))["updated"]["w5"]
    assert f"{expected:.9f}" in out
    if style == "latex":
        assert out.count(r"\begin{align*}") == out.count(r"\end{align*}") > 4
    else:
        assert out.startswith("# One step of backpropagation") and "$$" in out


def test_options_reach_the_network():
    out = cli("walkthrough", "--format", "json", "--activation", "tanh,sigmoid", "--loss",
              "cross_entropy", "--sizes", "2,3,2", "--train-biases", "--set", "lr=0.1")  # fmt: skip
    data = json.loads(out.stdout)
    net = (
        bw.tutorial()
        .with_settings(
            sizes=(2, 3, 2), activation=("tanh", "sigmoid"), loss="cross_entropy", train_biases=True
        )
        .with_params(lr=0.1)
    )
    assert data == json.loads(json.dumps(bw.walkthrough(net)))


def test_train_prints_history_and_final_values():
    out = cli("train", "--iterations", "10000")
    assert out.returncode == 0
    assert "  10000  0.0000351019" in out.stdout and "      1  0.2910277737" in out.stdout
    assert "w1=0.378509988 (i1->h1)" in out.stdout and "out_o1 = 0.015913620" in out.stdout
    data = json.loads(cli("train", "--iterations", "10", "--format", "json").stdout)
    assert set(data) == {"params", "forward", "history", "stopped"}
    assert len(data["history"]["E_total"]) == 11


def test_findings_command():
    out = cli("findings").stdout
    assert "0.291027924" in out and "0.291027774" in out and "9,999 updates" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["walkthrough", "--set", "w9=1"], "unknown name 'w9'"),
        (["walkthrough", "--set", "w5=abc"], "w5 must be a finite number"),
        (["walkthrough", "--set", "w5=inf"], "w5 must be a finite number"),
        (["walkthrough", "--set", "lr=0"], "must be positive"),
        (["walkthrough", "--set", "w5"], "--set takes NAME=VALUE"),
        (["walkthrough", "--sizes", "2,x,2"], "--sizes must be numbers"),
        (["walkthrough", "--sizes", "2"], "make no network"),
        (["walkthrough", "--sizes", "2,1.5,2"], "whole numbers"),
        (["walkthrough", "--activation", "swish"], "choose one of: sigmoid, tanh, relu, linear"),
        (["walkthrough", "--loss", "hinge"], "choose from 'squared_error', 'cross_entropy'"),
        (["walkthrough", "--activation", "relu", "--loss", "cross_entropy"], "use the sigmoid"),
        (["walkthrough", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["walkthrough", "--sample", "1,2"], "--sample must look like I1,I2:T1,T2"),
        (["train", "--iterations", "-5"], "steps must be a whole number"),
        (["train", "--iterations", "ten"], "invalid int value: 'ten'"),
        (["dance"], "invalid choice: 'dance'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_bad_input_one_line_exit_2(args, message):
    out = cli(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr

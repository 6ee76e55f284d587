"""Answer keys: the seed, the variant's values and the worked step, numbers checked against the
plain-float reference; the same key from the command line."""

import math
import subprocess
import sys

import pytest

from backprop_widgets.homework import HOMEWORK, HomeworkError, answer_key, variant
from tests.test_homework_reference import step


def reference_numbers(seed: str) -> dict[str, str]:
    """The numbers a key must show, from the reference, to 9 decimals."""
    ref = step(variant(seed).values)
    shown = {f"forward.{k}": v for k, v in ref["forward"].items()}
    shown |= {f"gradients.{k}": v for k, v in ref["gradients"].items()}
    shown |= {f"updated.{k}": v for k, v in ref["updated"].items()}
    shown["after.E_total"] = ref["E_total_after"]
    return {k: f"{v:.9f}" for k, v in shown.items()}


@pytest.mark.parametrize("seed", ["alice", "bob", "Student 7"])
@pytest.mark.parametrize("style", ["markdown", "latex", "text"])
def test_the_key_shows_the_seed_the_values_and_every_number_of_the_step(seed, style):
    key = answer_key(seed, style)
    assert f"Answer key: seed {'`' + seed + '`' if style == 'markdown' else seed}" in key or (
        style == "latex" and rf"\texttt{{{seed}}}" in key
    )
    values = variant(seed).values
    header = key.split("One step of backpropagation")[0]
    for name, value in values.items():
        assert f"{name} = {value:g}" in header
    for qid, number in reference_numbers(seed).items():
        assert number in key, f"{qid} = {number} missing from the {style} key"


def test_the_keys_answers_at_a_glance_list_the_homework_with_reference_values():
    key = answer_key("alice", "text")
    ref = reference_numbers("alice")
    glance = key.split("Answers at a glance")[1].split("One step")[0]
    assert len([line for line in glance.splitlines() if line.strip()]) == len(HOMEWORK)
    assert f"gradients.w5               dE_total/dw5 = {ref['gradients.w5']}" in glance
    assert f"after.E_total              E_total+ = {ref['after.E_total']}" in glance
    by_hand = 1 / (1 + math.exp(-(0.75 * 0.05 + 0.58 * 0.17 + 0.73)))  # alice: w1 i1 + w2 i2 + b1
    assert ref["forward.out_h1"] == f"{by_hand:.9f}" == "0.703933542"
    assert "out_h1 = 0.703933542" in glance


def test_the_latex_key_escapes_the_seed():
    key = answer_key("a_b&c", "latex")
    assert r"\texttt{a\_b\&c}" in key


def test_a_bad_style_or_seed_gets_a_clear_message():
    with pytest.raises(HomeworkError, match="unknown style 'html'; choose one of: text"):
        answer_key("alice", "html")
    with pytest.raises(HomeworkError, match="seed is empty"):
        answer_key("  ")


def test_the_command_line_prints_the_same_key():
    out = subprocess.run(
        [sys.executable, "-m", "backprop_widgets", "key", "--seed", "alice", "--format", "text"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == answer_key("alice", "text")


def test_the_command_line_explains_an_empty_seed():
    out = subprocess.run(
        [sys.executable, "-m", "backprop_widgets", "key", "--seed", " "],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "seed is empty" in out.stderr
    assert "Traceback" not in out.stderr

"""The lessons' helpers (backprop_widgets.text.teaching), against hand-written expectations
and the independent matrix implementation in tests/reference.py."""

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets import fmt

from . import reference


def test_aligned_puts_one_ampersand_before_the_first_equals_sign():
    maths = bw.aligned(["a = b = c", r"x &= y = z"])
    assert maths.lines == ("a &= b = c", "x &= y = z")
    assert maths._repr_latex_() == (
        r"$\displaystyle \begin{aligned}a &= b = c \\ x &= y = z\end{aligned}$"
    )
    assert repr(maths) == "a = b = c\nx = y = z"
    assert bw.aligned("w = 1").lines == ("w &= 1",)


@pytest.mark.parametrize("bad", [[], [3.0], None])
def test_aligned_refuses_what_is_not_latex_lines(bad):
    with pytest.raises((bw.BackpropError, TypeError)):
        bw.aligned(bad)


def test_table_formats_floats_like_the_post_and_aligns_numbers_right():
    t = bw.table(["name", "value", "n"], [["w5", 0.0821670405642, 3], ["w|x", -1e-12, 10]])
    assert t.rows == (("w5", "0.082167041", "3"), ("w|x", "0.000000000", "10"))
    assert repr(t).splitlines() == [
        "name        value   n",
        "w5    0.082167041   3",
        "w|x   0.000000000  10",
    ]
    assert t._repr_markdown_().splitlines() == [
        "| name | value | n |",
        "| :--- | ---: | ---: |",
        "| w5 | 0.082167041 | 3 |",
        r"| w\|x | 0.000000000 | 10 |",
    ]
    assert bw.table(["x"], [[0.5]], digits=2).rows == (("0.50",),)


def test_table_refuses_a_row_of_the_wrong_length():
    with pytest.raises(bw.BackpropError, match="row 2 has 1 cells but the header has 2"):
        bw.table(["a", "b"], [[1, 2], [3]])


def test_derivation_table_has_one_row_per_derivation_line_with_the_walkthrough_values():
    net = bw.tutorial()
    v = bw.walkthrough(net)
    lines = bw.derivation_lines(net, v, "w1")
    t = bw.derivation_table(net, v, "w1")
    assert len(t.rows) == len(lines) == 15
    assert t.rows[0][3] == f"${fmt(v['gradients']['w1'])}$" == "$0.000438568$"
    assert t.rows[-1][3] == "$0.149780716$"  # w1+, the post's figure
    assert t.rows[6] == (
        "7",
        r"$\frac{\partial net_{o1}}{\partial out_{h1}}$",
        "$w_{5}$",
        "$0.400000000$",
    )
    for (_, quantity, middle, value), line in zip(t.rows, lines, strict=True):
        rebuilt = " = ".join(p.strip("$") for p in (quantity, middle, value) if p)
        assert rebuilt == line


def test_closed_form_lines_of_w1_name_each_neuron_output_once():
    lines = bw.closed_form_lines(bw.tutorial(), "w1").lines
    # by hand: dE/dw1 = i1 * out_h1 (1 - out_h1) * (delta_o1-part * w5 + delta_o2-part * w7)
    assert lines[0] == (
        r"\frac{\partial E_{total}}{\partial w_{1}} &= i_{1} out_{h1} \left(1 - out_{h1}\right) "
        r"\left(out_{o1} w_{5} \left(1 - out_{o1}\right) \left(out_{o1} - t_{1}\right) "
        r"+ out_{o2} w_{7} \left(1 - out_{o2}\right) \left(out_{o2} - t_{2}\right)\right)"
    )
    assert lines[1:] == (
        r"\text{where } out_{h1} &= \sigma\left(b_{1} + i_{1} w_{1} + i_{2} w_{2}\right)",
        r"out_{h2} &= \sigma\left(b_{1} + i_{1} w_{3} + i_{2} w_{4}\right)",
        r"out_{o1} &= \sigma\left(b_{2} + out_{h1} w_{5} + out_{h2} w_{6}\right)",
        r"out_{o2} &= \sigma\left(b_{2} + out_{h1} w_{7} + out_{h2} w_{8}\right)",
    )


def test_closed_form_lines_leave_out_neurons_the_gradient_does_not_reach():
    lines = bw.closed_form_lines(bw.tutorial(), "w8").lines
    assert [line.split(" &= ")[0] for line in lines[1:]] == [
        r"\text{where } out_{h1}",
        "out_{h2}",
        "out_{o2}",
    ]
    with pytest.raises(bw.BackpropError, match="no gradient of 'w9'"):
        bw.closed_form_lines(bw.tutorial(), "w9")


@pytest.mark.parametrize("sizes", [(2, 2, 2), (2, 3, 2), (2, 2, 2, 2)])
def test_forward_for_agrees_with_the_matrix_reference(sizes):
    net = bw.tutorial().with_settings(sizes=sizes, activation=("tanh", "sigmoid"))
    rows = [(0.05, 0.10), (0.0, 0.0), (1.0, -0.5)]
    found = bw.forward_for(net, rows)
    ws, bs = reference.matrices(net)
    for k, row in enumerate(rows):
        _, outs = reference.forward(net, ws, bs, row)
        for layer, names in enumerate(net.layout.layers[1:], start=1):
            for j, neuron in enumerate(names):
                assert found[f"out_{neuron}"][k] == pytest.approx(outs[layer][j], abs=1e-12)
    neurons = [n for layer in net.layout.layers[1:] for n in layer]
    assert set(found) == {f"{kind}_{n}" for n in neurons for kind in ("net", "out")}


def test_forward_for_refuses_rows_of_the_wrong_length_and_no_rows():
    with pytest.raises(bw.BackpropError, match="input row 2 has 3 values; this network takes 2"):
        bw.forward_for(bw.tutorial(), [(0, 0), (1, 2, 3)])
    with pytest.raises(bw.BackpropError, match="at least one row"):
        bw.forward_for(bw.tutorial(), [])


def test_scaled_multiplies_every_weight_and_no_bias():
    net = bw.tutorial().with_settings(train_biases=True)
    big = bw.scaled(net, 10)
    for w in net.layout.weights:
        assert big[w.name] == pytest.approx(10 * net[w.name])
    assert (big["b1"], big["b2"]) == (0.35, 0.6)
    # the pre-activations of the hidden layer scale with the weights (biases fixed)
    assert bw.walkthrough(big)["forward"]["net_h1"] == pytest.approx(0.05 * 1.5 + 0.1 * 2 + 0.35)
    with pytest.raises(bw.BackpropError, match="a number to multiply"):
        bw.scaled(net, "10")


def test_verify_counts_true_claims_and_names_false_ones():
    assert repr(bw.verify({"one": True, "two": np.bool_(True)})) == "All 2 checks pass."
    with pytest.raises(AssertionError, match=r"these claims do not hold: w5 is 0\.5; b1 is 0"):
        bw.verify({"w5 is 0.4": True, "w5 is 0.5": False, "b1 is 0": False})
    with pytest.raises(bw.BackpropError, match="must be True or False"):
        bw.verify({"a number is not a claim": 1})
    with pytest.raises(bw.BackpropError, match="at least one claim"):
        bw.verify({})

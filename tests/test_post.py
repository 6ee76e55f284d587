"""Every number Matt Mazur's post prints, at the digits it prints, from the package."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

import backprop_widgets as bw
from backprop_widgets.core.numbers import fmt
from backprop_widgets.text.findings import SLIPS, post_figures

# (section, key, as printed in the post). The post's order: forward pass, error, output
# layer, hidden layer.
POST_FIRST_STEP = [
    ("forward", "net_h1", "0.3775"),
    ("forward", "out_h1", "0.593269992"),
    ("forward", "out_h2", "0.596884378"),
    ("forward", "net_o1", "1.105905967"),
    ("forward", "out_o1", "0.75136507"),
    ("forward", "out_o2", "0.772928465"),
    ("forward", "E_o1", "0.274811083"),
    ("forward", "E_o2", "0.023560026"),
    ("forward", "E_total", "0.298371109"),
    ("partials", "dE_total/dout_o1", "0.74136507"),
    ("partials", "dout_o1/dnet_o1", "0.186815602"),
    ("partials", "dnet_o1/dw5", "0.593269992"),
    ("gradients", "w5", "0.082167041"),
    ("updated", "w5", "0.35891648"),
    ("updated", "w6", "0.408666186"),
    ("updated", "w7", "0.511301270"),
    ("updated", "w8", "0.561370121"),
    ("partials", "dE_o1/dnet_o1", "0.138498562"),
    ("partials", "dnet_o1/dout_h1", "0.40"),
    ("partials", "dE_o1/dout_h1", "0.055399425"),
    ("partials", "dE_total/dout_h1", "0.036350306"),
    ("partials", "dout_h1/dnet_h1", "0.241300709"),
    ("partials", "dnet_h1/dw1", "0.05"),
    ("gradients", "w1", "0.000438568"),
    ("updated", "w1", "0.149780716"),
    ("updated", "w2", "0.19956143"),
    ("updated", "w3", "0.24975114"),
    ("updated", "w4", "0.29950229"),
]


@pytest.fixture(scope="module")
def step():
    return bw.walkthrough(bw.tutorial())


def digits(printed: str) -> int:
    return len(printed.split(".")[1])


@pytest.mark.parametrize(("section", "key", "printed"), POST_FIRST_STEP)
def test_first_step_number(step, section, key, printed):
    assert fmt(step[section][key], digits(printed)) == printed


@pytest.mark.parametrize("slip", SLIPS, ids=lambda s: s.key)
def test_rounding_slip_is_the_product_of_the_posts_rounded_factors(step, slip):
    exact = fmt(step["partials"][slip.key], digits(slip.printed))
    assert exact != slip.printed
    assert abs(Decimal(exact) - Decimal(slip.printed)) == Decimal(10) ** -digits(slip.printed)
    rounded = [Decimal(fmt(step["partials"][f])) for f in slip.factors]
    product = rounded[0] * rounded[1]
    assert str(product.quantize(Decimal(slip.printed), rounding=ROUND_HALF_UP)) == slip.printed


def test_biases_are_frozen_in_the_post(step):
    assert step["updated"]["b1"] == 0.35 and step["updated"]["b2"] == 0.6
    assert fmt(step["gradients"]["b2"]) == "0.100400325"  # what training them would use


def test_after_one_step_the_described_algorithm_gives_0_291027774(step):
    assert fmt(step["after"]["E_total"]) == "0.291027774"


@pytest.mark.parametrize("figure", post_figures(), ids=lambda f: f.what)
def test_post_figures_after_training(figure):
    """None of the after-training figures follows from the described algorithm; each is
    reproduced exactly by the recipe recorded in findings.py."""
    assert not figure.follows
    assert figure.reproduces


def test_figure_values_pinned():
    e1, e10k, o1, o2 = post_figures()
    assert fmt(e1.described) == "0.291027774"
    assert fmt(e10k.described, 10) == "0.0000351019"
    assert (fmt(o1.described), fmt(o2.described)) == ("0.015913620", "0.984064274")


def test_i2_feeds_h1_through_w2_as_the_posts_numbers_show():
    swapped = bw.walkthrough(bw.tutorial().with_params(w2=0.25, w3=0.20))
    assert fmt(swapped["forward"]["out_h1"]) == "0.594475931" != "0.593269992"
    assert bw.tutorial().layout.weights[1] == bw.tutorial().layout.weights_into("h1")[1]
    assert (bw.tutorial().layout.weights[1].source, bw.tutorial().layout.weights[1].target) == (
        "i2",
        "h1",
    )

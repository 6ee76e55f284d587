"""Large |net| values: no overflow warning, no NaN shown as a number, clear messages."""

import math
import warnings

import numpy as np
import pytest

import backprop_widgets as bw

BIG = [800.0, -800.0, 1e6, -1e6]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("w", BIG)
def test_large_net_values_stay_finite(activation, w):
    net = (
        bw.tutorial()
        .with_settings(activation=(activation, "sigmoid"))
        .with_params(w1=w, w5=w, b2=w)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        step = bw.walkthrough(net)
        estimate = bw.finite_differences(net)
        curve = bw.loss_slice(net, "w5", np.linspace(-1e6, 1e6, 11))
    for section in ("forward", "partials", "gradients", "updated", "after"):
        assert all(math.isfinite(v) for v in step[section].values()), section
    assert all(math.isfinite(v) for v in estimate.values())
    assert np.all(np.isfinite(curve))


def test_saturated_output_with_cross_entropy_says_why():
    net = bw.tutorial().with_settings(loss="cross_entropy").with_params(w5=800, b2=800)
    with pytest.raises(bw.NumericalError, match=r"strictly between 0 and 1.*saturated"):
        bw.walkthrough(net)


def test_overflow_says_so():
    net = bw.tutorial().with_settings(activation="linear").with_params(w5=1e200, w6=1e200, b2=1e200)
    with pytest.raises(bw.NumericalError, match="grew beyond what a float holds"):
        bw.walkthrough(net)


def test_overflowing_training_stops_cleanly():
    net = bw.tutorial().with_settings(activation="linear").with_params(lr=1e3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = bw.train(net, 100)
    assert history.stopped and np.all(np.isfinite(history.E_total))

"""The two stdlib reference implementations reproduce the post and agree with each other."""

import importlib.util
import itertools
import math
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "baselines.py"
_SPEC = importlib.util.spec_from_file_location("benchmarks_baselines", _PATH)
baselines = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = baselines
_SPEC.loader.exec_module(baselines)

POST_VALUES = {
    "forward.out_h1": 0.593269992,
    "forward.out_h2": 0.596884378,
    "forward.out_o1": 0.75136507,
    "forward.out_o2": 0.772928465,
    "forward.E_total": 0.298371109,
    "gradients.w5": 0.082167041,
    "updated.w5": 0.35891648,
    "updated.w6": 0.408666186,
    "updated.w7": 0.511301270,
    "updated.w8": 0.561370121,
    "updated.w1": 0.149780716,
    "updated.w2": 0.19956143,
    "updated.w3": 0.24975114,
    "updated.w4": 0.29950229,
    # The post prints -0.019049119 (it multiplies already-rounded factors); the exact value is
    # -0.0190491182583, which rounds to the figure below.
    "partials.dE_o2/dout_h1": -0.019049118,
    "partials.dE_total/dout_h1": 0.036350306,
    "partials.dout_h1/dnet_h1": 0.241300709,
    "after.E_total": 0.291027774,
}


def _decimals(value: float) -> int:
    """Number of decimals the post prints for ``value``."""
    return len(repr(value).split(".")[1])


@pytest.mark.parametrize("key", sorted(POST_VALUES))
def test_plain_float_step_matches_post(key):
    """Every printed value equals the exact value rounded to the decimals the post shows."""
    step = baselines.plain_float_step_named()
    expected = POST_VALUES[key]
    assert round(step[key], _decimals(expected)) == pytest.approx(expected, abs=1e-15)


def test_keys_name_every_position_once():
    values = baselines.plain_float_step(**baselines.TUTORIAL_VALUES)
    assert len(values) == len(baselines.PLAIN_FLOAT_KEYS) == 52
    assert len(set(baselines.PLAIN_FLOAT_KEYS)) == 52


def test_plain_float_step_internal_consistency():
    s = baselines.plain_float_step_named()
    assert s["partials.dnet_o1/dout_h1"] == 0.40
    assert s["partials.dnet_o2/dout_h2"] == 0.55
    assert s["updated.b1"] == 0.35
    assert s["updated.b2"] == 0.60
    assert s["gradients.b1"] == s["partials.dE_total/dnet_h1"] + s["partials.dE_total/dnet_h2"]
    assert s["gradients.b2"] == s["partials.dE_o1/dnet_o1"] + s["partials.dE_o2/dnet_o2"]
    assert s["forward.E_total"] == s["forward.E_o1"] + s["forward.E_o2"]


def test_implementations_agree_on_first_step():
    step = baselines.plain_float_step_named()
    network = baselines.build_tutorial_network()
    inputs, targets = [0.05, 0.10], [0.01, 0.99]
    assert network.total_error(inputs, targets) == pytest.approx(step["forward.E_total"], abs=1e-12)
    hidden, output = network.hidden_layer.neurons, network.output_layer.neurons
    assert [n.out for n in hidden + output] == pytest.approx(
        [step[f"forward.out_{name}"] for name in ("h1", "h2", "o1", "o2")], abs=1e-12
    )
    network.train(inputs, targets, 0.5)
    weights = [w for neuron in hidden + output for w in neuron.weights]
    assert weights == pytest.approx([step[f"updated.w{k}"] for k in range(1, 9)], abs=1e-12)
    assert [network.hidden_layer.bias, network.output_layer.bias] == [0.35, 0.60]
    assert network.total_error(inputs, targets) == pytest.approx(step["after.E_total"], abs=1e-12)


def test_class_per_neuron_history_shape():
    history = baselines.class_per_neuron_train(3)
    assert len(history) == 4
    assert history[0] == pytest.approx(0.298371109, abs=5e-10)
    assert history[1] == pytest.approx(baselines.plain_float_step_named()["after.E_total"], 1e-12)


def test_ten_thousand_steps():
    history = baselines.class_per_neuron_train(10_000)
    assert len(history) == 10_001
    # The post prints 0.0000351085; this straightforward float implementation gives 0.0000351019.
    assert round(history[-1], 10) == pytest.approx(0.0000351019, abs=1e-15)
    assert all(a > b for a, b in itertools.pairwise(history))


def test_ten_thousand_steps_w1():
    network = baselines.build_tutorial_network()
    for _ in range(10_000):
        network.train([0.05, 0.10], [0.01, 0.99], 0.5)
    assert network.hidden_layer.neurons[0].weights[0] == pytest.approx(0.378509988, abs=5e-9)


def test_overrides_and_unknown_names():
    assert baselines.class_per_neuron_train(0, lr=0.1) == baselines.class_per_neuron_train(0)
    slower = baselines.class_per_neuron_train(1, lr=0.1)[1]
    assert slower > baselines.class_per_neuron_train(1)[1]
    with pytest.raises(TypeError):
        baselines.class_per_neuron_train(1, w9=0.1)


def test_bias_learning_is_opt_in():
    frozen = baselines.class_per_neuron_train(1)[1]
    learned = baselines.class_per_neuron_train(1, update_biases=True)[1]
    assert learned < frozen
    assert not math.isclose(learned, frozen, abs_tol=1e-9)


def test_post_rounding_slip_is_one_unit_in_the_last_place():
    """The post's -0.019049119 is within one unit of its last printed digit of the exact value."""
    step = baselines.plain_float_step_named()
    assert step["partials.dE_o2/dout_h1"] == pytest.approx(-0.019049119, abs=1e-9)

"""bw.datasets: the Playground's four pictures (checked point by point against their
construction), seeded splits, your own points from a list or a CSV file, and clear errors."""

import doctest
import math

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.core import datasets, points

from .strategies import PLAYGROUND


def _arrays(samples):
    xy = np.array([s[0] for s in samples])
    return xy[:, 0], xy[:, 1], np.array([s[1] for s in samples])


def test_the_docstring_examples_run():
    assert doctest.testmod(datasets).failed == 0
    assert doctest.testmod(points).failed == 0


@pytest.mark.parametrize("name", bw.datasets.NAMES)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_every_set_has_n_samples_in_the_form_with_settings_takes(name, n):
    samples = bw.datasets.load(name, n=n, noise=0.2, seed=4)
    assert len(samples) == n
    net = bw.tutorial().with_settings(sizes=(2, 3, 1), samples=samples, loss="cross_entropy")
    assert net.samples == samples
    assert {s[1] for s in samples} <= {(0.0,), (1.0,)}


def test_circle_without_noise():
    x, y, t = _arrays(bw.datasets.load("circle", n=1000, seed=1))
    r = np.hypot(x, y)
    assert np.all(r[t[:, 0] == 1] <= 2.5) and np.all(r[t[:, 0] == 0] >= 3.5)
    assert np.all(r <= 5) and t.sum() == 500


def test_xor_without_noise():
    x, y, t = _arrays(bw.datasets.load("xor", n=1000, seed=1))
    assert np.all(np.abs(x) >= 0.3) and np.all(np.abs(y) >= 0.3)
    assert np.all(np.abs(x) <= 5.3) and np.all(np.abs(y) <= 5.3)
    np.testing.assert_array_equal(t[:, 0], (x * y >= 0).astype(float))


@pytest.mark.parametrize(("noise", "variance"), [(0.0, 0.5), (0.25, 2.25), (0.5, 4.0)])
def test_gauss_clouds(noise, variance):
    x, y, t = _arrays(bw.datasets.load("gauss", n=40_000, noise=noise, seed=2))
    for label, centre in ((1, 2.0), (0, -2.0)):
        chosen = t[:, 0] == label
        assert chosen.sum() == 20_000
        for axis in (x[chosen], y[chosen]):
            assert abs(axis.mean() - centre) < 4 * math.sqrt(variance / 20_000)
            assert axis.var() == pytest.approx(variance, rel=0.05)


def test_spiral_points_lie_on_their_arm():
    x, y, t = _arrays(bw.datasets.load("spiral", n=400, seed=3))
    r = np.hypot(x, y)
    turn = np.where(t[:, 0] == 1, 0.0, math.pi)
    angle = 1.75 * 2 * math.pi * r / 5 + turn
    np.testing.assert_allclose(x, r * np.sin(angle), atol=1e-12)
    np.testing.assert_allclose(y, r * np.cos(angle), atol=1e-12)
    assert np.allclose(np.sort(r[t[:, 0] == 1]), 5 * np.arange(200) / 200)
    noisy = _arrays(bw.datasets.load("spiral", n=400, noise=0.3, seed=3))
    assert 0 < np.max(np.abs(noisy[0] - x)) <= 0.3 and 0 < np.max(np.abs(noisy[1] - y)) <= 0.3


@pytest.mark.parametrize("name", ["circle", "xor"])
def test_noise_flips_points_near_the_border_only(name):
    x, y, t = _arrays(bw.datasets.load(name, n=2000, noise=0.1, seed=5))
    clean = np.hypot(x, y) < 2.5 if name == "circle" else x * y >= 0
    flipped = clean != (t[:, 0] == 1)
    assert 0 < flipped.sum() < 0.2 * len(t)
    if name == "circle":  # a shift of at most 0.5 in x and y: within about 0.71 of r = 2.5
        assert np.all(np.abs(np.hypot(x, y)[flipped] - 2.5) < 0.5 * math.sqrt(2))


def test_the_same_on_every_machine():
    """All randomness is numpy's PCG64 doubles (seed 0's first is published as
    0.6369616873214543); the xor points follow from the documented construction: x for
    every point, then y, each from -5 to 5 and pushed 0.3 away from the axis."""
    u = np.random.default_rng(0).random(4)
    assert u[0] == 0.6369616873214543
    x, y = -5 + 10 * u[:2], -5 + 10 * u[2:]
    expected = {(x[k] + 0.3 * np.sign(x[k]), y[k] + 0.3 * np.sign(y[k])) for k in range(2)}
    assert {s[0] for s in bw.datasets.load("xor", n=2, seed=0)} == expected
    assert bw.datasets.load("spiral", seed=7) == bw.datasets.load("spiral", seed=7)
    assert bw.datasets.load("spiral", seed=7) != bw.datasets.load("spiral", seed=8)


@pytest.mark.parametrize(
    ("targets", "positive", "negative"),
    [("binary", (1.0,), (0.0,)), ("signed", (1.0,), (-1.0,)), ("one_hot", (0.0, 1.0), (1.0, 0.0))],
)
def test_targets(targets, positive, negative):
    binary = bw.datasets.load("gauss", n=50, seed=1)
    chosen = bw.datasets.load("gauss", n=50, seed=1, targets=targets)
    assert [s[0] for s in chosen] == [s[0] for s in binary]
    assert [s[1] for s in chosen] == [positive if t == (1.0,) else negative for _, t in binary]


def test_test_fraction_splits_the_samples():
    whole = bw.datasets.load("circle", n=200, noise=0.1, seed=9)
    train, test = bw.datasets.load("circle", n=200, noise=0.1, seed=9, test_fraction=0.3)
    assert (len(train), len(test)) == (140, 60)
    assert sorted(train + test) == sorted(whole)
    assert (train, test) == bw.datasets.load("circle", noise=0.1, seed=9, test_fraction=0.3)
    assert bw.datasets.split(whole, 0.5, seed=1) != bw.datasets.split(whole, 0.5, seed=2)


def test_a_network_learns_the_circle_and_generalises():
    """End to end: a 2-4-1 (tanh, sigmoid, cross-entropy) on the circle, full batch."""
    train, test = bw.datasets.load("circle", n=300, noise=0.0, seed=0, test_fraction=0.3)
    net = bw.tutorial().with_settings(
        **PLAYGROUND,
        samples=train,
        seed="circle",
        lr=0.5,
    )
    history = bw.train(net, 1500)
    assert history.E_total[-1] < 0.25 * history.E_total[0]
    predicted = history.outputs[-1, :, 0] > 0.5
    assert np.mean(predicted == (np.array([t for _, (t,) in train]) == 1)) > 0.95
    out_test = bw.train(history.network.with_settings(samples=test), 0).outputs[0, :, 0]
    assert np.mean((out_test > 0.5) == (np.array([t for _, (t,) in test]) == 1)) > 0.9


def test_one_hot_targets_train_softmax_outputs():
    samples = bw.datasets.load("gauss", n=100, seed=3, targets="one_hot")
    net = bw.tutorial().with_settings(
        activation=("tanh", "softmax"), loss="categorical_cross_entropy", samples=samples
    )
    history = bw.train(net.with_params(lr=0.2), 300)
    right = history.outputs[-1].argmax(axis=1) == np.array([t.index(1.0) for _, t in samples])
    assert right.mean() > 0.95


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: bw.datasets.load("moons"), "unknown data set 'moons'; choose one of: circle, xor"),
        (lambda: bw.datasets.load("xor", n=1), "from 2 to 100,000"),
        (lambda: bw.datasets.load("xor", n=2.5), "n (how many samples) must be a whole number"),
        (lambda: bw.datasets.load("xor", noise=0.7), "noise must be from 0 to 0.5"),
        (lambda: bw.datasets.load("xor", noise="a"), "noise must be a finite number"),
        (lambda: bw.datasets.load("xor", seed=-1), "seed must be a whole number (0 or more)"),
        (lambda: bw.datasets.load("xor", seed="a"), "seed must be a whole number"),
        (lambda: bw.datasets.load("xor", targets="pm"), "choose one of: binary, signed, one_hot"),
        (lambda: bw.datasets.load("xor", test_fraction=0), "test_fraction must be above 0"),
        (lambda: bw.datasets.load("xor", test_fraction=1.2), "test_fraction must be above 0"),
        (lambda: bw.datasets.load("xor", n=3, test_fraction=0.01), "at least one sample on each"),
        (lambda: bw.datasets.from_rows([]), "give a list of rows"),
        (lambda: bw.datasets.from_rows([(1, 2)]), "point 1 has 2 numbers: give 2 inputs and"),
        (lambda: bw.datasets.from_rows([(1, 2, 3), (1, 2)]), "point 2 has 2 numbers, but point 1"),
        (lambda: bw.datasets.from_rows([(1, "x", 3)]), "point 1, number 2 must be a finite"),
        (lambda: bw.datasets.from_rows([5]), "point 1 must be a row of numbers"),
        (lambda: bw.datasets.from_rows([(1, 2, 3)], inputs=0), "inputs must be 1 or more"),
    ],
)
def test_bad_input_says_what_and_how(call, message):
    with pytest.raises(bw.BackpropError) as error:
        call()
    assert message in str(error.value)


def test_own_points_from_a_list():
    rows = [(0.5, -1.2, 1), (2.0, 0.3, 0), (-1, -1, 1)]
    samples = bw.datasets.from_rows(rows)
    assert samples == (((0.5, -1.2), (1.0,)), ((2.0, 0.3), (0.0,)), ((-1.0, -1.0), (1.0,)))
    three = bw.datasets.from_rows([(1, 2, 3, 0.2, 0.8)], inputs=3)
    assert three == (((1.0, 2.0, 3.0), (0.2, 0.8)),)
    train, test = bw.datasets.from_rows(rows, test_fraction=0.34, seed=1)
    assert len(train) == 2 and len(test) == 1 and sorted(train + test) == sorted(samples)


def test_own_points_from_a_csv_file(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y,label\n# a comment\n0.5, -1.2, 1\n\n2.0,0.3,0\n", encoding="utf-8")
    assert bw.datasets.read_csv(path) == (((0.5, -1.2), (1.0,)), ((2.0, 0.3), (0.0,)))
    assert bw.datasets.read_csv(str(path)) == bw.datasets.read_csv(path)
    headless = tmp_path / "plain.csv"
    headless.write_text("1,2,0.1,0.9\n3,4,0.6,0.4\n", encoding="utf-8")
    samples = bw.datasets.read_csv(headless)
    assert samples == (((1.0, 2.0), (0.1, 0.9)), ((3.0, 4.0), (0.6, 0.4)))
    net = bw.tutorial().with_settings(
        activation=("sigmoid", "softmax"), loss="categorical_cross_entropy", samples=samples
    )
    assert bw.train(net, 3).steps == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,y\n1,2\n", "points.csv, line 2 has 2 numbers: give 2 inputs and then"),
        ("x,y,label\n1,2,3\n4,5\n", "points.csv, line 3 has 2 numbers, but the header has 3"),
        ("1,2,3\n4,5,6,7\n", "points.csv, line 2 has 4 numbers, but the first row has 3"),
        ("x,y,t\n1,2,3,4\n", "points.csv, line 2 has 4 numbers, but the header has 3"),
        ("1,2,3\n1,abc,3\n", "points.csv, line 2, column 2 must be a finite number, got 'abc'"),
        ("1,2,3\n\n\n1,2,nan\n", "points.csv, line 4, column 3 must be a finite number, got 'nan'"),
        ("1,2,3\n1,2,inf\n", "line 2, column 3 must be a finite number, got 'inf'"),
        ("x,y,label\n", "points.csv has no rows of numbers"),
        ("", "points.csv has no rows of numbers"),
    ],
)
def test_a_malformed_csv_file_says_where(tmp_path, text, message):
    path = tmp_path / "points.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(bw.BackpropError) as error:
        bw.datasets.read_csv(path)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_missing_or_binary_file(tmp_path):
    with pytest.raises(bw.BackpropError, match=r"no file .*nothere.csv.*check the name"):
        bw.datasets.read_csv(tmp_path / "nothere.csv")
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x82")
    with pytest.raises(bw.BackpropError, match=r"cannot read .*image.csv.* as text"):
        bw.datasets.read_csv(binary)

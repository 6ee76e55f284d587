"""The explorer's pictures, drawn as SVG: what is drawn is read back from the SVG text and
mapped to data units through the figure's axes, then compared with the core's numbers
(bw.loss_slice, the walkthrough, the training run)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import backprop_widgets as bw
from backprop_widgets.widgets.explorer import Explorer
from backprop_widgets.widgets.views.plots import LossCurve
from backprop_widgets.widgets.views.svgplot import (
    Axes,
    clip_segment,
    linear_ticks,
    log_ticks,
    polylines,
)

PIXEL = 0.006  # coordinates are written with 2 decimals


def attributes(svg: str, tag: str, css: str) -> list[dict[str, str]]:
    """The attributes of every <tag ... class="css"> element."""
    found = []
    for element in re.findall(rf"<{tag}\b([^>]*)/?>", svg):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', element))
        if css in attrs.get("class", "").split():
            found.append(attrs)
    return found


def points(text: str) -> np.ndarray:
    """'x,y x,y ...' as an array of (x, y)."""
    return np.array([[float(v) for v in pair.split(",")] for pair in text.split()])


def ticks(svg: str, axis: str) -> list[tuple[float, str]]:
    """(pixel position of the tick mark, its label) of every tick on the x or y axis."""
    pattern = (
        r'<line x1="([-\d.]+)" y1="([-\d.]+)"[^>]*class="bw-plot-tick"/>'
        rf'<text [^>]*class="bw-tick-{axis}[^"]*">([^<]*)<'
    )
    return [(float(x if axis == "x" else y), label) for x, y, label in re.findall(pattern, svg)]


@pytest.fixture
def explorer() -> Explorer:
    return Explorer()


@pytest.mark.parametrize("name", ["w5", "w1", "b1"])
def test_the_slice_draws_the_core_s_loss_along_the_parameter(explorer, name):
    explorer.param.value = name
    figure, net = explorer.slice, explorer.net
    svg, axes = figure.image.value, figure.axes
    (line,) = attributes(svg, "polyline", "bw-plot-line")
    drawn = points(line["points"])
    xs = np.array([axes.data_x(px) for px in drawn[:, 0]])
    es = np.array([axes.data_y(py) for py in drawn[:, 1]])
    assert len(xs) == 201
    span = axes.x_high - axes.x_low
    assert xs[0] == pytest.approx(net.params[name] - span / 2, abs=1e-4)  # centred on it
    # y read back from the picture is the core's E_total at the x read back, to a pixel.
    per_pixel = (axes.y_high - axes.y_low) / (axes.box[3] - axes.box[1])
    assert np.abs(es - bw.loss_slice(net, name, xs)).max() < 2 * PIXEL * per_pixel + 1e-12


@pytest.mark.parametrize("name", ["w5", "w1"])
def test_the_tangent_arrow_and_marks_sit_where_the_core_says(explorer, name):
    explorer.param.value = name
    figure, values = explorer.slice, bw.walkthrough(explorer.net)
    svg, axes = figure.image.value, figure.axes
    p, g = explorer.net.params[name], values["gradients"][name]
    e, p_new = values["forward"]["E_total"], values["updated"][name]
    (tangent,) = attributes(svg, "line", "bw-plot-tangent")
    x1, y1, x2, y2 = (float(tangent[k]) for k in ("x1", "y1", "x2", "y2"))
    slope = (axes.data_y(y2) - axes.data_y(y1)) / (axes.data_x(x2) - axes.data_x(x1))
    assert slope == pytest.approx(g, rel=1e-3, abs=1e-5)
    # the tangent passes through the current point
    at_p = axes.data_y(y1) + slope * (p - axes.data_x(x1))
    assert at_p == pytest.approx(e, abs=1e-4)
    (here,) = attributes(svg, "circle", "bw-plot-here")
    assert float(here["cx"]) == pytest.approx(float(axes.px(p)), abs=PIXEL)
    assert float(here["cy"]) == pytest.approx(float(axes.py(e)), abs=PIXEL)
    (after,) = attributes(svg, "rect", "bw-plot-after")
    e_new = float(bw.loss_slice(explorer.net, name, [p_new])[0])
    assert float(after["x"]) + 4 == pytest.approx(float(axes.px(p_new)), abs=PIXEL)
    assert float(after["y"]) + 4 == pytest.approx(float(axes.py(e_new)), abs=PIXEL)
    (head,) = attributes(svg, "polygon", "bw-plot-arrowhead")
    tip, *wings = points(head["points"])
    assert tip == pytest.approx([float(axes.px(p_new)), float(axes.py(e))], abs=PIXEL)
    assert all(np.sign(tip[0] - w[0]) == np.sign(p_new - p) for w in wings)  # points that way
    arrows = attributes(svg, "line", "bw-plot-arrow")
    if abs(float(axes.px(p_new)) - float(axes.px(p))) > 9:  # longer than its head: a shaft
        (shaft,) = arrows
        assert float(shaft["x1"]) == pytest.approx(float(axes.px(p)), abs=PIXEL)


def test_the_slice_has_axes_ticks_labels_and_a_text_alternative(explorer):
    svg, axes = explorer.slice.image.value, explorer.slice.axes
    assert len(attributes(svg, "rect", "bw-plot-frame")) == 1
    for axis, to_pixel in (("x", axes.px), ("y", axes.py)):
        shown = ticks(svg, axis)
        assert len(shown) >= 3
        for pixel, label in shown:
            assert float(to_pixel(float(label))) == pytest.approx(pixel, abs=0.01)
    assert re.search(r'class="bw-plot-xlabel[^"]*">w5<', svg)
    assert re.search(r'class="bw-plot-ylabel[^"]*">E_total<', svg)
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert "dE_total/dw5 = 0.082167041" in label and "0.358916480" in label


def test_the_loss_curve_draws_the_run_and_marks_the_step(explorer):
    explorer.train(300)
    explorer.trainer.position.value = 120
    history = explorer.history
    figure = explorer.trainer.curve
    svg, axes = figure.image.value, figure.axes
    (line,) = attributes(svg, "polyline", "bw-plot-line")
    drawn = points(line["points"])
    steps = np.array([axes.data_x(px) for px in drawn[:, 0]])
    e_total = np.array([axes.data_y(py) for py in drawn[:, 1]])
    assert np.allclose(steps, np.arange(301), atol=0.02)
    assert np.allclose(e_total, history.E_total, rtol=1e-3)  # log scale: relative
    (marker,) = attributes(svg, "circle", "bw-plot-marker")
    assert axes.data_x(float(marker["cx"])) == pytest.approx(120, abs=0.02)
    assert axes.data_y(float(marker["cy"])) == pytest.approx(history.E_total[120], rel=1e-3)
    (step_line,) = attributes(svg, "line", "bw-plot-step-line")
    assert float(step_line["x1"]) == pytest.approx(float(marker["cx"]))
    assert [label for _, label in ticks(svg, "x")] == ["0", "100", "200", "300"]
    assert "step 120, E_total = " + bw.fmt(history.E_total[120]) in svg


def test_a_long_run_is_thinned_and_a_diverged_one_leaves_gaps():
    curve = LossCurve()
    e_total = np.geomspace(0.3, 1e-6, 20_001)
    curve.update(e_total, 20_000)
    (line,) = attributes(curve.image.value, "polyline", "bw-plot-line")
    assert len(points(line["points"])) == 1500
    broken = np.array([0.3, 0.2, np.nan, np.inf, 0.1, 0.05])
    curve.update(broken, 5)
    assert len(attributes(curve.image.value, "polyline", "bw-plot-line")) == 2


@pytest.mark.parametrize(
    "low, high, expected",
    [
        (-0.1, 0.9, [0.0, 0.25, 0.5, 0.75]),
        (0.26, 0.34, [0.26, 0.28, 0.3, 0.32, 0.34]),
        (0, 300, [0.0, 100.0, 200.0, 300.0]),
        (-10.5, 9.5, [-10.0, -5.0, 0.0, 5.0]),
    ],
)
def test_linear_ticks_are_round_and_inside(low, high, expected):
    assert linear_ticks(low, high) == pytest.approx(expected)


def test_log_ticks_are_decades_or_three_values_inside_one():
    assert log_ticks(2.3e-5, 0.45) == pytest.approx([1e-4, 1e-3, 1e-2, 1e-1])
    assert log_ticks(1e-12, 1.0) == pytest.approx([10.0**k for k in range(-12, 1, 3)])
    inside = log_ticks(0.19, 0.45)
    assert len(inside) == 3 and all(0.19 < t < 0.45 for t in inside)


def test_axes_map_data_to_pixels_and_back():
    for log in (False, True):
        axes = Axes(-2.0, 3.0, 0.01, 10.0, log=log)
        for x, y in ((-2.0, 0.01), (0.5, 0.3), (3.0, 10.0)):
            assert axes.data_x(float(axes.px(x))) == pytest.approx(x)
            assert axes.data_y(float(axes.py(y))) == pytest.approx(y)
        left, top, right, bottom = axes.box
        assert float(axes.px(-2.0)) == left and float(axes.px(3.0)) == pytest.approx(right)
        assert float(axes.py(10.0)) == pytest.approx(top)
        assert float(axes.py(0.01)) == pytest.approx(bottom)


def test_segments_are_clipped_to_the_axes():
    axes = Axes(0.0, 1.0, 0.0, 1.0)
    assert clip_segment(axes, -1, -1, 2, 2) == pytest.approx((0, 0, 1, 1))
    assert clip_segment(axes, 0.5, -1, 0.5, 0.5) == pytest.approx((0.5, 0, 0.5, 0.5))
    assert clip_segment(axes, 2, 2, 3, 3) is None
    drawn = polylines(axes, np.array([0.0, 0.5, 1.0]), np.array([0.0, math.nan, 1.0]), "x")
    assert drawn.count("<polyline") == 2

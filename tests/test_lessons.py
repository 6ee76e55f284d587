"""The lesson notebooks: their form (what a learner sees), and the key numbers of the
corrections and of lessons 16-19 against computations written here from the textbook
equations in plain Python and NumPy, independent of the package's SymPy graph (lesson 20's
are in test_lesson_softmax.py)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from micrograd.engine import Value

import backprop_widgets as bw
from backprop_widgets import fmt
from backprop_widgets.homework import check

from . import reference

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
LESSONS = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00"))
POST = "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def stored_text(path: Path) -> str:
    """Every stored text/plain and stream output of a notebook, joined."""
    parts = []
    for cell in cells(path):
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append("".join(out["text"]))
            parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def notebook(number: int) -> Path:
    (found,) = [p for p in LESSONS if p.name.startswith(f"{number:02d}_")]
    return found


# ---- an independent 2-2-2 network: scalar Python, from the textbook equations -----------

ACT = {
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z, a: a * (1 - a)),
    "relu": (lambda z: max(z, 0.0), lambda z, a: 1.0 if z > 0 else 0.0),
}


def step(p, x, t, hidden="sigmoid", loss="squared_error", hidden_uses="original"):
    """E_total, outputs and gradients of the post's 2-2-2 network (shared biases b1, b2)."""
    f, df = ACT[hidden]
    s, ds = ACT["sigmoid"]
    nh = [p["w1"] * x[0] + p["w2"] * x[1] + p["b1"], p["w3"] * x[0] + p["w4"] * x[1] + p["b1"]]
    h = [f(z) for z in nh]
    no = [p["w5"] * h[0] + p["w6"] * h[1] + p["b2"], p["w7"] * h[0] + p["w8"] * h[1] + p["b2"]]
    o = [s(z) for z in no]
    if loss == "squared_error":
        e = sum(0.5 * (tk - ok) ** 2 for tk, ok in zip(t, o, strict=True))
        do = [(ok - tk) * ds(z, ok) for tk, ok, z in zip(t, o, no, strict=True)]
    else:
        e = -sum(
            tk * math.log(ok) + (1 - tk) * math.log(1 - ok) for tk, ok in zip(t, o, strict=True)
        )
        do = [ok - tk for tk, ok in zip(t, o, strict=True)]
    g = {"w5": do[0] * h[0], "w6": do[0] * h[1], "w7": do[1] * h[0], "w8": do[1] * h[1]}
    w = dict(p)
    if hidden_uses == "updated":
        w = {k: p[k] - 0.5 * g[k] if k in g else p[k] for k in p}
    dh = [
        (do[0] * w["w5"] + do[1] * w["w7"]) * df(nh[0], h[0]),
        (do[0] * w["w6"] + do[1] * w["w8"]) * df(nh[1], h[1]),
    ]
    g |= {"w1": dh[0] * x[0], "w2": dh[0] * x[1], "w3": dh[1] * x[0], "w4": dh[1] * x[1]}
    g |= {"b1": dh[0] + dh[1], "b2": do[0] + do[1]}
    return e, o, g, {"delta_o": do, "delta_h": dh, "net_h": nh}


def train(p, steps, lr=0.5, train_biases=False, **kw):
    """The post's training loop; returns the parameters after each step (index 0: start)."""
    x, t = (0.05, 0.10), (0.01, 0.99)
    history = [dict(p)]
    for _ in range(steps):
        _, _, g, _ = step(p, x, t, **kw)
        names = [k for k in p if k.startswith("w") or (train_biases and k.startswith("b"))]
        p = {k: (p[k] - lr * g[k] if k in names else p[k]) for k in p}
        history.append(p)
    return history


POST_PARAMS = {
    "w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30,
    "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55, "b1": 0.35, "b2": 0.60,
}  # fmt: skip


def error(p, **kw):
    return step(p, (0.05, 0.10), (0.01, 0.99), **kw)[0]


# ---- form: what every lesson shows a learner ----------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_opens_with_the_post_and_ends_with_exercises_and_a_next_link(path):
    all_cells = cells(path)
    assert POST in source(all_cells[0])
    code = [source(c) for c in all_cells if c["cell_type"] == "code"]
    exercises = [c for c in code if c.startswith("answer = None") or "\nanswer = None" in c]
    assert 2 <= len(exercises) <= 3, path.name
    links = re.findall(r"\]\(([0-9][0-9a-z_/]*\.ipynb)\)", " ".join(map(source, all_cells[-6:])))
    assert links and all((NOTEBOOKS / link).exists() for link in links), links
    last = all_cells[-1]
    assert last["cell_type"] == "code" and last["metadata"]["jupyter"]["source_hidden"] is True
    assert source(last).rstrip().endswith(")") and "bw.verify(" in source(last)
    outputs = last["outputs"]
    assert re.fullmatch(r"All \d+ checks pass\.", "".join(outputs[-1]["data"]["text/plain"]))


def test_the_lessons_are_numbered_from_one_and_each_leads_to_the_next():
    assert [int(p.name[:2]) for p in LESSONS] == list(range(1, 22))
    following = [p.name for p in LESSONS[1:]] + ["homework/practice_answer_boxes.ipynb"]
    for k, (path, after) in enumerate(zip(LESSONS, following, strict=True), start=1):
        all_cells = cells(path)
        assert f"*Lesson {k} of {len(LESSONS)}, on Matt Mazur's post" in source(all_cells[0])
        ending = " ".join(map(source, all_cells[-6:]))
        assert f"]({after})" in ending and (NOTEBOOKS / after).exists(), path.name
    readme = (NOTEBOOKS.parent / "README.md").read_text()
    assert all(f"| `{p.stem}` |" in readme for p in LESSONS)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_exercise_check_is_run_with_an_answer_in_the_check_cell(path):
    all_cells = cells(path)
    asked = set()
    for cell in all_cells[:-1]:
        asked |= set(re.findall(r'check\("([^"]+)", answer', source(cell)))
    checked = set(re.findall(r'check\(\s*"([^"]+)",', source(all_cells[-1])))
    assert asked and asked <= checked, (asked, checked)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_code_uses_the_public_api_and_keeps_assertions_out_of_the_reading_flow(path):
    visible = [
        source(c)
        for c in cells(path)
        if c["cell_type"] == "code" and not c["metadata"].get("jupyter", {}).get("source_hidden")
    ]
    text = "\n".join(visible)
    for banned in ("assert ", "**{", "Decimal", "quantize", ".sym(", "graph_for", "|="):
        assert banned not in text, (path.name, banned)
    imports = re.findall(r"^(?:from|import) (backprop_widgets[.\w]*)", text, re.M)
    assert set(imports) <= {"backprop_widgets", "backprop_widgets.homework"}, imports
    stored = stored_text(path)
    assert "VBox(children" not in stored and "object at 0x" not in stored
    assert "IPython.core.display" not in stored  # every Math/Markdown comes with a readable repr


def test_the_readers_asked_sections_quote_only_questions_the_comments_ask():
    own = {2: "Is the $\\frac{1}{2}$", 3: "Why does $out_{h1}$ multiply", 15: "What do *net*"}
    for number, question in own.items():
        text = "\n".join(source(c) for c in cells(notebook(number)))
        before = text[: text.index(question)]
        assert before.rfind("own") > before.rfind("Readers asked"), number


def test_the_index_lists_the_comments_in_order_with_the_animation_and_the_keras_reader():
    index = next(source(c) for c in cells(notebook(15)) if "## Index" in source(c))
    numbers = [int(n) for n in re.findall(r"^\| (\d+) \|", index, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 38
    years = re.findall(r"^\| \d+ \| (\d{4}) \|", index, re.M)
    assert years == sorted(years)  # the 2018 page first, then 2023 to 2025
    assert "animation" in index and "00 explorer" in index and "replay" in index
    assert "Keras" in index and "17 the same gradients" in index
    assert "Questions the notebooks ask themselves" in index
    own = index[index.index("Questions the notebooks ask themselves") :]
    assert "| 20 softmax and categorical cross-entropy |" in own


# ---- the corrections ----------------------------------------------------------------------


def test_05_the_targets_are_reached_by_slow_convergence():
    history = train(POST_PARAMS, 200_000)
    _, out, _, _ = step(history[-1], (0.05, 0.10), (0.01, 0.99))
    assert (fmt(out[0], 6), fmt(out[1], 6)) == ("0.010002", "0.989998")
    needed = math.log(0.01 / 0.99)  # sigma(net) = 0.01: a finite net input
    assert fmt(needed, 4) == "-4.5951"
    text = stored_text(notebook(5))
    assert "0.010002" in text and "0.989998" in text and "(needed: -4.5951)" in text
    assert fmt(bw.train(bw.tutorial(), 200_000).outputs[-1][0][0], 6) == "0.010002"


def test_09_the_printed_outputs_imply_another_error_and_the_updated_rule_explains_them():
    implied = 0.5 * (0.01 - 0.015912196) ** 2 + 0.5 * (0.99 - 0.984065734) ** 2
    assert fmt(implied, 10) == "0.0000350848"
    updated = train(POST_PARAMS, 10_000, hidden_uses="updated")
    _, out, _, _ = step(updated[-1], (0.05, 0.10), (0.01, 0.99))
    assert (fmt(out[0]), fmt(out[1])) == ("0.015912196", "0.984065734")
    assert fmt(error(updated[-1]), 10) == "0.0000350848"
    assert fmt(error(updated[1]), 9) == "0.291027924"
    original = train(POST_PARAMS, 10_000)
    assert fmt(error(original[9_999]), 10) == "0.0000351085"  # the fit
    drop = error(original[9_999]) - error(original[10_000])
    assert round(drop * 1e10) == 67  # units of the last printed digit per update
    text = stored_text(notebook(9))
    assert "0.0000350848" in text and "0.0000000066703" in text


def test_06_counts_eight_gradients_with_the_biases_frozen():
    text = "\n".join(source(c) for c in cells(notebook(6)))
    assert "all ten gradients" not in text and "all eight gradients" in text
    assert len(bw.tutorial().trained) == 8


def test_11_cross_entropy_grows_every_output_delta_but_not_every_hidden_gradient():
    p = POST_PARAMS | {"w5": 0.1, "w7": 0.3}
    _, _, se, se_d = step(p, (0.05, 0.10), (0.01, 0.99))
    _, _, ce, ce_d = step(p, (0.05, 0.10), (0.01, 0.99), loss="cross_entropy")
    assert all(abs(c) >= 4 * abs(s) for c, s in zip(ce_d["delta_o"], se_d["delta_o"], strict=True))
    assert (fmt(se["w1"]), fmt(ce["w1"])) == ("0.000011840", "-0.000010917")
    text = "\n".join(source(c) for c in cells(notebook(11)))
    assert "Every gradient is larger" not in text


def test_12_a_dead_relu_revives_with_a_trained_shared_bias_and_not_with_frozen_ones():
    dead = POST_PARAMS | {"w1": -10.0}
    frozen = train(dead, 200, hidden="relu")
    assert all(step(p, (0.05, 0.1), (0.01, 0.99), hidden="relu")[3]["net_h"][0] < 0 for p in frozen)
    trained = train(dead, 20, hidden="relu", train_biases=True)
    net_h1 = [step(p, (0.05, 0.1), (0.01, 0.99), hidden="relu")[3]["net_h"][0] for p in trained]
    assert net_h1[16] < 0 < net_h1[17]
    assert "| 17 | 0.512193833 | 0.032193833 |" in "".join(
        "".join(o.get("data", {}).get("text/markdown", ""))
        for c in cells(notebook(12))
        for o in c.get("outputs", [])
    )


def test_15_heading_six_says_what_the_reader_saw():
    text = "\n".join(source(c) for c in cells(notebook(15)))
    assert "## 6. My error and my weights keep growing" in text
    assert "raise the learning rate" not in text


# ---- lesson 16: the matrix form -----------------------------------------------------------


def test_16_matrix_entries_are_the_posts_gradients_and_the_batch_is_the_mean():
    _, _, g, d = step(POST_PARAMS, (0.05, 0.10), (0.01, 0.99))
    assert [fmt(x) for x in d["delta_o"]] == ["0.138498562", "-0.038098237"]
    net = bw.tutorial()
    _, found = reference.gradients(net, net.samples[0])  # W.T @ delta, from tests/reference
    for name in ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"):
        assert found[name] == pytest.approx(g[name], abs=1e-15)
    assert fmt(g["w5"]) == "0.082167041" and fmt(g["w1"]) == "0.000438568"
    samples = [
        ((0.05, 0.10), (0.01, 0.99)),
        ((0.90, 0.20), (0.99, 0.01)),
        ((0.20, 0.90), (0.01, 0.99)),
        ((0.80, 0.30), (0.99, 0.01)),
    ]
    mean = {k: np.mean([step(POST_PARAMS, x, t)[2][k] for x, t in samples]) for k in g}
    text = stored_text(notebook(16))
    for name in ("w1", "w5", "w8"):
        assert f"{fmt(mean[name])}" in text
        assert fmt(g[name]) in text
    assert "W1 shape (3, 2)  W2 shape (2, 3)" in text


# ---- lesson 17: micrograd -----------------------------------------------------------------


def test_17_micrograd_gives_the_posts_gradients_and_they_are_the_finite_differences():
    values = {k: Value(v) for k, v in POST_PARAMS.items()}

    def sig(z):
        out = Value(1 / (1 + math.exp(-z.data)), (z,), "sigmoid")

        def backward():
            z.grad += out.data * (1 - out.data) * out.grad

        out._backward = backward
        return out

    v = values
    h1 = sig(v["w1"] * 0.05 + v["w2"] * 0.10 + v["b1"])
    h2 = sig(v["w3"] * 0.05 + v["w4"] * 0.10 + v["b1"])
    o1 = sig(v["w5"] * h1 + v["w6"] * h2 + v["b2"])
    o2 = sig(v["w7"] * h1 + v["w8"] * h2 + v["b2"])
    total = 0.5 * (0.01 - o1) ** 2 + 0.5 * (0.99 - o2) ** 2
    total.backward()
    assert fmt(values["w5"].grad) == "0.082167041"
    for name in POST_PARAMS:
        up = error(POST_PARAMS | {name: POST_PARAMS[name] + 1e-6})
        down = error(POST_PARAMS | {name: POST_PARAMS[name] - 1e-6})
        assert values[name].grad == pytest.approx((up - down) / 2e-6, abs=1e-9)
    text = stored_text(notebook(17))
    assert all(fmt(values[f"w{k}"].grad) in text for k in range(1, 9))
    assert "0.821670406" in text  # a second backward pass without zeroing: 10 times too large


# ---- lesson 18: XOR -----------------------------------------------------------------------

XOR = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]


def xor_train(p, steps, lr=2.0):
    """Full-batch training of a 2-2-1 sigmoid network with per-neuron trained biases."""
    p = dict(p)
    for _ in range(steps):
        g = dict.fromkeys(p, 0.0)
        for (x1, x2), t in XOR:
            h1 = 1 / (1 + math.exp(-(p["w1"] * x1 + p["w2"] * x2 + p["b_h1"])))
            h2 = 1 / (1 + math.exp(-(p["w3"] * x1 + p["w4"] * x2 + p["b_h2"])))
            o = 1 / (1 + math.exp(-(p["w5"] * h1 + p["w6"] * h2 + p["b_o1"])))
            do = (o - t) * o * (1 - o)
            d1, d2 = do * p["w5"] * h1 * (1 - h1), do * p["w6"] * h2 * (1 - h2)
            for k, value in {
                "w1": d1 * x1, "w2": d1 * x2, "w3": d2 * x1, "w4": d2 * x2,
                "w5": do * h1, "w6": do * h2, "b_h1": d1, "b_h2": d2, "b_o1": do,
            }.items():  # fmt: skip
                g[k] += value / 4
        p = {k: p[k] - lr * g[k] for k in p}
    return p


def xor_outputs(p):
    outs = []
    for (x1, x2), _ in XOR:
        h1 = 1 / (1 + math.exp(-(p["w1"] * x1 + p["w2"] * x2 + p["b_h1"])))
        h2 = 1 / (1 + math.exp(-(p["w3"] * x1 + p["w4"] * x2 + p["b_h2"])))
        outs.append((h1, h2, 1 / (1 + math.exp(-(p["w5"] * h1 + p["w6"] * h2 + p["b_o1"])))))
    return outs


def test_18_two_hidden_neurons_learn_xor_each_fencing_off_one_corner():
    start = bw.tutorial().with_settings(
        sizes=(2, 2, 1),
        samples=[(x, (t,)) for x, t in XOR],
        bias_mode="per_neuron",
        train_biases=True,
    )
    trained = xor_train(start.params, 3_000)
    outs = xor_outputs(trained)
    assert [round(o, 3) for _, _, o in outs] == [0.058, 0.936, 0.935, 0.052]
    assert [h1 > 0.5 for h1, _, _ in outs] == [True, False, True, True]
    assert [h2 > 0.5 for _, h2, _ in outs] == [True, True, False, True]
    package = bw.train(start.with_params(lr=2), 3_000).network
    assert all(package[k] == pytest.approx(v, abs=1e-9) for k, v in trained.items())
    markdown = "".join(
        "".join(o.get("data", {}).get("text/markdown", ""))
        for c in cells(notebook(18))
        for o in c.get("outputs", [])
    )
    assert "| (0, 1) | 1 | 0.936 | 0.965 |" in markdown
    assert "| (0, 1) | 0.051 | 1.000 | 0.936 |" in markdown
    # one neuron: by the four inequalities no line separates XOR; gradient descent ends at 1/2
    one = bw.tutorial().with_settings(
        sizes=(2, 1), samples=start.samples, bias_mode="per_neuron", train_biases=True
    )
    assert np.allclose(bw.train(one.with_params(lr=2), 5_000).outputs[-1], 0.5, atol=1e-3)


def mlp_train(p, samples, hidden, steps, lr=2.0):
    """Full-batch training of a 2-H-1 sigmoid network (per-neuron trained biases, mean squared
    error) with NumPy matrices; returns its forward pass as a function of input rows."""
    x = np.array([inputs for inputs, _ in samples])
    t = np.array([target for _, (target,) in samples])
    w_in = np.array([[p[f"w{2 * j + 1}"], p[f"w{2 * j + 2}"]] for j in range(hidden)])
    b_in = np.array([p[f"b_h{j + 1}"] for j in range(hidden)])
    w_out = np.array([p[f"w{2 * hidden + j + 1}"] for j in range(hidden)])
    b_out = p["b_o1"]
    for _ in range(steps):
        h = 1 / (1 + np.exp(-(x @ w_in.T + b_in)))
        o = 1 / (1 + np.exp(-(h @ w_out + b_out)))
        d_o = (o - t) * o * (1 - o)
        d_h = d_o[:, None] * w_out * h * (1 - h)
        w_out, b_out = w_out - lr * h.T @ d_o / len(t), b_out - lr * d_o.mean()
        w_in, b_in = w_in - lr * d_h.T @ x / len(t), b_in - lr * d_h.mean(axis=0)

    def outputs(rows):
        h = 1 / (1 + np.exp(-(np.asarray(rows) @ w_in.T + b_in)))
        return h, 1 / (1 + np.exp(-(h @ w_out + b_out)))

    return outputs


def plane_network(sizes, samples):
    net = bw.tutorial().with_settings(
        sizes=sizes, samples=samples, bias_mode="per_neuron", train_biases=True
    )
    return net.with_params(lr=2)


def right(outputs, samples):
    """The share of samples on their target's side of one half, as the lessons print it."""
    _, o = outputs([inputs for inputs, _ in samples])
    t = np.array([target for _, (target,) in samples])
    return f"{np.mean((o > 0.5) == (t > 0.5)):.0%}"


def test_18_on_the_plane_two_hidden_neurons_fall_short_and_four_generalise():
    train_points, test_points = bw.datasets.load("xor", n=200, seed=0, test_fraction=0.3)
    assert all((x * y > 0) == (t == 1) for (x, y), (t,) in train_points + test_points)
    text = " ".join(stored_text(notebook(18)).split())
    found = {}
    for hidden in (2, 3, 4):
        start = plane_network((2, hidden, 1), train_points)
        outputs = mlp_train(start.params, train_points, hidden, 3_000)
        _, o = outputs([inputs for inputs, _ in train_points])
        t = np.array([target for _, (target,) in train_points])
        mean_error = float(np.mean(0.5 * (t - o) ** 2))
        package = bw.train(start, 3_000)
        assert package.E_total[-1] == pytest.approx(mean_error, abs=1e-12)
        found[hidden] = (right(outputs, train_points), right(outputs, test_points))
        row = f"2-{hidden}-1 {fmt(mean_error)} {found[hidden][0]} {found[hidden][1]}"
        assert row in text, row
    assert found == {2: ("76%", "87%"), 3: ("99%", "92%"), 4: ("99%", "98%")}


# ---- lesson 19: starting weights ----------------------------------------------------------


def test_19_twins_stay_twins_large_weights_saturate_and_sigmoid_deltas_vanish():
    twins = POST_PARAMS | {"w3": 0.15, "w4": 0.20, "w6": 0.40, "w8": 0.50}
    end = train(twins, 10_000)[-1]
    assert end["w1"] == end["w3"] and end["w2"] == end["w4"] and end["w5"] == end["w6"]
    scaled = {k: (10 * v if k.startswith("w") else v) for k, v in POST_PARAMS.items()}
    _, out, _, _ = step(scaled, (0.05, 0.10), (0.01, 0.99))
    assert fmt(out[0] * (1 - out[0])) == "0.001855044"
    assert fmt(error(train(scaled, 1_000)[-1]), 2) == "0.48"
    deep = bw.tutorial().with_settings(sizes=(2, 2, 2, 2, 2, 2), bias_mode="per_neuron")
    _, g = reference.gradients(deep, deep.samples[0])  # dE/db of a neuron is its delta
    first = np.mean([abs(g["b_h1_1"]), abs(g["b_h1_2"])])
    output = np.mean([abs(g["b_o1"]), abs(g["b_o2"])])
    assert f"{first:.1e}" == "1.3e-06" and f"{output:.1e}" == "1.0e-01"
    text = stored_text(notebook(19))
    assert "hidden 1  1.3e-06" in text and "0.001855044" in text


def test_19_four_twin_hidden_neurons_on_the_plane_stay_one():
    train_points, test_points = bw.datasets.load("xor", n=200, seed=0, test_fraction=0.3)
    start = plane_network((2, 4, 1), train_points)
    w1, w2, w9 = start["w1"], start["w2"], start["w9"]
    twins = start.with_params(w3=w1, w5=w1, w7=w1, w4=w2, w6=w2, w8=w2, w10=w9, w11=w9, w12=w9)
    text = " ".join(stored_text(notebook(19)).split())
    for label, net, share in (("different start", start, "98%"), ("twin start", twins, "77%")):
        outputs = mlp_train(net.params, train_points, 4, 3_000)
        h, o = outputs([inputs for inputs, _ in train_points])
        t = np.array([target for _, (target,) in train_points])
        alike = bool(np.ptp(h, axis=1).max() < 1e-12)
        assert alike == (label == "twin start")
        assert right(outputs, test_points) == share
        assert f"{label} {fmt(float(np.mean(0.5 * (t - o) ** 2)))} {share} {alike}" in text


# ---- the exercises' checks accept the independent answers and refuse slips ------------------


def test_exercise_checks_accept_independent_answers_and_name_a_slip():
    _, _, g, d = step(POST_PARAMS, (0.05, 0.10), (0.01, 0.99))
    check("gradients.w7", g["w7"])
    check("gradients.w3", g["w3"])
    check("partials.dE_total/dout_h2", d["delta_o"][0] * 0.45 + d["delta_o"][1] * 0.55)
    with pytest.raises(AssertionError, match="labelling trap"):
        check("partials.dE_o2/dout_h1", d["delta_o"][1] * 0.45)
    ce = bw.tutorial().with_settings(loss="cross_entropy")
    _, _, g_ce, _ = step(POST_PARAMS, (0.05, 0.10), (0.01, 0.99), loss="cross_entropy")
    check("gradients.w6", g_ce["w6"], network=ce)
    with pytest.raises(AssertionError):
        check("gradients.w6", g["w6"], network=ce)  # the squared-error value is not it

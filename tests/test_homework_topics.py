"""Topic exercises: every answer against the plain-float reference, every topic's slips
constructed by hand and diagnosed, the topics' drawn numbers within their promises."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_widgets.homework import HomeworkError, check, check_answer, exercise
from backprop_widgets.homework.exercises import TOPIC_HOMEWORK
from backprop_widgets.homework.topics import TOPICS, topic_network
from tests.test_homework_reference_topics import forward, topic_step

SEEDS = [None, "alice", "bob", "Student 7"]


def reference(name, seed=None, **changes):
    """The reference step of a topic's network (its values as data), with changes."""
    net = topic_network(name, seed)
    config = {
        "sizes": net.sizes,
        "act": net.activation,
        "loss": net.loss,
        "per_neuron": net.bias_mode == "per_neuron",
        "train_biases": net.train_biases,
        "updated_above": net.hidden_uses == "updated",
        "mu": net.momentum,
        "velocity": dict(net.velocity),
    } | changes
    return net, topic_step(dict(net.values), list(net.samples), **config)


def expected(name, seed, id):
    net, ref = reference(name, seed)
    section, key = id.split(".", 1)
    first = ref["each"][0]
    if section == "forward":
        return first["forward"][key]
    if section == "partials":
        of, wrt = key.split("/")
        neuron = wrt.removeprefix("dout_").removeprefix("dnet_")
        if of.startswith("dE") and wrt.startswith("dout_"):
            return first["dout"][neuron]
        if of.startswith("dE") and wrt.startswith("dnet_"):
            return first["delta"][neuron]
        out, net_ = first["forward"][f"out_{neuron}"], first["forward"][f"net_{neuron}"]
        act = net.activation[0 if neuron.startswith("h") else -1]
        return {"sigmoid": out * (1 - out), "tanh": 1 - out**2, "relu": float(net_ > 0)}[act]
    if section == "gradients":
        return ref["gradients"][key]
    if section == "velocity":
        return ref["velocity"][key]
    if section == "updated":
        return ref["updated"][key]
    return ref["E_after"] if section == "after" else ref["E_before"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("id", TOPIC_HOMEWORK)
def test_every_topic_answer_matches_the_reference(id, seed):
    name, rest = id.split(":")
    ex = exercise(id, seed)
    assert ex.answer == pytest.approx(expected(name, seed, rest), abs=1e-12, rel=1e-10)
    assert check_answer(ex, f"{ex.answer:.9f}").correct
    assert check(id, ex.answer, seed=seed) is None


def sample(net, k=0):
    return net.samples[k]


def by_hand():
    """(id, wrong answer built from the reference the slip's way, code, words)."""
    rows = []
    net, ref = reference("biases_shared")
    d = ref["each"][0]["delta"]
    rows += [
        ("biases_shared:gradients.b2", d["o1"], "one_neuron", ["o1's term alone", "shared"]),
        ("biases_shared:gradients.b2", (d["o1"] + d["o2"]) / 2, "averaged", ["their sum"]),
        ("biases_shared:updated.b2", net["b2"], "frozen_bias", ["here they learn"]),
        ("biases_shared:updated.b1", net["b1"] - ref["gradients"]["b1"], "lr_missing", []),
    ]
    net, ref = reference("biases_per_neuron")
    d = ref["each"][0]["delta"]
    rows += [
        ("biases_per_neuron:gradients.b_o1", d["o1"] + d["o2"], "shared_rule", ["o1 alone"]),
        (
            "biases_per_neuron:updated.b_o1",
            net["b_o1"] + net.lr * d["o1"],
            "added",
            ["added instead of subtracted"],
        ),
    ]
    net, ref = reference("hidden_updated")
    _, orig = reference("hidden_updated", updated_above=False)
    for id, value in (
        ("gradients.w1", orig["gradients"]["w1"]),
        ("partials.dE_total/dout_h1", orig["each"][0]["dout"]["h1"]),
        ("after.E_total", orig["E_after"]),
    ):
        rows.append((f"hidden_updated:{id}", value, "original_weights_in_hidden", ["original"]))
    net, ref = reference("cross_entropy")
    _, sq = reference("cross_entropy", loss="squared_error")
    f, v = ref["each"][0]["forward"], net.values
    o1, o2, t1, t2 = f["out_o1"], f["out_o2"], v["t1"], v["t2"]
    rows += [
        ("cross_entropy:forward.E_total", sq["E_before"], "other_loss", ["squared error"]),
        ("cross_entropy:gradients.w5", sq["gradients"]["w5"], "other_loss", []),
        ("cross_entropy:partials.dE_o1/dnet_o1", sq["each"][0]["delta"]["o1"], "other_loss", []),
        (
            "cross_entropy:forward.E_total",
            -(t1 * math.log10(o1) + (1 - t1) * math.log10(1 - o1))
            - (t2 * math.log10(o2) + (1 - t2) * math.log10(1 - o2)),
            "log10",
            ["natural logarithm"],
        ),
        (
            "cross_entropy:forward.E_total",
            -t1 * math.log(o1) - t2 * math.log(o2),
            "one_term",
            ["(1 - t) ln(1 - out) is missing"],
        ),
        ("cross_entropy:partials.dE_total/dout_o1", -t1 / o1, "one_term", ["is missing"]),
        ("cross_entropy:partials.dE_total/dout_o1", o1 - t1, "other_loss", ["squared error"]),
    ]
    net, ref = reference("tanh")
    _, sig = reference("tanh", act=("sigmoid", "sigmoid"))
    f, g1 = ref["each"][0]["forward"], ref["gradients"]["w1"]
    slope = 1 - f["out_h1"] ** 2
    rows += [
        ("tanh:forward.out_h1", sig["each"][0]["forward"]["out_h1"], "other_activation", ["tanh"]),
        ("tanh:partials.dout_h1/dnet_h1", 1 - f["out_h1"], "chain", ["square is missing"]),
        (
            "tanh:partials.dout_h1/dnet_h1",
            f["out_h1"] * (1 - f["out_h1"]),
            "chain",
            ["sigmoid's slope"],
        ),
        ("tanh:gradients.w1", g1 / slope * (1 - f["net_h1"] ** 2), "chain", ["from net_h1"]),
    ]
    net, ref = reference("relu")
    f = ref["each"][0]["forward"]
    dead_w3 = ref["each"][0]["dout"]["h2"] * 1.0 * net["i1"]  # the slope taken as 1
    rows += [
        ("relu:forward.out_h2", f["net_h2"], "dead_unit", ["dead unit", "max(0, net)"]),
        ("relu:partials.dout_h2/dnet_h2", 1.0, "chain", ["wrong side"]),
        ("relu:gradients.w3", dead_w3, "chain", ["dead unit passes no gradient"]),
    ]
    net, ref = reference("momentum")
    w, vv, g, mu, lr = net["w5"], net.velocity["w5"], ref["gradients"]["w5"], 0.9, net.lr
    rows += [
        ("momentum:velocity.w5", vv + g, "mu_missing", ["mu is missing"]),
        ("momentum:velocity.w5", mu * vv - lr * g, "other_convention", ["other convention"]),
        ("momentum:velocity.w5", mu * vv + (1 - mu) * g, "averaged_velocity", ["averaging"]),
        ("momentum:updated.w5", w - lr * g, "velocity_forgotten", ["plain gradient descent"]),
        ("momentum:updated.w5", w - lr * vv, "old_velocity", ["old velocity"]),
        ("momentum:updated.w5", w - (mu * vv + g), "lr_missing", ["learning rate is missing"]),
    ]
    net, ref = reference("batch")
    each = ref["each"]
    g = [e["gradients"]["w5"] for e in each]
    lr = net.lr
    w5 = net["w5"]
    one = forward(dict(net.values), sample(net), net.sizes, net.activation, net.loss)
    # online: an update per sample, the second from the weights the first left
    s1 = topic_step(dict(net.values), [sample(net, 0)])
    s2 = topic_step(s1["updated"], [sample(net, 1)])
    rows += [
        ("batch:gradients.w5", g[0] + g[1], "batch_sum", ["sum", "mean"]),
        ("batch:gradients.w5", g[1], "one_sample", ["sample 2"]),
        ("batch:updated.w5", w5 - lr * g[0], "one_sample", ["sample 1"]),
        ("batch:updated.w5", w5 - lr * (g[0] + g[1]), "batch_sum", ["sum"]),
        ("batch:updated.w5", s2["updated"]["w5"], "online", ["online"]),
        ("batch:batch.E_total", one["E_total"], "one_sample", ["sample 1"]),
        (
            "batch:batch.E_total",
            sum(e["forward"]["E_total"] for e in each),
            "batch_sum",
            ["sum"],
        ),
    ]
    net, ref = reference("deep")
    e = ref["each"][0]
    rows += [
        ("deep:gradients.w5", ref["gradients"]["w6"], "other_value", ["w6 (h1_2->h2_1)"]),
        (
            "deep:gradients.w1",
            e["delta"]["h2_1"]
            * net["w5"]
            * (1 - e["forward"]["out_h1_1"])
            * e["forward"]["out_h1_1"]
            * net["i1"],
            "chain",
            ["sum over paths"],
        ),
        ("deep:updated.w1", net["w1"] - ref["gradients"]["w1"], "lr_missing", []),
    ]
    return rows


@pytest.mark.parametrize(("id", "answer", "code", "words"), by_hand())
def test_a_topic_slip_is_told_what_it_most_likely_is(id, answer, code, words):
    ex = exercise(id)
    assert round(answer, 9) != round(ex.answer, 9)
    v = check_answer(ex, f"{answer:.9f}")
    assert (v.status, v.diagnosis) == ("wrong", code), v.message
    for word in words:
        assert word in v.message, v.message
    assert v.message.endswith(f"Recheck: {ex.formula}.")


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=12).filter(str.strip))
def test_every_seed_gets_a_dead_relu_unit_and_distinct_drawn_numbers(seed):
    relu = topic_network("relu", seed)
    f = forward(dict(relu.values), relu.samples[0], relu.sizes, relu.activation, relu.loss)
    assert f["net_h1"] > 0 > -0.1 >= f["net_h2"]
    batch = topic_network("batch", seed)
    (a, ta), (b, tb) = batch.samples
    assert set(a).isdisjoint(b) and set(ta).isdisjoint(tb)
    momentum = topic_network("momentum", seed)
    assert all(0.01 <= x <= 0.2 for x in momentum.velocity.values())
    per = topic_network("biases_per_neuron", seed)
    biases = [per[b.name] for b in per.layout.biases]
    assert len(set(biases)) == len(biases)


def test_the_softmax_topic_uses_the_cores_softmax_and_its_slips_are_named():
    net, ref = reference("softmax")
    f, d = ref["each"][0]["forward"], ref["each"][0]["delta"]
    assert f["out_o1"] + f["out_o2"] == pytest.approx(1) and net["t1"] + net["t2"] == 1
    assert d["o1"] == pytest.approx(f["out_o1"] - net["t1"], abs=1e-12)  # out - t
    o1 = f["out_o1"]
    _, binary = reference("softmax", act=("sigmoid", "sigmoid"), loss="cross_entropy")
    rows = [
        ("softmax:partials.dE_total/dnet_o1", (o1 - net["t1"]) * o1 * (1 - o1), "slope_twice"),
        ("softmax:gradients.w5", binary["gradients"]["w5"], "other_rule"),
        ("softmax:forward.out_o1", binary["each"][0]["forward"]["out_o1"], "other_rule"),
    ]
    for id, answer, code in rows:
        v = check_answer(exercise(id), f"{answer:.9f}")
        assert (v.status, v.diagnosis) == ("wrong", code), v.message
    with pytest.raises(HomeworkError, match="checked as a number"):
        from backprop_widgets.homework.formula_checks import formula_exercise

        formula_exercise("softmax:gradients.w5")


@pytest.mark.parametrize(
    ("id", "message"),
    [
        ("sofmax:gradients.w5", "unknown topic 'sofmax'; choose one of: post, biases_shared"),
        ("relu:gradients.w13", "unknown exercise"),
        ("deep:forward.out_h1", "unknown exercise"),
    ],
)
def test_bad_topic_ids_get_a_clear_message(id, message):
    with pytest.raises(HomeworkError, match=message):
        exercise(id)


def test_a_topic_id_with_a_network_is_refused():
    with pytest.raises(HomeworkError, match="give a seed, not a network"):
        exercise("relu:gradients.w3", network=topic_network("relu"))


def test_every_topic_has_a_lesson_and_exercises():
    for topic in TOPICS.values():
        assert topic.exercises and topic.lesson.endswith(".ipynb")

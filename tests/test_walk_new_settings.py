"""The explorer's step-through (text.flow) with the new settings: regularisation adds
dE_reg/dw to each weight's path, softmax outputs a delta that is a sum over the outputs."""

import math

import pytest

import backprop_widgets as bw
from backprop_widgets.core.symbolic import graph_for
from backprop_widgets.text.flow import walk_items, walk_order

from .test_flow import STEP_SECTIONS, evaluate

SETTINGS = {
    "L2": {"regularization": "L2", "lam": 0.01},
    "L1": {"regularization": "L1", "lam": 0.01},
    "softmax": {"activation": ("sigmoid", "softmax"), "loss": "categorical_cross_entropy"},
    "softmax 2-3-3 L2": {
        "sizes": (2, 3, 3),
        "activation": ("tanh", "softmax"),
        "loss": "categorical_cross_entropy",
        "regularization": "L2",
    },
}


@pytest.mark.parametrize("name", list(SETTINGS))
def test_the_walk_visits_every_value_once_after_what_it_needs(name):
    net = bw.tutorial().with_settings(**SETTINGS[name])
    values = bw.walkthrough(net)
    graph = graph_for(net.shape)
    order = [(s, k) for _, s, k in walk_order(net, values)]
    expected = {(s, k) for s in STEP_SECTIONS for k in values.get(s, {})}
    assert len(order) == len(set(order)) and set(order) == expected
    by_symbol = {sym: q for q, sym in graph.symbols.items()}
    seen: set = set()
    for qid in order:
        definition = graph.definitions.get(qid)
        if definition is not None:
            needed = {by_symbol[s] for s in definition.free_symbols} & expected
            assert needed <= seen, f"{qid} is shown before {needed - seen}"
        seen.add(qid)


@pytest.mark.parametrize("name", ["L2", "softmax", "softmax 2-3-3 L2"])
def test_every_walk_line_has_the_numbers_of_its_value(name):
    net = bw.tutorial().with_settings(**SETTINGS[name])
    values = bw.walkthrough(net)
    for item in walk_items(net, values):
        section, key = item.line.key.split(":", 1)
        if item.line.numbers and section != "params":
            got, want = evaluate(item.line.numbers), values[section][key]
            assert math.isclose(got, want, rel_tol=1e-6, abs_tol=2e-9), (item.line.text, want)

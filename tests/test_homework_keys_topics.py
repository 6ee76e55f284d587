"""Keys of the topics homework and the answers as data, against the plain-float reference."""

import json

import pytest

from backprop_widgets.homework import TOPIC_HOMEWORK, HomeworkError, answer_key
from backprop_widgets.homework.keys import answer_data
from tests.test_homework_topics import expected


@pytest.mark.parametrize("seed", ["alice", "bob"])
def test_the_topics_key_shows_every_answer_of_the_reference(seed):
    key = answer_key(seed, "markdown", homework="topics")
    for id in TOPIC_HOMEWORK:
        name, rest = id.split(":")
        assert f"| `{id}` |" in key
        assert f"{expected(name, seed, rest):.9f}".replace("-0.000000000", "0.000000000") in key, id


def test_the_answers_as_data_are_the_references_and_survive_json():
    data = json.loads(json.dumps(answer_data("alice", "topics")))
    assert data["seed"] == "alice" and set(data["answers"]) == set(TOPIC_HOMEWORK)
    for id, answer in data["answers"].items():
        name, rest = id.split(":")
        assert answer["value"] == pytest.approx(expected(name, "alice", rest), abs=1e-12)
        assert answer["shown"] == f"{answer['value']:.9f}".replace("-0.000000000", "0.000000000")
    assert data["networks"]["momentum"]["velocity"]["w5"] == 0.03
    assert len(data["networks"]["batch"]["samples"]) == 2
    assert data["answers"]["tanh:partials.dout_h1/dnet_h1"]["formula_checked"] is True
    assert data["answers"]["batch:gradients.w5"]["formula_checked"] is False


def test_an_unknown_homework_is_refused():
    with pytest.raises(
        HomeworkError, match="unknown homework 'hw3'; choose one of: backprop, topics"
    ):
        answer_key("alice", homework="hw3")

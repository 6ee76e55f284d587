"""Formula answers: right ones proved equal, wrong ones diagnosed, each formula's value
checked against the plain-float reference; hostile text refused and nothing run."""

import re
import subprocess
import sys
import textwrap

import pytest

from backprop_widgets.core.symbolic import graph_for
from backprop_widgets.homework import FormulaError, HomeworkError, check_formula
from backprop_widgets.homework.formula_checks import check_formula_answer, formula_exercise
from backprop_widgets.homework.formulas import numeric, read_formula
from tests.test_homework_reference import POST, step
from tests.test_homework_topics import reference

REF = step(POST)
F, G = REF["forward"], REF["gradients"]
D1, D2 = REF["delta_o1"], REF["delta_o2"]


def value_of(id, text):
    """The formula's value at the exercise's numbers (to compare with the reference)."""
    ex = formula_exercise(id)
    graph = graph_for(ex.network.shape)
    values = ex.values | {"params": ex.network.values, "state": dict(ex.network.velocity)}
    return numeric(graph, values, read_formula(text, ex.network))


RIGHT = [
    ("gradients.w5", "(out_o1 - t1) * out_o1 * (1 - out_o1) * out_h1", G["w5"]),
    ("gradients.w5", "-(t1 - out_o1) * out_o1 * (1 - out_o1) * out_h1", G["w5"]),
    ("gradients.w5", "dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5", G["w5"]),
    ("gradients.w5", "delta_o1 * out_h1", G["w5"]),
    ("gradients.w5", "dE_o1 / dnet_o1 * out_h1", G["w5"]),  # spaces inside a factor's name
    (
        "gradients.w5",
        "(sigma(w5*sigmoid(w1*i1+w2*i2+b1) + w6*sigmoid(w3*i1+w4*i2+b1) + b2) - t1)"
        " * out_o1 * (1 - out_o1) * 1/(1 + exp(-(w1*i1 + w2*i2 + b1)))",
        G["w5"],
    ),
    ("partials.dE_total/dout_h1", "delta_o1 * w5 + delta_o2 * w7", REF["dE_total/dout_h1"]),
    ("gradients.w1", "(delta_o1*w5 + delta_o2*w7) * out_h1*(1 - out_h1) * i1", G["w1"]),
    ("updated.w5", "w5 - lr * dE_total/dw5", REF["updated"]["w5"]),
    ("updated.w5", "w5 - eta * delta_o1 * out_h1", REF["updated"]["w5"]),
    ("forward.E_total", "1/2*(t1 - out_o1)^2 + (t2 - out_o2)**2 / 2", F["E_total"]),
    ("forward.E_total", "0.5 * (t1 - out_o1)^2 + 0.5 * (t2 - out_o2)^2", F["E_total"]),
    ("forward.out_h1", "1 / (1 + exp(-net_h1))", F["out_h1"]),
    ("forward.net_o1", "w5 * out_h1 + w6 * out_h2 + b2", F["net_o1"]),
]


@pytest.mark.parametrize(("id", "text", "value"), RIGHT)
def test_a_right_formula_is_proved_equal(id, text, value):
    assert value_of(id, text) == pytest.approx(value, rel=1e-12)
    v = check_formula_answer(formula_exercise(id), text)
    assert v.correct, v.message
    assert check_formula(id, text) is None


def topic_rows():
    rows = []
    net, ref = reference("tanh")
    rows.append(
        (
            "tanh:partials.dout_h1/dnet_h1",
            "1 - tanh(net_h1)^2",
            1 - ref["each"][0]["forward"]["out_h1"] ** 2,
        )
    )
    net, ref = reference("cross_entropy")
    f = ref["each"][0]["forward"]
    rows.append(("cross_entropy:partials.dE_o1/dnet_o1", "out_o1 - t1", f["out_o1"] - net["t1"]))
    net, ref = reference("momentum")
    rows.append(
        ("momentum:updated.w5", "w5 - lr * (mu * v_w5 + dE_total/dw5)", ref["updated"]["w5"])
    )
    net, ref = reference("hidden_updated")
    rows.append(
        (
            "hidden_updated:partials.dE_total/dout_h1",
            "delta_o1 * w5_new + delta_o2 * new_w7",
            ref["each"][0]["dout"]["h1"],
        )
    )
    net, ref = reference("relu")
    rows.append(("relu:gradients.w3", "dE_total/dout_h2 * dout_h2/dnet_h2 * i1", 0.0))
    net, ref = reference("deep")
    rows.append(
        (
            "deep:gradients.w1",
            "(delta_h2_1*w5 + delta_h2_2*w7) * out_h1_1 * (1 - out_h1_1) * i1",
            ref["gradients"]["w1"],
        )
    )
    rows.append(
        (
            "biases_shared:gradients.b2",
            "delta_o1 + delta_o2",
            reference("biases_shared")[1]["gradients"]["b2"],
        )
    )
    return rows


@pytest.mark.parametrize(("id", "text", "value"), topic_rows())
def test_a_right_topic_formula_is_proved_equal(id, text, value):
    assert value_of(id, text) == pytest.approx(value, rel=1e-12, abs=1e-15)
    assert check_formula_answer(formula_exercise(id), text).correct


def wrong_rows():
    """(id, formula, the slip's value built from the reference, code, words)."""
    _, tanh = reference("tanh")
    h1 = tanh["each"][0]["forward"]["out_h1"]
    _, late = reference("hidden_updated")
    _, orig = reference("hidden_updated", updated_above=False)
    ce_net, ce = reference("cross_entropy")
    o1, t1 = ce["each"][0]["forward"]["out_o1"], ce_net["t1"]
    relu_net, relu = reference("relu")
    return [
        (
            "gradients.w5",
            "(t1 - out_o1) * out_o1 * (1 - out_o1) * out_h1",
            -G["w5"],
            "sign",
            ["sign is flipped"],
        ),
        (
            "gradients.w5",
            "(out_o1 - t1) * out_o1 * (1 - out_o1) * out_h2",
            D1 * F["out_h2"],
            "other_value",
            ["out_h2 where out_h1"],
        ),
        (
            "gradients.w5",
            "(out_o1 - t1) * out_o1 * (1 - out_o1)",
            D1,
            "chain",
            ["factor dnet_o1/dw5 (= out_h1) is missing"],
        ),
        (
            "gradients.w5",
            "(out_o1 - t1) * out_h1",
            (F["out_o1"] - POST["t1"]) * F["out_h1"],
            "chain",
            ["dout_o1/dnet_o1 (= out_o1 * (1 - out_o1)) is missing"],
        ),
        (
            "gradients.w5",
            "delta_o1 * out_h1 * out_h1",
            G["w5"] * F["out_h1"],
            "chain",
            ["extra factor"],
        ),
        (
            "gradients.w5",
            "2 * (out_o1 - t1) * out_o1 * (1 - out_o1) * out_h1",
            2 * G["w5"],
            "half",
            ["1/2 of E"],
        ),
        (
            "partials.dE_total/dout_h1",
            "delta_o1 * w5 + delta_o2 * w6",
            D1 * POST["w5"] + D2 * POST["w6"],
            "other_value",
            ["w6 where w7", "labelling trap"],
        ),
        (
            "partials.dE_total/dout_h1",
            "delta_o1 * w5",
            D1 * POST["w5"],
            "chain",
            ["term", "is missing", "sum over paths"],
        ),
        (
            "partials.dE_total/dout_h1",
            "delta_o1 * w5_new + delta_o2 * w7_new",
            late["each"][0]["dout"]["h1"],
            "other_rule",
            ["updated w5_new..w8_new"],
        ),
        (
            "hidden_updated:partials.dE_total/dout_h1",
            "delta_o1 * w5 + delta_o2 * w7",
            orig["each"][0]["dout"]["h1"],
            "other_rule",
            ["original w5..w8"],
        ),
        (
            "gradients.w1",
            "(delta_o1*w5 + delta_o2*w7) * out_h1 * (1 - out_h1) * i2",
            G["w2"],
            "other_value",
            ["i2 where i1"],
        ),
        (
            "updated.w5",
            "w5 - dE_total/dw5",
            POST["w5"] - G["w5"],
            "lr_missing",
            ["learning rate is missing"],
        ),
        (
            "updated.w5",
            "w5 + lr * dE_total/dw5",
            POST["w5"] + 0.5 * G["w5"],
            "added",
            ["added instead of subtracted"],
        ),
        (
            "forward.net_h1",
            "w1 * i1 + w2 * i2",
            POST["w1"] * POST["i1"] + POST["w2"] * POST["i2"],
            "chain",
            ["term b1 is missing"],
        ),
        ("forward.E_total", "(t1 - out_o1)^2 + (t2 - out_o2)^2", 2 * F["E_total"], "half", ["1/2"]),
        (
            "tanh:partials.dout_h1/dnet_h1",
            "out_h1 * (1 - out_h1)",
            h1 * (1 - h1),
            "other_rule",
            ["sigmoid's formula", "tanh"],
        ),
        ("tanh:partials.dout_h1/dnet_h1", "1 - out_h1", 1 - h1, "chain", ["square is missing"]),
        (
            "cross_entropy:partials.dE_o1/dnet_o1",
            "(out_o1 - t1) * out_o1 * (1 - out_o1)",
            (o1 - t1) * o1 * (1 - o1),
            "other_rule",
            ["squared error"],
        ),
        (
            "cross_entropy:partials.dE_total/dout_o1",
            "-t1/out_o1",
            -t1 / o1,
            "chain",
            ["(1 - t1)/(1 - out_o1) is missing"],
        ),
        (
            "relu:gradients.w3",
            "dE_total/dout_h2 * i1",
            relu["each"][0]["dout"]["h2"] * relu_net["i1"],
            "dead_unit",
            ["h2 is a dead unit", "slope"],
        ),
    ]


@pytest.mark.parametrize(("id", "text", "value", "code", "words"), wrong_rows())
def test_a_wrong_formula_is_told_what_it_most_likely_is(id, text, value, code, words):
    assert value_of(id, text) == pytest.approx(value, rel=1e-12, abs=1e-15)
    v = check_formula_answer(formula_exercise(id), text)
    assert (v.status, v.diagnosis) == ("wrong", code), v.message
    for word in words:
        assert word in v.message, v.message
    with pytest.raises(AssertionError, match=r"Your formula is not"):
        check_formula(id, text)


def test_with_a_seed_the_check_says_whose_numbers():
    with pytest.raises(AssertionError, match=r"gradients.w5 \(seed alice\): .*gives"):
        check_formula("gradients.w5", "w5 - w6", seed="alice")
    assert check_formula("gradients.w5", "delta_o1 * out_h1", seed="alice") is None


HOSTILE = [
    ("__import__('os').system('touch SENTINEL')", "cannot be in a formula"),
    ("__import__", "not a name of this network"),
    ("out_h1.__class__", "cannot read the formula"),
    ("lambda x: x", "cannot be in a formula"),
    ("9**9**9**9", "power of a power"),
    ("9^99", "exponent 99 is too large"),
    ("out_h1^w5", "exponent after '^' (character 7) must be a number"),
    ("(" * 10_000 + "1" + ")" * 10_000, "at most 600 are read"),
    ("(" * 30 + "1" + ")" * 30, "nested more than 24 deep"),
    ("- " * 200 + "1", "nests more than 24 levels"),
    ("1" * 100_000, "100,000 characters"),
    ("1e99999999", "too long"),
    ("123456789012345678901234567", "too long"),
    ("(out_h1 + 1)^12 * (out_h2 + 1)^12 * (t1 + 1)^12 * (t2 + 1)^12", "degree 48"),
    ("exp(", "not closed"),
    ("out_h1)", "closes nothing"),
    ("2 out_h1", "write * between"),
    ("out_h1(2)", "is a value, not a function"),
    ("exp", "is a function"),
    ("w9 * out_h1", "unknown name 'w9'"),
    ("out_h", "did you mean out_h2 or out_h1"),
    ("", "the formula is empty"),
    ("1/0", "division by zero"),
    ("\\x", "cannot be in a formula"),
    ("out_h1; import os", "cannot be in a formula"),
    ("[out_h1]", "cannot be in a formula"),
    ("out_h1 if 1 else 2", "write * between"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_hostile_or_broken_text_is_refused_with_a_clear_message(text, message):
    with pytest.raises(FormulaError, match=re.escape(message)):
        read_formula(text, formula_exercise("gradients.w5").network)
    v = check_formula_answer(formula_exercise("gradients.w5"), text)
    assert v.status == "invalid" and message in v.message


def test_a_formula_error_is_a_homework_error_and_a_backprop_error():
    from backprop_widgets import BackpropError

    assert issubclass(FormulaError, HomeworkError) and issubclass(FormulaError, BackpropError)
    with pytest.raises(AssertionError, match="cannot be in a formula"):
        check_formula("gradients.w5", "__import__('os')")


AUDITED = """
import os, sys
from backprop_widgets.homework import check_formula_answer
from backprop_widgets.homework.formula_checks import formula_exercise
ex = formula_exercise("gradients.w5")
check_formula_answer(ex, "delta_o1 * out_h1")  # warm up: imports, SymPy caches
check_formula_answer(ex, "delta_o1 * out_h2")
events = []
WATCHED = ("exec", "compile", "os.system", "subprocess.Popen", "os.exec", "os.posix_spawn",
           "os.spawn", "builtins.input", "ctypes.dlopen", "socket.connect", "import")
def hook(event, args):
    if event.startswith(WATCHED) or (event == "open" and "SENTINEL" in str(args[0])):
        events.append((event, str(args)[:80]))
sys.addaudithook(hook)
for text in HOSTILE:
    verdict = check_formula_answer(ex, text)
    assert verdict.status == "invalid", (text, verdict)
print(len(events), events[:3], os.path.exists(SENTINEL))
"""


def test_hostile_text_runs_nothing(tmp_path):
    """An audit hook sees no exec, compile, import, process or file of the sentinel."""
    sentinel = tmp_path / "SENTINEL"
    texts = [
        f"__import__('os').system('touch {sentinel}')",
        '__import__("os").system("touch SENTINEL")',
        "eval('1')",
        "exec('import os')",
        "open('SENTINEL', 'w')",
        "(lambda: 1)()",
        "().__class__.__bases__[0].__subclasses__()",
        "9**9**9**9",
        "(" * 10_000 + ")" * 10_000,
        "x" * 100_000,
        "sympify('1')",
    ]
    code = f"HOSTILE = {texts!r}\nSENTINEL = {str(sentinel)!r}\n" + textwrap.dedent(AUDITED)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0 [] False"
    assert not sentinel.exists()


@pytest.mark.parametrize("id", ["after.E_total", "batch:gradients.w5", "batch:batch.E_total"])
def test_quantities_without_a_formula_are_refused(id):
    with pytest.raises(HomeworkError, match="checked as a number, not a formula"):
        formula_exercise(id)

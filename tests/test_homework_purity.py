"""The homework core (variants, exercises, checks, keys) runs with ipywidgets, matplotlib and
nbformat blocked: a grader cell or the CLI needs none of them."""

import subprocess
import sys

BLOCKED = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("ipywidgets", "matplotlib", "nbformat"):
            raise ImportError(f"{name} is blocked in this test")
sys.meta_path.insert(0, Block())
from backprop_widgets.homework import answer_key, check, check_answer, exercise, variant
check("gradients.w5", 0.082167041)
from backprop_widgets.homework import answer_data, check_formula, slips
check_formula("relu:gradients.w3", "dE_total/dout_h2 * dout_h2/dnet_h2 * i1", seed="bob")
repr(slips([("gradients.w5", "0.1")])), answer_data("bob", "topics")
print(check_answer(exercise("gradients.w3"), "0.000877135").diagnosis)
print(len(answer_key("alice", "latex")) > 1000, variant("bob")["w5"])
try:
    from backprop_widgets.homework import AnswerBox
except ImportError as error:
    print("widgets:", error)
assert not any(m.split(".")[0] in ("ipywidgets", "matplotlib", "nbformat") for m in sys.modules)
"""


def test_the_homework_core_needs_no_widgets_plots_or_notebooks():
    out = subprocess.run(
        [sys.executable, "-c", BLOCKED], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "other_value",
        "True 0.5",
        "widgets: ipywidgets is blocked in this test",
    ]

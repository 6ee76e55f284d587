"""The core imports and computes with ipywidgets and matplotlib blocked."""

import subprocess
import sys

BLOCKED = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("ipywidgets", "matplotlib"):
            raise ImportError(f"{name} is blocked in this test")
sys.meta_path.insert(0, Block())
import backprop_widgets as bw
from backprop_widgets import cli, core, homework, text
from backprop_widgets.text import findings, formulas, render
step = bw.walkthrough(bw.tutorial())
print(round(step["gradients"]["w5"], 9), bw.train(bw.tutorial(), 10).steps)
assert not any(m.split(".")[0] in ("ipywidgets", "matplotlib") for m in sys.modules)
"""


def test_core_runs_without_ipywidgets_and_matplotlib():
    out = subprocess.run(
        [sys.executable, "-c", BLOCKED], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0.082167041", "10"]


def test_explorer_is_the_only_door_to_the_widgets():
    import backprop_widgets

    assert "Explorer" in backprop_widgets.__all__

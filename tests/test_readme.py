"""The README says what the code does: its settings table is the table the code makes, and
its Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import backprop_widgets as bw
from backprop_widgets.text.reference import settings_table

README = (Path(__file__).parents[1] / "README.md").read_text()


def test_the_settings_table_is_made_from_the_settings():
    found = re.search(
        r"<!-- settings table:.*?-->\n(.*?)\n<!-- end of settings table -->", README, re.S
    )
    assert found, "the README has no settings table between its markers"
    assert found.group(1) == settings_table("markdown")
    for s in bw.SETTINGS:
        assert f"| `{s.name}` | `{s.option}` |" in found.group(1)


def test_the_python_example_runs_and_says_what_it_gets():
    block = re.search(r"## In Python\n\n```python\n(.*?)```", README, re.S).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # the README's own code, not input
    step = namespace["step"]
    assert repr(step["gradients"]["w5"]) == "0.08216704056423078"
    assert repr(step["partials"]["dE_o2/dout_h1"]) == "-0.01904911825827811"  # 2e-18 from exact
    assert repr(step["after"]["E_total"]) == "0.29102777369359933"
    assert (
        namespace["explorer"].net["w5"] == 0.3 and namespace["explorer"].net.loss == "cross_entropy"
    )

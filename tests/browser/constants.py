"""Paths, timeouts and the two front ends of the browser harness."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
FIXTURES_DIR = HERE / "fixtures"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "browser"

SERVER_START_TIMEOUT = 60.0  # seconds until the server must answer HTTP
DEFAULT_TIMEOUT_MS = 30_000  # default Playwright timeout for waits and actions
NOTEBOOK_READY_TIMEOUT_MS = 60_000  # page load + kernel start + run all cells
DEFAULT_READY = ".jupyter-widgets"  # any rendered ipywidget

UI = Literal["lab", "voila"]
UIS: tuple[UI, ...] = ("lab", "voila")

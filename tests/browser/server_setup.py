"""The command line and the isolated environment a notebook server starts with."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .constants import UI, UIS

VOILA_CULL_IDLE_SECONDS = 30  # Voila kernels of closed pages are shut down after this

# JupyterLab user settings written into the isolated settings dir of every lab server.
LAB_USER_SETTINGS = {
    # Never ask "Would you like to get notified about official Jupyter news?" and
    # never fetch news or update information from the internet.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Render every cell: with the default windowing ("contentVisibility"/"full")
    # cells far below the viewport are not laid out, so their widgets would not
    # count as visible for Playwright in a long notebook.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
}


def server_env(state_dir: Path) -> dict[str, str]:
    """Isolate per-user config/runtime/settings, keep the venv's data path (lab extensions)."""
    env = dict(os.environ)
    for var in ("JUPYTER_TOKEN", "JUPYTER_PASSWORD"):
        env.pop(var, None)
    dirs = {
        "JUPYTER_CONFIG_DIR": state_dir / "config",
        "JUPYTER_RUNTIME_DIR": state_dir / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": state_dir / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state_dir / "lab-workspaces",
        "IPYTHONDIR": state_dir / "ipython",  # no profile/startup files of the user
    }
    for var, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    for rel, settings in LAB_USER_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings, indent=2))
    env["PYTHONUNBUFFERED"] = "1"
    env["JUPYTER_PLATFORM_DIRS"] = "1"  # silence jupyter_core's deprecation warning
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiet debugpy warning in kernel logs
    return env


def server_command(
    ui: UI, notebook: Path, root_dir: Path, state_dir: Path, port: int, token: str
) -> list[str]:
    """The argv of a ``jupyter lab`` (serving ``root_dir``) or ``voila`` (``notebook``) server."""
    py = sys.executable
    if ui == "lab":
        cmd = [
            py, "-m", "jupyter", "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
            "--LanguageServerManager.autodetect=False",
            f"--NotebookNotary.data_dir={state_dir}",
        ]  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd
    if ui == "voila":
        return [
            py, "-m", "voila", str(notebook),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
            f"--Voila.token={token}",
            f"--Voila.root_dir={root_dir}",
            "--show_tracebacks=True",
            f"--NotebookNotary.data_dir={state_dir}",
            # Voila loads every installed lab extension; this one (Notebook 7's lab
            # integration) cannot load outside JupyterLab and only logs a console error.
            "--VoilaConfiguration.extension_denylist=@jupyter-notebook/lab-extension",
            # Voila keeps a page's kernel after the page is closed: cull the ones without
            # a connection so a long suite does not pile up idle kernels.
            f"--MappingKernelManager.cull_idle_timeout={VOILA_CULL_IDLE_SECONDS}",
            "--MappingKernelManager.cull_interval=10",
            "--MappingKernelManager.cull_connected=False",
        ]  # fmt: skip
    raise ValueError(f"unknown ui {ui!r}; expected one of {UIS}")

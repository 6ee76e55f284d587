"""A running ``jupyter lab`` or ``voila`` server on a temp copy of a notebook."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .constants import SERVER_START_TIMEOUT, UI
from .server_setup import server_command, server_env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kill_process_tree(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM the server's process group, then SIGKILL whatever is left.

    Kernels are started by jupyter_client in their own session (process group), so
    descendants are collected first and killed explicitly if the server did not
    shut them down itself.
    """
    try:
        import psutil

        descendants = psutil.Process(proc.pid).children(recursive=True)
    except Exception:
        descendants = []
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # stragglers left in the group
    for child in descendants:
        with contextlib.suppress(Exception):
            child.kill()


@dataclass
class NotebookServer:
    """A running ``jupyter lab`` or ``voila`` process serving a temp copy of a notebook."""

    ui: UI
    port: int
    token: str
    root_dir: Path
    notebook: str  # file name of the notebook inside root_dir
    source: Path  # the original notebook (restored before every open)
    proc: subprocess.Popen
    log_path: Path
    env: dict[str, str] = field(repr=False, default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def notebook_path(self) -> Path:
        return self.root_dir / self.notebook

    def url(self, path: str = "/", **query: str) -> str:
        """Absolute URL on this server, with the token appended."""
        query = {**query, "token": self.token} if self.token else query
        qs = "&".join(f"{k}={v}" for k, v in query.items())
        return f"{self.base_url}{path}" + (f"?{qs}" if qs else "")

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"<no server log: {exc}>"
        return "\n".join(text.splitlines()[-lines:])

    def api(self, method: str, path: str, body: object = None, timeout: float = 10.0):
        """Call the Jupyter REST API (lab only); returns decoded JSON or None."""
        req = urllib.request.Request(
            self.url(path),
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def reset(self) -> None:
        """Fresh state for the next page: restore the notebook file, stop lab kernels.

        JupyterLab reuses the kernel session of an already-open notebook path and may
        have autosaved outputs, so both are undone. Voila starts a kernel per page load.
        """
        if self.ui == "lab":
            for session in self.api("GET", "/api/sessions") or []:
                with contextlib.suppress(urllib.error.HTTPError):
                    self.api("DELETE", f"/api/sessions/{session['id']}")
        shutil.copyfile(self.source, self.notebook_path)
        checkpoints = self.root_dir / ".ipynb_checkpoints"
        if checkpoints.exists():
            shutil.rmtree(checkpoints, ignore_errors=True)
        if self.ui == "lab":
            self._prestart_kernel()

    def _prestart_kernel(self) -> None:
        """Create the notebook's session now, so its kernel boots while the page loads.

        JupyterLab attaches to an existing session for the notebook's path; this saves
        about a second per page. Best effort: on any problem Lab starts one itself.
        """
        try:
            spec = json.loads(self.notebook_path.read_text())["metadata"]["kernelspec"]["name"]
        except (KeyError, TypeError, ValueError):
            return
        body = {
            "path": self.notebook,
            "name": self.notebook,
            "type": "notebook",
            "kernel": {"name": spec},
        }
        with contextlib.suppress(OSError, urllib.error.URLError):
            self.api("POST", "/api/sessions", body)

    def stop(self) -> None:
        _kill_process_tree(self.proc)


def _wait_for_http(server: NotebookServer, timeout: float) -> None:
    probe = server.url("/api") if server.ui == "lab" else f"{server.base_url}/__bw_ping__"
    deadline = time.monotonic() + timeout
    last_error: object = None
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.ui} server exited with code {server.proc.returncode} before "
                f"answering HTTP on port {server.port}.\n--- server log tail ---\n"
                f"{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:  # it answered HTTP (e.g. Voila's 404 for the probe path)
                return
            last_error = exc
        except (OSError, urllib.error.URLError) as exc:
            last_error = exc
        time.sleep(0.2)
    raise TimeoutError(
        f"{server.ui} server did not answer HTTP at {probe} within {timeout:.0f}s "
        f"(last error: {last_error}).\n--- server log tail ---\n{server.log_tail()}"
    )


def start_server(
    notebook: str | Path,
    ui: UI,
    *,
    extra_files: tuple[str | Path, ...] = (),
    timeout: float = SERVER_START_TIMEOUT,
) -> NotebookServer:
    """Copy ``notebook`` (+ ``extra_files``) to a fresh temp dir and serve it.

    Prefer the ``serve_notebook`` fixture, which caches servers and stops them.
    """
    source = Path(notebook).resolve()
    if not source.is_file():
        raise FileNotFoundError(source)
    state_dir = Path(tempfile.mkdtemp(prefix=f"bw-{ui}-"))
    root_dir = state_dir / "root"
    root_dir.mkdir()
    shutil.copyfile(source, root_dir / source.name)
    for extra in extra_files:
        extra = Path(extra)
        copy = shutil.copytree if extra.is_dir() else shutil.copyfile
        copy(extra, root_dir / extra.name)
    env = server_env(state_dir)

    attempts = 3  # a free port can be grabbed by someone else before the server binds it
    for attempt in range(1, attempts + 1):
        port = _free_port()
        token = secrets.token_hex(16)
        log_path = state_dir / f"{ui}-server-{attempt}.log"
        cmd = server_command(ui, root_dir / source.name, root_dir, state_dir, port, token)
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=root_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: killpg at teardown
            )
        server = NotebookServer(
            ui=ui,
            port=port,
            token=token,
            root_dir=root_dir,
            notebook=source.name,
            source=source,
            proc=proc,
            log_path=log_path,
            env=env,
        )
        try:
            _wait_for_http(server, timeout)
            return server
        except RuntimeError:
            server.stop()
            log = server.log_tail().lower()
            port_taken = "in use" in log or "no available port" in log
            if attempt == attempts or not port_taken:
                raise
        except BaseException:
            server.stop()
            raise
    raise AssertionError("unreachable")

"""``ksm-tui serve``: a real server on a free loopback port, fetched with urllib; the app behind the websocket."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.harness import child_env

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ksm_tui", "serve", *args],
        env=child_env(home),
        cwd=str(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_listening(port: int, proc: subprocess.Popen[str], timeout: float = 15.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"serve ended early: {proc.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"serve not listening on {port} after {timeout} s")


def _stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    proc.terminate()
    try:
        return proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


async def _first_screen(port: int, timeout: float = 15.0) -> str:
    import aiohttp

    seen = ""
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as ws:
            end = time.monotonic() + timeout
            while "keine Sitzung geöffnet" not in seen and time.monotonic() < end:
                try:
                    msg = await ws.receive(timeout=max(end - time.monotonic(), 0.1))
                except TimeoutError:
                    break
                if msg.type == aiohttp.WSMsgType.BINARY:
                    seen += msg.data.decode("utf-8", "replace")
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    seen += msg.data
                else:
                    break
    return seen


def test_serve_answers_on_loopback_and_starts_the_app(tmp_path: Path) -> None:
    port = _free_port()
    proc = _start(tmp_path, "--port", str(port))
    try:
        _wait_listening(port, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
            html = response.read().decode("utf-8")
        assert "textual" in html.lower() and "ksm-tui" in html
        # A browser connection runs the app itself (same python, -m ksm_tui) behind the websocket.
        assert "keine Sitzung geöffnet" in asyncio.run(_first_screen(port))
    finally:
        _out, err = _stop(proc)
    assert f"http://127.0.0.1:{port}" in err
    assert "Achtung" not in err  # loopback: no warning


def test_serve_on_a_busy_port_is_one_german_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _start(tmp_path, "--port", str(port))
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise
    assert proc.returncode == 1
    assert "Port ist schon belegt" in err
    assert "Traceback" not in err


def test_serve_warns_when_not_on_loopback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--host 0.0.0.0 prints a German warning and a browser address (the server itself is not started here)."""
    import textual_serve.server

    started: dict[str, object] = {}

    class FakeServer:
        def __init__(self, command: str, **kwargs: object) -> None:
            started.update(kwargs, command=command)

        def serve(self) -> None:
            started["served"] = True

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    from ksm_tui.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert "Achtung" in err and "ohne Passwort" in err
    assert started["served"] and started["host"] == "0.0.0.0" and started["port"] == 8123
    # A browser cannot open 0.0.0.0: the address shown and used for the websocket is the host's name.
    assert started["public_url"] == f"http://{socket.getfqdn()}:8123"

"""`assistant serve` as a user starts it: a real server process, local-only by default, a login
when --auth is given (the API refuses requests without it), and a plain message for a bad flag."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from .servers import free_port, wait_for_port

pytestmark = [pytest.mark.slow, pytest.mark.server]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_CORPUS_DIR": str(tmp_path / "c")}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli.main", "serve", "--port", str(port), "--auth",
                                "officer:bí-mật", "--backend", "extractive", "--embeddings", "e5", "--index",
                                str(tmp_path / "index")], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert wait_for_port(port, process, 180), process.stdout.read().decode() if process.stdout else ""
        yield port
    finally:
        process.terminate()
        process.wait(30)


def _other_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent; this picks the outward interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_the_server_listens_on_this_computer_only_and_asks_for_the_login(server):
    base = f"http://127.0.0.1:{server}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/config", timeout=10)
    assert refused.value.code == 401
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    wrong = urllib.parse.urlencode({"username": "officer", "password": "sai"}).encode()
    with pytest.raises(urllib.error.HTTPError):
        opener.open(f"{base}/login", data=wrong, timeout=10)
    right = urllib.parse.urlencode({"username": "officer", "password": "bí-mật"}).encode()
    assert opener.open(f"{base}/login", data=right, timeout=10).status == 200
    assert opener.open(f"{base}/config", timeout=10).status == 200
    other = _other_address()
    if other:  # the machine's network address: nothing listens there
        with pytest.raises(OSError), socket.create_connection((other, server), timeout=3):
            pass


def test_a_bad_auth_flag_is_a_one_line_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "assistant.cli.main", "serve", "--auth", "no-colon", "--index",
                           str(tmp_path / "index")], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "user:password" in done.stderr and "Traceback" not in done.stderr

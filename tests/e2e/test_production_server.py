"""The hardening in `.streamlit/config.toml`, enforced by a real `streamlit run`.

tests/unit/test_production_config.py reads the file; these tests check what a server
started from it does:
- without `--server.address` it listens on 127.0.0.1 only (the `start_server` fixture
  passes the address explicitly, so these start their own server);
- a WebSocket handshake naming another host is refused (`server.allowedHosts`);
- an upload needs the XSRF token from our page's cookie (`server.enableXsrfProtection`),
  and one over 20 MB is refused whatever the uploader in the page says (`server.maxUploadSize`).

Uploads go to `PUT /_stcore/upload_file/<session id>/<file id>` as multipart form data,
with the `_streamlit_xsrf` cookie's value repeated in an `X-Xsrftoken` header. The
session id is only known to the page, so the first upload is made through the Data
page's file uploader and its URL read from the request the browser sent.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import APIResponse, Page

from bench.servers import (
    REPO_ROOT,
    STARTUP_TIMEOUT_S,
    NotHealthy,
    free_port,
    healthy,
    stop,
    wait_until_healthy,
)
from tests.e2e.conftest import UI_TIMEOUT_MS, main, open_page, settle

pytestmark = pytest.mark.e2e

MB = 1024 * 1024
UPLOAD_URL = re.compile(r"/_stcore/upload_file/([^/]+)/([^/?]+)")
XSRF_COOKIE = "_streamlit_xsrf"
HANDSHAKE_TIMEOUT_S = 5

StartBare = Callable[..., int]


def _lan_address() -> str | None:
    """This machine's address on its outbound interface (nothing is sent), or None without a network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the route
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


@pytest.fixture
def start_bare(tmp_path: Path, db_url: str) -> Iterator[StartBare]:
    """`start_bare(*flags) -> port`: `streamlit run app.py` with only a port and `flags` on the
    command line, so every other setting comes from .streamlit/config.toml. Health is polled on
    127.0.0.1. Every server it started is stopped at teardown."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*flags: str) -> int:
        port = free_port()
        log_path = tmp_path / f"bare-{len(started)}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}", *flags],
                cwd=REPO_ROOT,
                env={**os.environ, "THINSLICE_DATABASE_URL": db_url},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        started.append(proc)
        try:
            wait_until_healthy(
                proc, f"http://127.0.0.1:{port}", log_path, time.monotonic() + STARTUP_TIMEOUT_S
            )
        except NotHealthy as exc:
            pytest.fail(str(exc))
        return port

    yield start
    for proc in started:
        stop(proc)


def test_without_an_address_flag_the_app_answers_only_on_this_machine(start_bare: StartBare) -> None:
    lan = _lan_address()
    if lan is None:
        pytest.skip("this machine has no network address besides loopback to probe")
    port = start_bare()
    assert healthy(f"http://127.0.0.1:{port}")
    assert not healthy(f"http://{lan}:{port}"), f"the app answers on {lan}, not only on 127.0.0.1"

    # The probe can succeed: a team deployment's --server.address opens the app to the network.
    open_port = start_bare("--server.address=0.0.0.0")
    assert healthy(f"http://{lan}:{open_port}")


def websocket_handshake(base: str, host: str) -> int:
    """The HTTP status of a browser-like WebSocket handshake to the app with `Host: host`."""
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HANDSHAKE_TIMEOUT_S)
    try:
        connection.putrequest("GET", "/_stcore/stream", skip_host=True)
        for name, value in {
            "Host": f"{host}:{port}",
            "Origin": f"http://{host}:{port}",
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Protocol": "streamlit",
        }.items():
            connection.putheader(name, value)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_page_that_rebinds_its_own_name_to_this_machine_cannot_open_an_app_session(server: str) -> None:
    # A site whose DNS name now points at 127.0.0.1 talks to the app under its own name (DNS rebinding).
    assert websocket_handshake(server, "rebind.example") == 403
    assert websocket_handshake(server, "localhost") == 101
    assert websocket_handshake(server, "127.0.0.1") == 101


def upload_through_the_page(page: Page, server: str, tmp_path: Path) -> tuple[str, str]:
    """Upload a small CSV with the Data page's uploader; return (upload URL prefix, XSRF token)."""
    open_page(page, f"{server}/data")
    csv = tmp_path / "tiny.csv"
    csv.write_text("account,stage\n", encoding="utf-8")
    with page.expect_request(
        lambda request: request.method == "PUT" and "/_stcore/upload_file/" in request.url
    ) as sent:
        # The assessments import: the first of the page's uploaders (invoices and hours follow).
        main(page).locator('input[type="file"]').first.set_input_files(csv)
    request = sent.value
    response = request.response()
    assert response is not None and response.status == 204, "the page's own upload must go through"
    assert request.header_value("x-xsrftoken"), "the page sends its XSRF token with an upload"
    settle(page)
    found = UPLOAD_URL.search(request.url)
    assert found is not None, request.url
    cookies = {c["name"]: c["value"] for c in page.context.cookies(server)}
    assert XSRF_COOKIE in cookies
    return f"{server}/_stcore/upload_file/{found.group(1)}", cookies[XSRF_COOKIE]


def put_file(page: Page, url: str, size: int, token: str | None) -> APIResponse:
    """A hand-made upload from the same browser (its cookies go along), with or without the token."""
    headers = {"X-Xsrftoken": token} if token else {}
    return page.request.put(
        url,
        headers=headers,
        multipart={"file": {"name": "upload.csv", "mimeType": "text/csv", "buffer": b"a" * size}},
        timeout=UI_TIMEOUT_MS,
    )


def test_an_upload_needs_the_pages_xsrf_token_and_at_most_20_mb(
    page: Page, server: str, tmp_path: Path
) -> None:
    session_url, token = upload_through_the_page(page, server, tmp_path)

    # Another site can make the browser send the cookie, but cannot read it into the header.
    assert put_file(page, f"{session_url}/forged", 100, token=None).status == 403
    assert put_file(page, f"{session_url}/wrong", 100, token="not-the-token").status == 403
    # With the token, a file well under the limit is taken; one over 20 MB is not, although
    # Streamlit's default (200 MB) would take it.
    assert put_file(page, f"{session_url}/small", 100, token=token).status == 204
    assert put_file(page, f"{session_url}/19mb", 19 * MB, token=token).status == 204
    assert put_file(page, f"{session_url}/21mb", 21 * MB, token=token).status == 413

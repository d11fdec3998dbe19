"""Failures raised before any response exists (TLS, proxy, redirect loops, invalid URLs),
injected with aioresponses (the maintained fork `aioresponses-ng`) into the client's real
session; loopback servers pass through. Failures after headers are tested on loopback
(tests/test_client_errors.py, and the redirect answer below)."""

from __future__ import annotations

import re
import ssl
from typing import Any

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey
from aioresponses import aioresponses
from multidict import CIMultiDict

from bot.keitaro.errors import ErrorKind
from tests.sandbox_fixtures import API_KEY, POSTBACK_KEY, client_for, make_sandbox

TRACKER = "https://tracker.example.com"
ANY_URL = re.compile(r"^https://tracker\.example\.com/.*$")
KEY = ConnectionKey("tracker.example.com", 443, True, True, None, None, None,
                    "tracker.example.com")
LOOPBACK = ["http://127.0.0.1"]


def certificate_error() -> Exception:
    failure = ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has "
           "expired")
    return aiohttp.ClientConnectorCertificateError(KEY, failure)


def handshake_error() -> Exception:
    return aiohttp.ClientConnectorSSLError(
        KEY, ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"))


def proxy_refused() -> Exception:
    return aiohttp.ClientProxyConnectionError(KEY, ConnectionRefusedError(111, "refused"))


def proxy_auth() -> Exception:
    return aiohttp.ClientHttpProxyError(None, (), status=407,
                                        message="Proxy Authentication Required",
                                        headers=CIMultiDict())


def redirect_loop() -> Exception:
    return aiohttp.TooManyRedirects(None, (), status=302, message="Found")


def invalid_url() -> Exception:
    return aiohttp.InvalidUrlClientError(f"{TRACKER}:99999/admin_api/v1/campaigns")


READ = ("campaigns.list", {})
WRITE = ("campaigns.enable", {"id": 5})
POSTBACK = ("conversions.create", {"data": {"click_id": "3f2a9c1b7e", "status": "sale"}})

CASES: list[tuple[str, Any, ErrorKind, str]] = [
    ("certificate", certificate_error, ErrorKind.TLS_ERROR, "certificate is not trusted"),
    ("handshake", handshake_error, ErrorKind.TLS_ERROR, "TLS handshake failed"),
    ("proxy refused", proxy_refused, ErrorKind.PROXY_ERROR, "cannot connect to the proxy"),
    ("proxy 407", proxy_auth, ErrorKind.PROXY_ERROR, "proxy refused the connection (HTTP 407)"),
    ("redirect loop", redirect_loop, ErrorKind.REDIRECT, "redirect loop"),
    ("invalid url", invalid_url, ErrorKind.INVALID_URL, "cannot be requested"),
]


@pytest.mark.parametrize("call", [READ, WRITE, POSTBACK], ids=["read", "write", "postback"])
@pytest.mark.parametrize(("make", "kind", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
async def test_failure_before_any_response(call: tuple[str, dict[str, Any]], make: Any,
                                           kind: ErrorKind, words: str) -> None:
    action, args = call
    with aioresponses(passthrough=LOOPBACK) as mocked:
        for method in ("GET", "POST"):
            mocked.add(ANY_URL, method=method, exception=make(), repeat=True)
        async with client_for(TRACKER, retries=2) as client:
            envelope = await client.execute(action, args)
    error = envelope.error
    assert not envelope.success and error is not None
    assert error.kind is kind
    assert words in error.message
    assert envelope.attempts == 1  # none of these is worth repeating
    assert sum(len(calls) for calls in mocked.requests.values()) == 1
    # Nothing reached the tracker (or the proxy let nothing through): no write is uncertain.
    assert not error.uncertain
    text = envelope.model_dump_json() + error.message
    assert API_KEY not in text and POSTBACK_KEY not in text
    assert "tracker.example.com/admin_api" not in error.message


async def test_a_tls_failure_after_connecting_leaves_a_write_uncertain() -> None:
    """A bare SSL error (not at connect time) may come after the request went out."""
    with aioresponses(passthrough=LOOPBACK) as mocked:
        mocked.post(ANY_URL, exception=ssl.SSLError(1, "[SSL] decryption failed"))
        mocked.get(ANY_URL, exception=ssl.SSLError(1, "[SSL] decryption failed"))
        async with client_for(TRACKER, retries=0) as client:
            write = await client.execute(*WRITE)
            read = await client.execute(*READ)
    assert write.kind is ErrorKind.TLS_ERROR and write.error is not None
    assert write.error.uncertain
    assert read.kind is ErrorKind.TLS_ERROR and read.error is not None
    assert not read.error.uncertain  # a read changes nothing


async def test_loopback_passes_through_while_other_hosts_are_mocked() -> None:
    sb = make_sandbox(clicks=50)
    with aioresponses(passthrough=LOOPBACK) as mocked:
        mocked.get(ANY_URL, exception=certificate_error())
        async with sb.running() as base, client_for(base) as client:
            envelope = await client.execute("campaigns.get", {"id": 1})
    assert envelope.success, envelope.error
    assert sb.count("GET", r"/campaigns/1$") == 1


async def test_an_invalid_tracker_url_is_refused_without_mocking() -> None:
    async with client_for("http://:99999", retries=2) as client:
        envelope = await client.execute(*READ)
    assert envelope.kind is ErrorKind.INVALID_URL and envelope.attempts == 1


async def test_a_redirect_answer_names_only_its_host() -> None:
    """After headers, on loopback: a 301 (e.g. http → https) is a redirect error that says
    where it points, without the path or query (they could carry a key)."""
    sb = make_sandbox(clicks=50)
    sb.faults.add("POST", r"/campaigns/5/enable$", status=301, body="",
                  headers={"Location": f"https://tracker.example.com/{POSTBACK_KEY}?k=1"})
    async with sb.running() as base, client_for(base) as client:
        envelope = await client.execute(*WRITE)
    assert envelope.kind is ErrorKind.REDIRECT and envelope.status == 301
    assert envelope.error is not None
    assert "redirects to https://tracker.example.com " in envelope.error.message
    assert POSTBACK_KEY not in envelope.model_dump_json()
    assert sb.count("POST") == 1

"""A login inside KEITARO_URL (issue 13, finding 2).

Basic auth in front of a tracker is common: `KEITARO_URL=https://user:pass@tracker`. The
bot used to show that URL, login and all, in every reply and preview, in its logs and in the
journal. Now the tracker still gets the credentials (in the Authorization header), and the
URL the bot shows, logs and stores has none.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import pytest

from bot.keitaro.masking import Redactor
from bot.settings import KeitaroSettings, load_settings
from telegram_fake import FakeTelegram
from tests.harness import ADMIN, API_KEY, TEXT_METHODS, result_of, running_bot
from tests.processes import bot_env, free_port, start_bot, world
from tests.reliability.leaks import files_under, log_text, telegram_received

USER = "team"
PASSWORD = "s3cr@t-PASS-9f8e"
ENCODED = "s3cr%40t-PASS-9f8e"  # as it is written inside a URL
OFFER_PASSWORD = "hunter2-AFF-77c1"  # in an offer's URL, from the tracker
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def _leaks(content: str | bytes, where: str) -> list[str]:
    raw = content if isinstance(content, bytes) else content.encode("utf-8", "replace")
    return [f"{where}: {word}" for word in (PASSWORD, ENCODED, OFFER_PASSWORD)
            if word.encode() in raw]


async def test_a_login_in_keitaro_url_reaches_the_tracker_and_shows_nowhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Reads, a previewed and confirmed write, a connection error, an offer whose URL holds
    another login, /audit: every Admin API request carries the Authorization header, and the
    password is in no message, log line, journal entry or DATA_DIR file."""
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path, login=f"{USER}:{ENCODED}") as h:
        sim = h.admin
        h.sandbox.state.offers[2]["url"] = (
            f"https://aff:{OFFER_PASSWORD}@network.example/go?offer=2")
        assert (await result_of(h, sim, sim.say("/campaigns get 1"))).startswith("✅")
        await sim.say('/campaigns update 3 {"name": "Renamed"}')
        preview = sim.last_text or ""
        assert "PUT /campaigns/3" in preview and "@" not in preview, preview
        done = await result_of(h, sim, sim.press("✅ Confirm: Update a campaign"))
        assert done.startswith("✅"), done
        # the full request in the result's details block: the URL as sent, without the login
        assert f"URL: {h.tracker_url}/admin_api/v1/campaigns/3" in done, done
        offer = await result_of(h, sim, sim.say("/offers get 2"))
        assert "https://••••@network.example/go" in offer, offer
        h.sandbox.faults.add("GET", r"/landing_pages$", drop=True, times=5)
        assert (await result_of(h, sim, sim.say("/landings list"))).startswith("❌")
        await sim.say("/audit 5")
        assert "Campaign «" in (sim.last_text or "") and "· changed" in (sim.last_text or "")
        journal = "\n".join(e.model_dump_json() for e in await h.services.audit.last(10))
    api = [r for r in h.sandbox.requests if r.path.startswith("/admin_api/")]
    assert len(api) >= 5
    assert {r.headers.get("Authorization") for r in api} == {BASIC}
    assert h.sandbox.state.campaigns[3]["name"] == "Renamed"
    found = _leaks(telegram_received(h.tg), "telegram") + _leaks(log_text(caplog.records),
                                                                    "logs")
    found += _leaks(journal, "journal")
    for name, content in files_under(tmp_path / "data").items():
        found += _leaks(content, name)
    assert not found, found


def test_settings_keep_the_login_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """KEITARO_URL's login is split off: the URL has none, the credentials are kept apart
    (and out of repr and dumps), and the password (REDIS_URL's too) is one of the secrets
    to scrub."""
    settings = KeitaroSettings(url=f"https://{USER}:{ENCODED}@tracker.example.com/admin_api/v1",
                               api_key=API_KEY)
    assert settings.url == "https://tracker.example.com"
    assert settings.api_base == "https://tracker.example.com/admin_api/v1"
    assert settings.basic_auth == (USER, PASSWORD)
    for shown in (repr(settings), str(settings), settings.model_dump_json(),
                  str(settings.model_dump())):
        assert not _leaks(shown, "settings"), shown
    assert KeitaroSettings(url="https://tracker.example.com", api_key=API_KEY).basic_auth is None
    for name, value in {"TELEGRAM_BOT_TOKEN": "1:abc", "ALLOWED_USERS": "1",
                        "KEITARO_URL": f"https://{USER}:{ENCODED}@tracker.example.com",
                        "KEITARO_API_KEY": API_KEY}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("REDIS_URL", "redis://:r3dis-PASS@127.0.0.1:6379/0")
    assert {PASSWORD, "r3dis-PASS"} <= set(load_settings(env_file=None).secrets())


def test_the_login_of_any_url_is_masked_in_any_text() -> None:
    """Log lines, exception texts, tracker data: the user name and password of a URL are
    masked as a whole; the rest of the URL stays readable."""
    redactor = Redactor()
    line = ("GET https://team:pw@tracker.example.com/admin_api/v1/offers failed; see "
            "http://only-user@host:8080/x, mailto:a@b.example, https://example.com/@me")
    assert redactor(line) == (
        "GET https://••••@tracker.example.com/admin_api/v1/offers failed; see "
        "http://••••@host:8080/x, mailto:a@b.example, https://example.com/@me")


async def test_a_real_process_logs_no_login(tmp_path: Path) -> None:
    """`python -m bot run` with KEITARO_URL holding a login, logging at DEBUG: it reaches the
    tracker with the credentials, and neither its log nor its replies hold the password."""
    async with world() as (sandbox, tg, tracker, api):
        port = free_port()
        env = bot_env(tracker.replace("://", f"://{USER}:{ENCODED}@", 1), api, port,
                      data_dir=tmp_path / "data")
        env["LOG_LEVEL"] = "DEBUG"
        sandbox.faults.add("GET", r"/offers$", drop=True, times=5)
        proc = start_bot(env, tmp_path / "bot.log")
        try:
            await proc.wait_healthy()
            for line, mark in (("/campaigns get 1", "✅"), ("/offers list", "❌")):
                after = len(tg.calls)
                await tg.post_webhook(proc.webhook_url, tg.message(ADMIN, line),
                                      env["WEBHOOK_SECRET"])
                call = await tg.wait_call(
                    TEXT_METHODS, timeout=20, after=after,
                    where=lambda c, m=mark: FakeTelegram.visible_text(c).startswith(m))
                assert call.ok
        finally:
            code = proc.stop()
        log = proc.log()
    assert code == 0, log
    assert "GET" in log and "/admin_api/v1/" in log  # the DEBUG lines were written
    api_requests = [r for r in sandbox.requests if r.path.startswith("/admin_api/")]
    assert api_requests and {r.headers.get("Authorization") for r in api_requests} == {BASIC}
    found = _leaks(log, "log") + _leaks(telegram_received(tg), "telegram")
    assert not found, found

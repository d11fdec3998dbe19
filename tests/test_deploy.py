"""Running for real: webhook secret and health, restart in the middle of a flow, two processes
on one Redis, startup errors, the demo, the Dockerfile."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp

from telegram_fake import FakeTelegram
from tests.harness import (
    ADMIN,
    SECRETS,
    TEXT_METHODS,
    WEBHOOK_SECRET,
)
from tests.processes import (
    ROOT,
    BotProcess,
    bot_env,
    free_port,
    redis_server,
    start_bot,
    world,
)


async def post(tg: FakeTelegram, proc: BotProcess, update: dict[str, Any],
               secret: str | None = WEBHOOK_SECRET) -> int:
    result = await tg.post_webhook(proc.webhook_url, update, secret)
    return result.status


async def reply(tg: FakeTelegram, after: int, contains: str, timeout: float = 15.0) -> str:
    """The visible text of the first message to ADMIN after call `after` containing `contains`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for call in tg.calls[after:]:
            if call.ok and call.method in TEXT_METHODS and call.chat_id == ADMIN:
                text = FakeTelegram.visible_text(call)
                if contains in text:
                    return text
        await asyncio.sleep(0.02)
    seen = [FakeTelegram.visible_text(c)[:100] for c in tg.calls[after:] if c.chat_id == ADMIN]
    raise TimeoutError(f"no reply containing {contains!r}; seen {seen}")


def button_data(tg: FakeTelegram, prefix: str) -> tuple[str, dict[str, Any]]:
    for message in reversed(tg.messages[ADMIN]):
        markup = message.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if button["text"].startswith(prefix):
                    return button["callback_data"], message.to_json()
    raise AssertionError(f"no button {prefix!r}")


async def test_webhook_secret_and_health(tmp_path: Path) -> None:
    async with world() as (sandbox, tg, tracker, api):
        port = free_port()
        proc = start_bot(bot_env(tracker, api, port, data_dir=tmp_path / "data"),
                         tmp_path / "bot.log")
        try:
            await proc.wait_healthy()
            assert tg.state.webhook.url == proc.webhook_url  # registered at start-up
            assert tg.state.webhook.secret_token == WEBHOOK_SECRET
            assert tg.commands(language_code="ru")  # command menu in both languages
            assert tg.commands()
            for secret in (None, "wrong-secret"):
                status = await post(tg, proc, tg.message(ADMIN, "/campaigns get 1"), secret)
                assert status == 401
            await asyncio.sleep(0.3)
            assert sandbox.count() == 0, "an update without the secret was processed"
            mark = len(tg.calls)
            assert await post(tg, proc, tg.message(ADMIN, "/campaigns get 1")) == 200
            text = await reply(tg, mark, "Campaign #1 ·")
            assert text.startswith("✅") and sandbox.count("GET", r"/campaigns/1$") == 1
            async with aiohttp.ClientSession() as session, session.get(proc.health_url) as r:
                assert r.status == 200 and (await r.json())["ok"] is True
        finally:
            code = await asyncio.to_thread(proc.stop)
        log = proc.log()
        assert code == 0, log
        assert "Traceback" not in log
        for secret in SECRETS:
            assert secret not in log


async def test_restart_in_the_middle_of_a_flow(tmp_path: Path) -> None:
    """SIGTERM while a user is half-way through; the next process continues the flow."""
    async with world() as (sandbox, tg, tracker, api):
        env = bot_env(tracker, api, free_port(), data_dir=tmp_path / "data")
        first = start_bot(env, tmp_path / "first.log")
        try:
            await first.wait_healthy()
            mark = len(tg.calls)
            await post(tg, first, tg.message(ADMIN, "/campaigns update 3"))
            await reply(tg, mark, "What to change?")
        finally:
            assert await asyncio.to_thread(first.stop) == 0, first.log()
        second = start_bot(env, tmp_path / "second.log")
        try:
            await second.wait_healthy()
            mark = len(tg.calls)
            await post(tg, second, tg.message(ADMIN, '{"name": "After restart"}'))
            await reply(tg, mark, "Preview")
            data, message = button_data(tg, "✅ Confirm")
            mark = len(tg.calls)
            await post(tg, second, tg.callback(ADMIN, data, message=message))
            text = await reply(tg, mark, "Campaign #3 · After restart")
            assert text.startswith("✅"), text
            assert sandbox.state.campaigns[3]["name"] == "After restart"
            assert sandbox.count("PUT", r"/campaigns/3$") == 1
            mark = len(tg.calls)
            await post(tg, second, tg.message(ADMIN, "/audit"))
            journal = await reply(tg, mark, "Last")
            assert "Campaign «After restart» #3 · changed" in journal
            assert "before: Name: TikTok BR Casino" in journal
        finally:
            assert await asyncio.to_thread(second.stop) == 0, second.log()


async def test_two_processes_share_one_conversation_on_redis(tmp_path: Path) -> None:
    """Several processes behind one webhook URL behave as one bot when REDIS_URL is set."""
    with redis_server(tmp_path) as redis_url:
        async with world() as (sandbox, tg, tracker, api):
            procs = [
                start_bot(bot_env(tracker, api, free_port(), redis_url=redis_url),
                          tmp_path / f"bot{n}.log")
                for n in (1, 2)
            ]
            try:
                await asyncio.gather(*(p.wait_healthy() for p in procs))
                a, b = procs
                mark = len(tg.calls)
                await post(tg, a, tg.message(ADMIN, "/streams update"))
                await reply(tg, mark, "Send the stream id")
                mark = len(tg.calls)
                await post(tg, b, tg.message(ADMIN, "2"))  # answered on the other process
                await reply(tg, mark, "What to change?")
                mark = len(tg.calls)
                await post(tg, a, tg.message(ADMIN, '{"name": "Shared"}'))
                await reply(tg, mark, "Preview")
                data, message = button_data(tg, "✅ Confirm")
                mark = len(tg.calls)
                await post(tg, b, tg.callback(ADMIN, data, message=message))
                text = await reply(tg, mark, "Stream #2 · Shared")
                assert text.startswith("✅"), text
                assert sandbox.state.streams[2]["name"] == "Shared"
                # a second tap on the first process finds the flow gone: nothing is sent twice
                await post(tg, a, tg.callback(ADMIN, data, message=message))
                await asyncio.sleep(0.5)
                assert sandbox.count("PUT", r"/streams/2$") == 1
                mark = len(tg.calls)
                await post(tg, a, tg.message(ADMIN, "/audit"))
                journal = await reply(tg, mark, "Last")
                assert "Stream «" in journal and "· changed" in journal
            finally:
                for proc in procs:
                    assert await asyncio.to_thread(proc.stop) == 0, proc.log()


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str = "",
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(
        ("TELEGRAM_", "KEITARO_", "WEBHOOK_", "REDIS_", "ALLOWED_USERS"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot", *args], cwd=ROOT, env={**base, **(env or {})},
        input=stdin, capture_output=True, text=True, timeout=timeout, check=False,
    )


def run_without(blocked: tuple[str, ...], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot *args` in a process where the `blocked` packages cannot be imported,
    as in the Docker image, which holds `bot` and `handlers` alone."""
    code = ("import runpy, sys\n"
            f"sys.modules.update(dict.fromkeys({blocked!r}))\n"
            f"sys.argv = ['bot', *{args!r}]\n"
            "runpy.run_module('bot', run_name='__main__', alter_sys=True)\n")
    base = {k: v for k, v in os.environ.items() if not k.startswith(
        ("TELEGRAM_", "KEITARO_", "WEBHOOK_", "REDIS_", "ALLOWED_USERS"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True,
        timeout=60, check=False)


def test_without_the_demo_nothing_configured_stops_with_the_settings(tmp_path: Path) -> None:
    dev = ("demo", "keitaro_sandbox", "telegram_fake")
    result = run_without(dev, "--env-file", str(tmp_path / "none.env"))
    assert result.returncode == 2, result.stderr
    assert "No settings found" not in result.stderr  # no demo to start
    assert "Cannot start the bot; fix these settings" in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert any("TELEGRAM_BOT_TOKEN" in line for line in lines)
    assert "Traceback" not in result.stderr
    for command in ("demo", "sandbox"):
        result = run_without(dev, command)
        assert result.returncode == 2 and "this installation does not have" in result.stderr
        assert "Traceback" not in result.stderr
    result = run_without(dev, "actions", "--markdown")
    assert result.returncode == 0 and "| Group | Operation |" in result.stdout


def test_the_cli_imports_tools_and_handlers_only_when_asked() -> None:
    """Importing the entry point loads neither the handlers (joined only when the bot runs)
    nor the demo, the sandbox tracker or the fake Bot API; `actions` needs none of them."""
    code = ("import sys\n"
            "import bot.cli\n"
            "bot.cli.main(['actions', '--json'])\n"
            "found = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('handlers', 'demo', 'keitaro_sandbox', 'telegram_fake'))\n"
            "sys.stderr.write(repr(found))\n")
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "[]"


def test_invalid_settings_stop_with_one_line_each(tmp_path: Path) -> None:
    result = run_cli("--env-file", str(tmp_path / "none.env"), "run", env={
        "TELEGRAM_BOT_TOKEN": "not-a-token-SECRET-value",
        "KEITARO_URL": "ftp://tracker",
        "ALLOWED_USERS": "12,abc:editor",
        "WEBHOOK_URL": "https://bot.example.com",
    })
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert any("TELEGRAM_BOT_TOKEN" in line for line in lines)
    assert any("KEITARO_URL must start with http" in line for line in lines)
    assert any("KEITARO_API_KEY is required" in line for line in lines)
    assert any("ALLOWED_USERS" in line and "abc" in line for line in lines)
    assert any("WEBHOOK_SECRET is required" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert "not-a-token-SECRET-value" not in result.stderr + result.stdout


def test_demo_piped(tmp_path: Path) -> None:
    script = "/start\n2\n1\n/campaigns get 2\n/conversions update 5 {\"status\": \"sale\"}\n"
    result = run_cli("--env-file", str(tmp_path / "none.env"), stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "No settings found" in result.stderr  # nothing configured → the demo
    assert "[1] 📊 Statistics   [2] 🎯 Campaigns" in out  # the menu starts with the most used
    assert "(pressed [2] 🎯 Campaigns)" in out
    assert "All campaigns" in out and "#1 " in out
    assert "✅ Campaign #2 · Google DE Keto" in out
    assert "Missing required field(s): click_id" in out
    assert out.rstrip().endswith("bye")
    assert "Traceback" not in result.stderr


def test_demo_in_russian(tmp_path: Path) -> None:
    result = run_cli("demo", "--lang", "ru", stdin="/campaigns list\n")
    assert result.returncode == 0, result.stderr
    assert "Все кампании" in result.stdout


def test_actions_json() -> None:
    import json

    result = run_cli("actions", "--json")
    rows = json.loads(result.stdout)
    assert len(rows) >= 107
    postback = next(r for r in rows if r["group"] == "conversions" and r["operation"] == "update")
    assert postback["path"] == "/{postback_key}/postback" and postback["kind"] == "postback"
    assert {"group", "operation", "method", "path", "danger", "params"} <= set(rows[0])


def test_dockerfile_copies_what_exists_and_runs_the_bot() -> None:
    text = (ROOT / "Dockerfile").read_text()
    for line in text.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    assert "USER keitaro" in text and "HEALTHCHECK" in text and "python:3.11-slim" in text
    assert 'CMD ["python", "-m", "bot"]' in text


def test_dockerfile_copies_the_product_alone() -> None:
    """The image holds `bot` and `handlers`; the demo and the test doubles stay out."""
    copied = set()
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            copied.update(line.split()[1:-1])
    assert copied == {"pyproject.toml", "README.md", "bot", "handlers"}


def test_commands_doc_table_is_generated() -> None:
    from bot.cli import actions_markdown

    readme = (ROOT / "docs/commands.md").read_text()
    start = readme.index("<!-- actions:start -->\n") + len("<!-- actions:start -->\n")
    end = readme.index("<!-- actions:end -->")
    assert readme[start:end] == actions_markdown(), (
        "docs/commands.md table is stale: regenerate with `python -m bot actions --markdown`")


def test_docs_document_every_setting() -> None:
    from bot.settings import (
        AccessSettings,
        ChangesSettings,
        KeitaroSettings,
        LogSettings,
        NotifySettings,
        ReportSettings,
        StorageSettings,
        TelegramSettings,
        WebhookSettings,
    )

    readme = (ROOT / "docs/operations.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for section in (TelegramSettings, KeitaroSettings, AccessSettings, WebhookSettings,
                    StorageSettings, NotifySettings, ChangesSettings, ReportSettings,
                    LogSettings):
        prefix = section.model_config.get("env_prefix", "")
        for name, field in section.model_fields.items():
            env = (field.alias or f"{prefix}{name}").upper()
            assert f"| `{env}` |" in readme, f"{env} is not in docs/operations.md"
            assert f"\n{env}=" in example, f"{env} is not in .env.example"


async def test_docs_sample_digest_is_what_the_bot_builds() -> None:
    import importlib.util

    from bot.notify.chart import png_size

    spec = importlib.util.spec_from_file_location("sample_digest", ROOT / "docs/sample_digest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text, png = await module.sample_text()
    readme = (ROOT / "docs/team-updates.md").read_text()
    assert f"<!-- digest:start -->\n```\n{text}```\n<!-- digest:end -->" in readme
    below_title = text.split("\n")[2:]  # the table and the comparison fit a phone's 34
    assert len(below_title) > 10 and all(len(line) <= 34 for line in below_title), text
    assert png_size(png) == png_size((ROOT / "docs/digest-sample.png").read_bytes()) == (800, 600)


async def test_sandbox_command_serves_a_tracker() -> None:
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--api-key",
        "cli-sandbox-key-123", "--postback-delay", "0.1", cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/admin_api/v1/campaigns"
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(url, headers={"Api-Key": "cli-sandbox-key-123"}) as r:
                        assert r.status == 200 and len(await r.json()) > 0
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("the sandbox did not start")
            async with session.get(url, headers={"Api-Key": "wrong"}) as r:
                assert r.status == 401
            postback = f"http://127.0.0.1:{port}/sandboxpostback/postback"
            async with session.get(postback, params={"subid": "0000000000"}) as r:
                assert (r.status, await r.text()) == (200, "Success")
            logs = url.replace("/campaigns", "/logs/postbacks")
            for _ in range(100):  # the queue writes it 0.1 s later, by itself
                async with session.get(logs, params={"limit": "1"},
                                       headers={"Api-Key": "cli-sandbox-key-123"}) as r:
                    last = (await r.json())[0]["message"]
                if "not found" in last:
                    break
                await asyncio.sleep(0.05)
            assert last == 'SubID "0000000000" not found. Postback ignored.'
    finally:
        proc.terminate()
        output = (await asyncio.wait_for(proc.communicate(), 10))[0].decode()
    assert "cli-sandbox-key-123" not in output

"""`python -m bot demo`: the real dispatcher in the terminal, against the built-in sandbox.

The sandbox tracker runs in-process on loopback; the bot talks to Telegram through
`DemoSession`, which answers in the process. What you type becomes a Telegram update fed to the
real dispatcher; what the bot sends is printed as text with its buttons numbered, and typing a
number presses that button. With standard input not a terminal, lines are read until end of
input, so the demo also works in scripts (`/wait 20` there lets time pass). The notifier runs
and the sandbox makes traffic, so alerts and digests arrive on their own; files the bot sends
are saved to a folder named at the start.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import locale
import os
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, TextIO

from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery

from bot.app import create_bot, create_dispatcher, create_services
from bot.keitaro.masking import Redactor
from bot.settings import AccessSettings, KeitaroSettings, NotifySettings, StorageSettings
from demo.session import DemoSession, Sent
from handlers import get_routers
from keitaro_sandbox import Sandbox
from keitaro_sandbox.live import live_traffic

DEMO_TOKEN = "1000000001:demo-token-not-a-real-one"  # noqa: S105 - the demo's fake token
DEMO_API_KEY = "demo-api-key-0123456789"
DEMO_POSTBACK_KEY = "demo-postback-key"
DEMO_USER = 1
DEMO_POSTBACK_DELAY = 1.0  # seconds from a postback's "Success" to its conversion
QUIT = {"/quit", "/exit", "quit", "exit"}
WAIT = "/wait"  # `/wait 30`: a script lets background work happen (see `_wait`)
MAX_WAIT = 300.0
PROMPT = "\nyou › "
LIVE_EVERY = 2.0  # seconds between the sandbox's new clicks
# the notifier of the demo: rounds every few seconds, so an alert comes within half a minute
DEMO_NOTIFY = NotifySettings(enabled=True, tick=5, conversions_every=15, rules_every=60)
SHOWN = {"SendMessage", "EditMessageText", "SendDocument", "SendPhoto", "AnswerCallbackQuery"}


def default_lang() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "ru" if code.startswith("ru") else "en"


class Terminal:
    """Turns typed lines into updates and the bot's calls into printed text."""

    def __init__(self, session: DemoSession, bot: Bot, dp: Dispatcher, lang: str,
                 out: TextIO) -> None:
        self.session, self.bot, self.dp, self.lang, self.out = session, bot, dp, lang, out
        self.buttons: list[tuple[str, str, dict[str, Any]]] = []  # label, data, message
        self.user = {"id": DEMO_USER, "is_bot": False, "first_name": "Demo",
                     "language_code": lang}
        self._update_ids = itertools.count(1)
        self.busy = False  # a typed line is being handled: its replies print after it

    def _message(self, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.session.next_message_id(), "date": int(time.time()),
            "chat": self.session.chat, "from": self.user, "text": text}
        command = text.split(maxsplit=1)[0] if text.startswith("/") else ""
        if command:
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def _press(self, data: str, message: dict[str, Any]) -> dict[str, Any]:
        update_id = next(self._update_ids)
        return {"update_id": update_id, "callback_query": {
            "id": str(update_id), "from": self.user, "message": message,
            "chat_instance": str(DEMO_USER), "data": data}}

    def _button_number(self, text: str) -> int | None:
        """The button a line presses: its number, or `[its label]` (the start of it is
        enough: `[📊 by offer]`, for a script that cannot know the numbers)."""
        if text.isdigit() and self.buttons and 1 <= int(text) <= len(self.buttons):
            return int(text)
        if len(text) > 2 and text[0] == "[" and text[-1] == "]":
            wanted = text[1:-1].strip()
            return next((n for n, (label, _, _) in enumerate(self.buttons, 1)
                         if label.startswith(wanted)), None)
        return None

    async def send(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        number = self._button_number(text)
        if number is not None:
            label, data, message = self.buttons[number - 1]
            self.out.write(f"  (pressed [{number}] {label})\n")
            update = self._press(data, message)
        else:
            update = self._message(text)
        self.busy = True
        try:
            await self.dp.feed_raw_update(self.bot, update)
        finally:
            self.busy = False
        self.flush()

    def flush(self) -> None:
        for call in self.session.take():
            if call.name in SHOWN and call.ok:
                self.show(call)
        self.out.flush()

    def show(self, call: Sent) -> None:
        result = call.result if isinstance(call.result, dict) else {}
        if isinstance(call.method, AnswerCallbackQuery):
            if call.method.text:
                self.out.write(f"  ⓘ {call.method.text}\n")
            return
        saved = self.session.saved.get(result.get("message_id", 0))
        where = f"\n      → {saved}" if saved else ""
        if call.name == "SendPhoto":
            photo = (result.get("photo") or [{}])[-1]
            self.out.write(f"bot › 🖼 picture {photo.get('width', '?')}×"
                           f"{photo.get('height', '?')} {result.get('caption') or ''}{where}\n")
            return
        if call.name == "SendDocument":
            document = result.get("document") or {}
            self.out.write(f"bot › 📎 {document.get('file_name', 'file')} "
                           f"({document.get('file_size', '?')} bytes){where}\n")
            return
        prefix = "bot ✎ " if call.name == "EditMessageText" else "bot › "
        text = str(result.get("text", "")).replace("\n", "\n      ")
        self.out.write(f"\n{prefix}{text}\n")
        rows = (result.get("reply_markup") or {}).get("inline_keyboard")
        if rows:
            self.buttons = []
            lines = []
            for row in rows:
                cells = []
                for button in row:
                    data = button.get("callback_data")
                    if data is None:
                        continue
                    self.buttons.append((button["text"], data, result))
                    cells.append(f"[{len(self.buttons)}] {button['text']}")
                lines.append("   ".join(cells))
            self.out.write("      " + "\n      ".join(lines) + "\n")


async def _print_in_background(terminal: Terminal, prompt: str, every: float = 0.3) -> None:
    """What the bot sends on its own (alerts, digests) is printed as it comes, then the
    prompt again (a person may be typing)."""
    while True:
        await asyncio.sleep(every)
        if terminal.session.calls and not terminal.busy:
            terminal.flush()
            if prompt:
                terminal.out.write(prompt)
                terminal.out.flush()


async def _wait(line: str, out: TextIO) -> bool:
    """`/wait 30`: let the notifier and the sandbox's traffic run for that many seconds (for a
    script; a person just waits). True when the line was one."""
    word, _, rest = line.strip().partition(" ")
    if word.lower() != WAIT:
        return False
    try:
        seconds = min(MAX_WAIT, max(0.0, float(rest or "10")))
    except ValueError:
        seconds = 10.0
    out.write(f"  (waiting {seconds:g} s)\n")
    await asyncio.sleep(seconds)
    return True


async def run_demo(*, lang: str | None = None, role: str = "admin",
                   stdin: TextIO | None = None, out: TextIO | None = None,
                   files: Path | None = None, live_every: float = LIVE_EVERY,
                   notify: NotifySettings | None = None) -> int:
    """Run the demo until end of input or /quit; returns an exit code.

    The notifier runs (digests and alerts arrive as they would), the sandbox makes a click
    every `live_every` seconds and now and then a conversion, and every file the bot sends
    is saved in `files` (a new folder in the system's temporary folder by default, kept
    after the demo ends), named at the start."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    lang = lang or default_lang()
    interactive = stdin.isatty()
    files = files or Path(tempfile.mkdtemp(prefix="keitaro-demo-files-"))
    # as a real tracker, it answers a postback at once and writes it from its queue later
    sandbox = Sandbox(api_key=DEMO_API_KEY, postback_key=DEMO_POSTBACK_KEY, seed=7,
                      postback_delay=DEMO_POSTBACK_DELAY)
    session = DemoSession(chat={"id": DEMO_USER, "type": "private", "first_name": "Demo"},
                          files=files)
    async with AsyncExitStack() as stack:
        tracker_url = await stack.enter_async_context(sandbox.running())
        traffic = await stack.enter_async_context(live_traffic(sandbox, every=live_every))
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kbot-demo-")))
        redactor = Redactor([DEMO_TOKEN, DEMO_API_KEY, DEMO_POSTBACK_KEY])
        services = create_services(
            KeitaroSettings(url=tracker_url, api_key=DEMO_API_KEY,
                            postback_key=DEMO_POSTBACK_KEY, timeout=15),
            AccessSettings(allowed_users={DEMO_USER: role}),
            StorageSettings(DATA_DIR=data_dir),
            redactor=redactor,
            notify=notify or DEMO_NOTIFY,
        )
        bot = create_bot(DEMO_TOKEN, session=session, redactor=redactor)
        dp = create_dispatcher(services, get_routers())
        await dp.emit_startup(bot=bot)
        terminal = Terminal(session, bot, dp, lang, out)
        session.take()  # start-up calls (the command menu) are not shown
        out.write(
            f"Keitaro bot demo: the real bot against a sandbox tracker at {tracker_url}\n"
            f"You are user {DEMO_USER} ({role}). Type /start, /today, /help or a command such "
            "as /campaigns list;\na number presses a button (or [its label]); /quit or Ctrl-D "
            "ends the demo.\nTry /today: tap a campaign for its card with numbers, then "
            "📊 by offer to drill down.\n"
            f"The sandbox gets a click every {traffic.every:g} s and a conversion now and "
            "then: try /alerts → ➕ New alert → ➕ New conversions\n(each alert comes with "
            "📊 open, ⏸ pause and 🔕 mute buttons).\n"
            f"Files the bot sends (CSV, JSON, ZIP, charts) are saved in {files}\n"
        )
        printer = asyncio.create_task(_print_in_background(terminal, PROMPT if interactive
                                                           else ""))
        try:
            if interactive:
                await terminal.send("/start")
            while True:
                if interactive:
                    try:
                        line = await asyncio.to_thread(input, PROMPT)
                    except EOFError:
                        break
                else:
                    line = await asyncio.to_thread(stdin.readline)
                    if not line:
                        break
                    out.write(f"\nyou › {line.rstrip()}\n")
                if line.strip().lower() in QUIT:
                    break
                if not await _wait(line, out):
                    await terminal.send(line)
        finally:
            printer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await printer
            await dp.emit_shutdown(bot=bot)
            terminal.flush()
            await bot.session.close()
    out.write("\nbye\n")
    return 0

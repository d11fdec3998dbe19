"""Command line: `python -m bot [run|demo|actions|sandbox]`, the composition root.

Here the product (`bot`) is joined with its routers (`handlers`), inside the functions that
run it; the demo and the sandbox tracker are development tools imported only when asked for,
and are not in the Docker image: there, with nothing configured, a run stops with the settings
it needs instead of starting a demo it does not have.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.i18n import LANGS
from bot.keitaro.catalog import CATALOG

REQUIRED = ("TELEGRAM_BOT_TOKEN", "KEITARO_URL", "KEITARO_API_KEY", "ALLOWED_USERS")
DEV_PACKAGES = ("demo", "keitaro_sandbox")  # installed by `pip install .`, not in the image
NOT_INSTALLED = ("`python -m bot {command}` needs the development packages (demo/, "
                 "keitaro_sandbox/), which this installation does not have.\n")


def _not_installed(exc: ModuleNotFoundError) -> bool:
    """Whether `exc` says that a development package is missing (as in the Docker image)."""
    return exc.name in DEV_PACKAGES


def _configured(env_file: Path) -> bool:
    """Is anything of a real run configured, in the environment or in `.env`?"""
    if any(os.environ.get(name) for name in REQUIRED):
        return True
    if env_file.is_file():
        from dotenv import dotenv_values

        values = dotenv_values(env_file)
        return any(values.get(name) for name in REQUIRED)
    return False


def actions_markdown() -> str:
    """The group/operation table of `docs/commands.md`, generated from the catalog."""
    from bot.flow.commands import usage

    lines = ["| Group | Operation | Line | Method | Path | Danger | What it does |",
             "|---|---|---|---|---|---|---|"]
    for action in CATALOG:
        name = f"{CATALOG.group_title(action.group, 'en')} (`{action.group}`)"
        path = action.path.replace("|", "\\|")
        line = usage(action).replace("|", "\\|")
        lines.append(f"| {name} | `{action.key}` | `{line}` | {action.method} | `{path}` | "
                     f"{action.danger.value} | {action.label.get('en')} |")
    return "\n".join(lines) + "\n"


def print_actions(as_json: bool, markdown: bool = False) -> None:
    if markdown:
        sys.stdout.write(actions_markdown())
        return
    rows = []
    for action in CATALOG:
        rows.append({
            "group": action.group,
            "operation": action.key,
            "method": action.method,
            "path": action.path,
            "kind": action.kind.value,
            "danger": action.danger.value,
            "params": [
                {"name": p.name, "kind": p.kind.value, "in": p.location.value,
                 "required": p.required, **({"choices": list(p.choices)} if p.choices else {})}
                for p in action.params
            ],
            "fields": [
                {"name": f.name, "type": f.type.value, "required": f.required,
                 **({"choices": list(f.choices)} if f.choices else {})}
                for f in action.fields
            ],
            **{f"label_{lang}": action.label.get(lang) for lang in LANGS},
        })
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    widths = (12, 19, 7, 40, 11)
    header = ("GROUP", "OPERATION", "METHOD", "PATH", "DANGER")
    sys.stdout.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + "\n")
    for row in rows:
        cells = (row["group"], row["operation"], row["method"], row["path"], row["danger"])
        sys.stdout.write("  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))
                         .rstrip() + "\n")
    sys.stdout.write(f"\n{len(rows)} actions in {len(CATALOG.groups)} groups\n")


def _run(env_file: Path) -> int:
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(env_file)
    except SettingsError as exc:
        sys.stderr.write("Cannot start the bot; fix these settings "
                         "(see docs/operations.md → Settings):\n")
        for problem in exc.problems:
            sys.stderr.write(f"  - {problem}\n")
        return 2
    from handlers import get_routers  # the composition root joins bot and handlers here

    if settings.webhook.url:
        from bot.runners.webhook import run_webhook

        asyncio.run(run_webhook(settings, get_routers()))
    else:
        from bot.runners.polling import run_polling

        asyncio.run(run_polling(settings, get_routers()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Keitaro Telegram bot. With no settings, `python -m bot` starts the demo.",
    )
    parser.add_argument("--env-file", type=Path, default=Path(".env"))
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (long polling, or webhook when WEBHOOK_URL is set)")
    demo = sub.add_parser("demo", help="chat with the bot in the terminal, against a sandbox")
    demo.add_argument("--lang", choices=("en", "ru"), default=None)
    demo.add_argument("--role", choices=("admin", "editor", "viewer"), default="admin")
    demo.add_argument("--files", type=Path, default=None,
                      help="folder for the files the bot sends (default: a new temporary one)")
    actions = sub.add_parser("actions", help="print the action catalog")
    actions.add_argument("--json", action="store_true")
    actions.add_argument("--markdown", action="store_true", help="the table of docs/commands.md")
    sandbox = sub.add_parser("sandbox", help="serve the sandbox tracker")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8081)
    sandbox.add_argument("--api-key",
                         default=os.environ.get("SANDBOX_API_KEY", "sandbox-api-key-0000"))
    sandbox.add_argument("--postback-key", default=os.environ.get("SANDBOX_POSTBACK_KEY",
                                                                  "sandboxpostback"))
    sandbox.add_argument("--postback-delay", type=float, default=1.0,
                         help="seconds from a postback's answer to its conversion (its queue)")
    sandbox.add_argument("--live", type=float, default=None, metavar="SECONDS",
                         help="make a click every SECONDS (and now and then a conversion)")
    args = parser.parse_args(argv)

    if args.command == "actions":
        print_actions(args.json, args.markdown)
        return 0
    if args.command == "sandbox":
        try:
            from keitaro_sandbox import serve
        except ModuleNotFoundError as exc:
            if not _not_installed(exc):
                raise
            sys.stderr.write(NOT_INSTALLED.format(command="sandbox"))
            return 2
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve(args.host, args.port, api_key=args.api_key,
                              postback_key=args.postback_key,
                              postback_delay=args.postback_delay, live=args.live))
        return 0
    if args.command == "demo" or (args.command is None and not _configured(args.env_file)):
        try:
            from demo import run_demo
        except ModuleNotFoundError as exc:
            if not _not_installed(exc):
                raise
            if args.command == "demo":
                sys.stderr.write(NOT_INSTALLED.format(command="demo"))
                return 2
            return _run(args.env_file)  # the Docker image: a run names the settings it needs
        if args.command is None:
            sys.stderr.write("No settings found (TELEGRAM_BOT_TOKEN, KEITARO_URL, …): starting the "
                             "demo against a built-in sandbox tracker. "
                             "See docs/operations.md → Settings.\n")
        try:
            return asyncio.run(run_demo(lang=getattr(args, "lang", None),
                                        role=getattr(args, "role", "admin"),
                                        files=getattr(args, "files", None)))
        except KeyboardInterrupt:
            return 0
    return _run(args.env_file)

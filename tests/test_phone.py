"""A phone is the screen: every line of every monospace block fits 34 characters, a result's
keyboard has at most two buttons a row, reports switch metrics and sort, the summary of an
envelope is a title and a request line with the full request one tap away."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.access import Role
from bot.callbacks import StepKind
from bot.flow.keyboards import result_keyboard
from bot.i18n import t
from bot.keitaro.catalog import CATALOG, Action, Danger, Param, ParamKind
from bot.keitaro.masking import mask_secret
from bot.render.report import (
    MetricSet,
    ReportSort,
    ReportView,
    fmt_metric,
    report_page,
    report_shape,
    shown_metrics,
)
from bot.render.text import phone_text, wrap_line
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram, UserSim
from telegram_fake.calls import Call
from tests.harness import (
    ADMIN,
    API_KEY,
    BOT_TOKEN,
    POSTBACK_KEY,
    TEXT_METHODS,
    Harness,
    result_of,
    running_bot,
    until,
    without_details,
)
from tests.sandbox_fixtures import NOW
from tests.test_client_catalog import CASES

WIDTH = 34
MESSAGE_METHODS = TEXT_METHODS


def catalog_sandbox() -> Sandbox:
    """The sandbox the catalog's cases are written for, with the harness's keys."""
    return Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW))


def rich_monospace(value: Any) -> list[str]:
    """The lines of a rich message's `pre` blocks and `code` texts, at any depth."""
    lines: list[str] = []
    if isinstance(value, list):
        for item in value:
            lines += rich_monospace(item)
    elif isinstance(value, dict):
        if value.get("type") in ("pre", "code") and isinstance(value.get("text"), str):
            return value["text"].split("\n")
        for item in value.values():
            lines += rich_monospace(item)
    return lines


def monospace_lines(message: dict[str, Any]) -> list[str]:
    """The lines of a sent message inside its `pre` and `code` entities (or, a rich message,
    its `pre` blocks and `code` texts), as shown."""
    if isinstance(message.get("rich_message"), dict):
        return rich_monospace(message["rich_message"])
    text = str(message.get("text") or message.get("caption") or "")
    units = text.encode("utf-16-le")
    lines: list[str] = []
    for entity in message.get("entities") or message.get("caption_entities") or []:
        if entity["type"] in ("pre", "code"):
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            lines += units[start:end].decode("utf-16-le").split("\n")
    return lines


def sent(h: Harness, after: int) -> list[Call]:
    return [c for c in h.tg.calls[after:] if c.ok and c.method in MESSAGE_METHODS]


def too_wide(calls: list[Call]) -> list[str]:
    return [line for c in calls for line in monospace_lines(c.result) if len(line) > WIDTH]


def keyboard(call: Call) -> list[list[dict[str, Any]]]:
    markup = call.result.get("reply_markup") or {}
    return list(markup.get("inline_keyboard") or [])


def wide_rows(calls: list[Call]) -> list[list[str]]:
    """Keyboard rows of results (✅/❌) and ℹ️ answers with more than two buttons."""
    found = []
    for call in calls:
        if not FakeTelegram.visible_text(call).startswith(("✅", "❌", "ℹ️")):
            continue
        found += [[b["text"] for b in row] for row in keyboard(call) if len(row) > 2]
    return found


def long_data(calls: list[Call]) -> list[str]:
    return [b["callback_data"] for c in calls for row in keyboard(c) for b in row
            if len(str(b.get("callback_data", "")).encode()) > 64]


def answer(param: Param, value: Any) -> str:
    """What a person types for a value."""
    if param.kind is ParamKind.JSON:
        return json.dumps(value, ensure_ascii=False)
    if param.kind is ParamKind.RANGE:
        return f"{value['from']}..{value['to']}"
    if param.kind is ParamKind.IPS:
        return " ".join(str(value).split())
    return str(value)


def step_button(sim: UserSim, kind: StepKind) -> str:
    """The callback data of the newest message's flow button of this kind."""
    message = sim.last_message
    assert message is not None
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            data = str(button.get("callback_data", ""))
            if data.startswith("s:") and data.split(":")[3] == kind.value:
                return data
    raise AssertionError(f"no {kind} button: {message.content}")


async def drive(h: Harness, sim: UserSim, action: Action, args: dict[str, Any]) -> str:
    """Start an action by its command alone and answer each question as a person would;
    returns the result (a read) or the preview (a write)."""
    mark = len(h.tg.calls)
    done = (lambda text: text.startswith(("✅", "❌"))) if action.danger is Danger.READ else (
        lambda text: text.startswith(("📝", "🛑", "✅", "❌", "⚠️")))
    await sim.say(f"/{action.group} {action.key}")
    for param in action.params:
        if param.name in args:
            await sim.say(answer(param, args[param.name]))
        elif not param.required:
            await sim.press(step_button(sim, StepKind.SKIP))
    message = sim.last_message  # a filter of that name on the stream: asked how (issue 19)
    how = [str(b.get("callback_data")) for row in (message.reply_markup or {}).get(
        "inline_keyboard", []) for b in row if ":fl:h" in str(b.get("callback_data"))] if (
        message is not None) else []
    if how:
        await sim.press(how[-1])
    return await until(h, sim, done, after=mark)


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_every_action_fits_a_phone(tmp_path: Path, lang: str) -> None:
    """Every action of the catalog through its questions: every read's result and its
    ℹ️ Request answer, every write's preview (not confirmed), in English and Russian."""
    # a shorter wait for further replies than the default: the flow's answers are awaited
    tg = FakeTelegram(token=BOT_TOKEN, quiet_period=0.02)
    async with running_bot(tmp_path, sandbox=catalog_sandbox(), tg=tg) as h:
        sim = h.user(ADMIN, lang=lang)
        problems: dict[str, Any] = {}
        for action_id in sorted(CASES):
            action = CATALOG[action_id]
            case = CASES[action_id](h.sandbox)
            if case.prepare is not None:
                case.prepare(h.sandbox)
            mark = len(h.tg.calls)
            shown = await drive(h, sim, action, case.args)
            if action.danger is Danger.READ:
                assert shown.startswith("✅"), (action_id, shown)
                # the request in a details block at the end of the rich message
                summary = "ℹ️ " + ("Запрос" if lang == "ru" else "Request")
                assert f"\n▸ {summary} · " in shown, (action_id, shown)
            else:
                assert shown.startswith(("📝", "🛑")), (action_id, shown)
                await sim.say("/cancel")
            calls = sent(h, mark)
            for name, found in (("wide", too_wide(calls)), ("rows", wide_rows(calls)),
                                ("data", long_data(calls))):
                if found:
                    problems[f"{action_id} {name}"] = found
            assert all(len(FakeTelegram.visible_text(c)) <= 4096 for c in calls
                       if c.method != "sendRichMessage" and "rich_message" not in c.params)
        assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
        reads = sum(1 for a in CASES if CATALOG[a].danger is Danger.READ)
        assert reads >= 50


async def test_report_views_sorts_and_rows(tmp_path: Path) -> None:
    """The worst ROI of a period: money metrics, sorted by ROI ascending, ties at −100 %
    broken by cost, then clicks; ROI without cost is "—" and last; a row opens its entity.
    (Every row ranked: no minimum spend here; `test_ratio_sorts_leave_out_small_rows`.)
    The plain form's phone block (RICH_MESSAGES=off); tests/test_rich_tables.py reads the
    table."""
    async with running_bot(tmp_path, sandbox=catalog_sandbox(),
                           reports={"min_cost": 0, "min_clicks": 0}, rich_messages="off") as h:
        sim = h.admin
        mark = len(h.tg.calls)
        text = await result_of(h, sim, sim.say("/reports by_offer 2026-11-01..2026-11-30"))
        assert "Cost" in text and "Profit" in text and "ROI %" in text
        await sim.press("↕ ROI %")
        await sim.press("ROI % ↓")
        assert "by ROI % ↑" in (sim.last_text or "")
        assert ["ROI % ↑", "📈 Traffic"] in sim.buttons()
        envelope = await h.services.client.execute("reports.by_offer", {
            "range": {"from": "2026-11-01", "to": "2026-11-30"}})
        rows = envelope.data["rows"]

        def roi(row: dict[str, Any]) -> float | None:
            return float(row["roi"]) if float(row["cost"]) else None

        expected = sorted(rows, key=lambda r: (roi(r) is None, roi(r) or 0.0,
                                               -float(r["cost"]), -float(r["clicks"])))
        worst = [r for r in rows if roi(r) == -100.0]
        assert len(worst) >= 3, worst  # a tie worth breaking
        shown = shown_rows(sim)
        assert [label for label, _ in shown] == [
            r["offer"] or "(no offer)" for r in expected][:10]
        for (_, cells), row in zip(shown, expected, strict=False):
            assert cells[2] == fmt_metric("roi", roi(row))
            if not float(row["cost"]):
                assert cells[2] == "—"
        await sim.press("📈 Traffic")
        assert "Clicks" in (sim.last_text or "") and "CR %" in (sim.last_text or "")
        await sim.press("↕ Clicks")
        clicks = [int(cells[0].replace(" ", "")) for _, cells in shown_rows(sim)]
        assert clicks == sorted(clicks, reverse=True)
        pages = -(-len(rows) // 10)
        assert pages > 1
        await sim.press(f"2/{pages} ›")  # the next page keeps the metrics and the sort
        text = sim.last_text or ""
        assert "Rows 11–" in text and "by Clicks ↓" in text, text
        more = [int(cells[0].replace(" ", "")) for _, cells in shown_rows(sim)]
        assert more and max(more) <= min(clicks)
        await sim.press(f"‹ 1/{pages}")
        first = next(b for row in sim.buttons() for b in row if b.startswith("1. "))
        card = await result_of(h, sim, sim.press(first))
        assert card.startswith("✅ Offer #") and first[3:] in card, card
        calls = sent(h, mark)
        assert not too_wide(calls) and not wide_rows(calls) and not long_data(calls)


def shown_rows(sim: UserSim) -> list[tuple[str, list[str]]]:
    """(label, metric cells) of the rows of the report on screen."""
    message = sim.last_message
    assert message is not None
    lines = monospace_lines(message.to_json())
    body = lines[1:lines.index(next(x for x in lines if x.startswith("─")))]
    return [(label.strip().split(" ", 1)[1], re.split(r" {2,}", cells.strip()))
            for label, cells in zip(body[::2], body[1::2], strict=True)]


@pytest.mark.parametrize("rich", [True, False], ids=["rich", "plain"])
async def test_summary_is_a_title_and_a_request_line(tmp_path: Path, rich: bool) -> None:
    """The reply names the entity and the request in two lines; the full request (URL, the
    key masked, body) is in a closed details block at the end of the rich message, or (a
    server without rich messages) behind ℹ️ Request, and in the JSON file: nothing of the
    envelope is lost, and the key shows nowhere in full."""
    tg = FakeTelegram(token=BOT_TOKEN)
    if not rich:
        tg.old_server(ephemeral=False)
    async with running_bot(tmp_path, tg=tg) as h:
        sim = h.admin
        text = await result_of(h, sim, sim.say("/campaigns get 2"))
        title, request = text.split("\n")[:2]
        assert title == "✅ Campaign #2 · Google DE Keto", title
        assert re.fullmatch(r"GET /campaigns/2 · 200 · \d+ ms", request), request
        summary = without_details(text)
        assert h.tracker_url not in summary and "Api-Key" not in summary
        if rich:
            assert "ℹ️ Request" not in [b for row in sim.buttons() for b in row]
            details = text[len(summary):]
            assert details.startswith("\n▸ ℹ️ Request · campaigns · get\n"), details
            assert f"URL: {h.tracker_url}/admin_api/v1/campaigns/2" in details, details
            assert f"Api-Key: {mask_secret(API_KEY)}" in details and API_KEY not in details
            assert "Answer: GET /campaigns/2 · 200" in details and "Success: yes" in details
            card = sim.last_message
        else:
            await sim.press("ℹ️ Request")
            full = (sim.last_text or "").replace("\n  ", "")
            assert f"{h.tracker_url}/admin_api/v1/campaigns/2" in full, full
            assert f"Api-Key: {mask_secret(API_KEY)}" in full and API_KEY not in full
            assert "GET /campaigns/2 · 200" in full and "success: yes" in full
            card = sim.messages[-2]
        await sim.press("📎 JSON", message=card)
        await until(h, sim, lambda _: any(m.document for m in sim.messages), after=0)
        document = next(m.document for m in reversed(sim.messages) if m.document)
        assert document is not None and API_KEY not in document.data.decode()
        envelope = json.loads(document.data)
        assert envelope["request"]["method"] == "GET" and envelope["success"] is True
        assert envelope["request"]["headers"]["Api-Key"].endswith("••••")
        assert envelope["resource"] == "campaigns" and envelope["operation"] == "get"
        assert envelope["data"]["name"] == "Google DE Keto" and envelope["status"] == 200
        # a write: the entity's name and what was sent
        await sim.say("/campaigns disable 2")
        text = await result_of(h, sim, sim.press("✅ Confirm: Disable"))
        assert text.startswith(
            "✅ Campaign #2 · Google DE Keto\nPOST /campaigns/2/disable · 200 · "), text
        # an error: the entity asked for, the status and the reason
        text = await result_of(h, sim, sim.say("/campaigns get 999"))
        assert text.startswith("❌ Campaign #999 · Get a campaign\nGET /campaigns/999 · 402"), text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_card_buttons_and_labels(tmp_path: Path, lang: str) -> None:
    """A card: labels from the catalog in the user's language, two buttons a row with
    short labels, and only the Enable or Disable that applies to the entity's state."""
    ru = lang == "ru"
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        text = await result_of(h, sim, sim.say("/campaigns get 2"))
        assert ("Состояние: активна" if ru else "State: Active") in text
        assert ("Ротация потоков: " if ru else "Stream rotation: ") in text
        assert ("Группа: Nutra (#1)" if ru else "Group: Nutra (#1)") in text
        assert "state:" not in text and "group_id" not in text
        rows = sim.buttons()
        labels = [b for row in rows for b in row]
        assert all(len(row) <= 2 for row in rows), rows
        quick = [b for b in labels if b.startswith(("✏️", "⚠️"))]
        assert quick and all(len(b) <= 16 for b in quick), quick
        enable, disable = ("✏️ Включить", "✏️ Выключить") if ru else ("✏️ Enable", "✏️ Disable")
        assert disable in labels and enable not in labels
        await sim.press(disable)
        await result_of(h, sim, sim.press(next(b for b in sim.buttons()[0]
                                                if b.startswith("✅"))))
        labels = [b for row in sim.buttons() for b in row]
        assert enable in labels and disable not in labels
        assert h.sandbox.state.campaigns[2]["state"] == "disabled"


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_log_rows_are_short_lines(tmp_path: Path, lang: str) -> None:
    """A click or conversion log row is two or three lines of at most 34 characters: time
    and id (and status), campaign → offer, then country, IP, flags and revenue."""
    async with running_bot(tmp_path) as h:
        sim = h.user(ADMIN, lang=lang)
        for line, marker in (("/clicks log 30d", " → "), ("/conversions log 30d", " → ")):
            text = without_details(await result_of(h, sim, sim.say(line)))
            body = text.split("\n\n", 1)[1].split("\n")[1:]
            rows: list[list[str]] = []
            for row_line in body:
                if re.match(r"^\d+\. \d\d-\d\d \d\d:\d\d", row_line):
                    rows.append([row_line])
                else:
                    rows[-1].append(row_line)
            assert len(rows) == 10, text
            assert all(2 <= len(r) <= 3 for r in rows), rows
            assert all(len(x) <= WIDTH for r in rows for x in r), rows
            assert all(marker in r[1] for r in rows), rows
            assert re.search(r"#\d+", rows[0][0])
        statuses = [t(lang, f"value.status.{s}", group="conversions")
                    for s in ("lead", "sale", "rejected", "rebill")]  # by their meaning
        assert all(any(s in " ".join(r) for s in statuses) for r in rows), rows


async def test_report_labels_empty_groups_and_exports_every_column(tmp_path: Path) -> None:
    """Rows without an offer are named, in both languages; the CSV holds every column the
    tracker sent (ids and metrics not on screen too)."""
    async with running_bot(tmp_path) as h:
        for lang, label in (("en", "(no offer)"), ("ru", "(без оффера)")):
            sim = h.user(ADMIN, lang=lang)
            text = await result_of(h, sim, sim.say("/reports by_offer 30d"))
            assert label in text, text
        sim = h.user(ADMIN, lang="en")
        await sim.press("📎 CSV")
        await until(h, sim, lambda _: any(m.document for m in sim.messages), after=0)
        document = next(m.document for m in reversed(sim.messages) if m.document)
        assert document is not None
        rows = list(csv.DictReader(io.StringIO(document.data.decode("utf-8-sig"))))
        assert set(rows[0]) == {"offer", "offer_id", "clicks", "campaign_unique_clicks",
                                "conversions", "sales", "cr", "epc", "revenue", "cost", "profit",
                                "roi"}
        assert any(r["offer_id"] == "0" and r["offer"] == "" for r in rows)


def test_ties_at_minus_100_are_ordered_and_undefined_ratios_last() -> None:
    """Worst ROI first: four rows at −100 % ordered by cost, then clicks; ROI and CR with a
    zero denominator are "—" (the tracker says 0) and sort last in both directions."""
    def row(name: str, ident: int, clicks: int, conversions: int, cost: float,
            revenue: float, roi: float) -> dict[str, Any]:
        return {"campaign": name, "campaign_id": ident, "clicks": clicks,
                "conversions": conversions, "cr": 0, "revenue": revenue, "cost": cost,
                "profit": revenue - cost, "roi": roi}

    rows = [row("Earner", 1, 100, 5, 10.0, 30.0, 200.0),
            row("Free", 2, 0, 0, 0.0, 4.0, 0.0),  # no cost, no clicks: ROI and CR undefined
            row("Small", 3, 40, 0, 2.0, 0.0, -100.0),
            row("Big", 4, 10, 0, 9.0, 0.0, -100.0),
            row("Small busy", 5, 90, 0, 2.0, 0.0, -100.0),
            row("Tiny", 6, 5, 0, 0.5, 0.0, -100.0),
            row("", 0, 7, 0, 1.0, 0.0, -100.0)]
    data = {"rows": rows, "total": len(rows),
            "summary": {"clicks": 252, "conversions": 5, "cost": 24.5, "revenue": 34.0,
                        "profit": 9.5, "roi": 38.78}}
    shape = report_shape(rows, {"grouping": ["campaign", "campaign_id"],
                                "metrics": ["clicks", "conversions", "cr", "revenue", "cost",
                                            "profit", "roi"]})
    assert shape.dims == ["campaign"]
    worst = report_page(data, shape, ReportView(sort=ReportSort.ROI, desc=False), "en")
    names = re.findall(r"^ ?\d+ (.+)$", html.unescape(worst.text), re.M)
    assert names == ["Big", "Small busy", "Small", "(no campaign)", "Tiny", "Earner", "Free"]
    best = report_page(data, shape, ReportView(sort=ReportSort.ROI, desc=True), "en")
    assert re.findall(r"^ ?\d+ (.+)$", html.unescape(best.text), re.M)[-1] == "Free"
    assert worst.text.split("Free")[1].split("\n")[1].endswith(" —")  # the tracker's 0: "—"
    traffic = report_page(data, shape, ReportView(metrics=MetricSet.TRAFFIC,
                                                  sort=ReportSort.CR), "ru")
    lines = html.unescape(traffic.text).split("\n")
    assert lines[lines.index(next(x for x in lines if x.endswith("Free"))) + 1].endswith("—")
    assert "(без кампании)" in html.unescape(traffic.text)
    # a row opens its entity (not the one without an id); buttons' data within 64 bytes
    assert [(g, i) for g, i, _ in worst.links] == [("campaigns", n) for n in (4, 5, 3, 6, 1, 2)]
    assert worst.sorts == (ReportSort.COST, ReportSort.PROFIT, ReportSort.ROI)
    markup = result_keyboard(action=CATALOG["reports.by_campaign"], lang="ru",
                             role=Role.ADMIN, rid="Abc-_123", page=0, pages=1, items=[],
                             exports=("json", "csv"), entity_id=None, report=worst)
    for line in markup.inline_keyboard:
        assert len(line) <= 2
        assert all(len(str(b.callback_data).encode()) <= 64 for b in line)


def test_monospace_wraps_to_a_phone() -> None:
    text = ('{\n  "postback_url": "https://tracker.example.com/p/postback?subid={subid}'
            '&status={status}&payout={payout}",\n  "n": 1\n}')
    lines = phone_text(text).split("\n")
    assert all(len(line) <= WIDTH for line in lines) and len(lines) > 4
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert wrap_line("a" * 80) == ["a" * 34, "  " + "a" * 32, "  " + "a" * 14]


def test_metric_sets_of_presets_and_custom_reports() -> None:
    """The ready-made reports have money, traffic and the rest (uniques, sales, revenue);
    a custom report shows what it asked for, three at a time."""
    preset = report_shape([], CATALOG["reports.by_campaign"].body_template)
    views = {s: shown_metrics(preset, ReportView(metrics=s)) for s in MetricSet}
    assert views[MetricSet.MONEY][0] == ["cost", "profit", "roi"]
    assert views[MetricSet.TRAFFIC][0] == ["clicks", "conversions", "cr", "epc"]
    assert views[MetricSet.MORE][0] == ["campaign_unique_clicks", "sales", "revenue"]
    custom = report_shape([], {"grouping": ["country"], "metrics": ["clicks", "revenue", "bots"]})
    metrics, sets = shown_metrics(custom, ReportView())
    assert sets == (MetricSet.TRAFFIC, MetricSet.MORE) and metrics == ["clicks"]
    assert shown_metrics(custom, ReportView(metrics=MetricSet.MORE))[0] == ["revenue", "bots"]

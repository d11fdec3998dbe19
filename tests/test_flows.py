"""Conversational flows: buttons for every group, wrong answers, confirmation, stale buttons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from telegram_fake import FakeTelegram
from tests.harness import (
    ADMIN,
    API_KEY,
    RESULT_MARKS,
    Harness,
    result_of,
    running_bot,
    until,
)

# One button flow per group: the presses and answers a person on a phone would give, then
# the request the tracker must receive. "press:" presses a button by its text, "say:" sends
# text, "pick:" presses the first button that starts with the text.
BUTTON_FLOWS: dict[str, tuple[list[str], str, str]] = {
    "campaigns": (["press:🎯 Campaigns", "press:Get a campaign", "pick:#2 "],
                  "GET", r"^/admin_api/v1/campaigns/2$"),
    "streams": (["press:🔀 Streams", "press:Streams of a campaign", "pick:#1 "],
                "GET", r"^/admin_api/v1/campaigns/1/streams$"),
    "landings": (["press:📄 Landing pages", "press:✏️ Update a landing page", "pick:#1 ",
                  'say:{"name": "Quiz v9"}', "press:✅ Confirm: Update a landing page"],
                 "PUT", r"^/admin_api/v1/landing_pages/1$"),
    "offers": (["press:💼 Offers", "press:✏️ Clone", "pick:#3 ", "press:✅ Confirm: Clone"],
               "POST", r"^/admin_api/v1/offers/3/clone$"),
    "clicks": (["press:🖱 Clicks", "press:Click log", "press:Yesterday",
                "press:⏭ Use defaults"], "POST", r"^/admin_api/v1/clicks/log$"),
    "settings": (["press:⚙️ Settings", "press:✏️ Set IMKLO URL", "say:https://imklo.example/api",
                  "press:✅ Confirm: Set IMKLO URL"], "PUT", r"^/admin_api/v1/integrations/imklo$"),
    "users": (["press:👤 Users", "press:Get a user", "pick:#1 "],
              "GET", r"^/admin_api/v1/users/1$"),
    "blacklist": (["press:⛔ Blacklist", "press:Show labels", "pick:#1 ", "say:sub_id_1",
                   "press:blacklist"], "GET", r"^/admin_api/v1/report/labels$"),
    "bots": (["press:🤖 Bots", "press:✏️ Add IPs", "say:10.0.0.1, 10.0.1.0/24",
              "press:✅ Confirm: Add IPs"], "POST", r"^/admin_api/v1/botlist/add$"),
    "postbacks": (["press:📮 Postbacks", "press:⚠️ Delete a postback", "pick:#1 ", "pick:#",
                   "press:⚠️ Yes, Delete a postback"], "PUT", r"^/admin_api/v1/campaigns/1$"),
    "sources": (["press:🚦 Traffic sources", "press:✏️ Create a traffic source",
                 'say:{"name": "Push <Ads> & Co"}', "press:✅ Confirm: Create a traffic source"],
                "POST", r"^/admin_api/v1/traffic_sources$"),
    "conversions": (["press:💰 Conversions", "press:Get a conversion", "say:1"],
                    "POST", r"^/admin_api/v1/conversions/log$"),
    "reports": (["press:📊 Statistics", "press:By country", "press:7 days"],
                "POST", r"^/admin_api/v1/report/build$"),
    "groups": (["press:🗂 Groups", "press:✏️ Create a group", 'say:{"name": "EU", "type": "offers"}',
                "press:✅ Confirm: Create a group"], "POST", r"^/admin_api/v1/groups$"),
    "filters": (["press:🧰 Filters", "press:Filters of a stream", "say:2"],
                "GET", r"^/admin_api/v1/streams/2$"),
    "logs": (["press:📜 Logs", "press:⚠️ Clear a log", "press:traffic",
              "press:⚠️ Yes, Clear a log"], "DELETE", r"^/admin_api/v1/logs/traffic$"),
    "domains": (["press:🌐 Domains", "press:✏️ Check DNS and SSL now", "pick:#1 ",
                 "press:✅ Confirm: Check DNS and SSL now"], "POST",
                r"^/admin_api/v1/domains/1/check$"),
    "networks": (["press:🤝 Affiliate networks", "press:⚠️ Archive a network", "pick:#2 ",
                  "press:⚠️ Yes, Archive a network"], "DELETE",
                 r"^/admin_api/v1/affiliate_networks/2$"),
}


def find_button(h: Harness, user_id: int, prefix: str) -> str:
    for message in reversed(h.tg.messages[user_id]):
        for row in message.buttons():
            for text in row:
                if text.startswith(prefix):
                    return text
    raise AssertionError(f"no button starting with {prefix!r}")


async def drive(h: Harness, steps: list[str], user_id: int = ADMIN) -> str:
    """Perform the steps; return the text of the final result."""
    sim = h.user(user_id)
    mark = len(h.tg.calls)
    await sim.say("/menu")
    for step in steps:
        kind, _, value = step.partition(":")
        if kind == "say":
            await sim.say(value)
        elif kind == "press":
            await sim.press(value)
        elif kind == "pick":
            await sim.press(find_button(h, user_id, value))
    return await until(h, sim, lambda t: t.startswith(RESULT_MARKS), after=mark)


def test_every_group_has_a_button_flow() -> None:
    from bot.keitaro.catalog import CATALOG

    assert {g.key for g in CATALOG.groups} == set(BUTTON_FLOWS)


@pytest.mark.parametrize("group", sorted(BUTTON_FLOWS))
async def test_button_flow(harness: Harness, group: str) -> None:
    steps, method, path = BUTTON_FLOWS[group]
    text = await drive(harness, steps)
    # a check of DNS and SSL changes nothing the bot can read back: sent (📤), not ✅
    assert text.startswith("📤" if group == "domains" else "✅"), text
    # a conversion is read twice: the pick-list of recent ones, then the one asked for
    assert harness.sandbox.count(method, path) == (2 if group == "conversions" else 1)
    writes = [r for r in harness.sandbox.requests if r.method != "GET"
              and not r.path.endswith(("/log", "/build"))]
    if method == "GET" or path.endswith(("/log$", "/build$")):
        assert writes == []
    else:
        assert len(writes) == 1, "exactly one write reaches the tracker"


async def test_postback_delete_keeps_other_postbacks(harness: Harness) -> None:
    before = [dict(p) for p in harness.sandbox.state.campaigns[1]["postbacks"]]
    await harness.admin.say("/postbacks delete 1 " + str(before[0]["id"]))
    text = await result_of(harness, harness.admin,
                           harness.admin.press("⚠️ Yes, Delete a postback"))
    assert text.startswith("✅")
    after = harness.sandbox.state.campaigns[1]["postbacks"]
    assert [p["id"] for p in after] == [p["id"] for p in before[1:]]


WRONG_ANSWERS = [
    ("/campaigns get", "abc", "Nothing here is named «abc»"),  # words: a search
    ("/campaigns get", "-5", "must be above zero"),
    ("/campaigns get", "0", "must be above zero"),
    ("/campaigns get", "99999999999999999999", "too big"),
    ("/campaigns create", '{"name": "x",}', "line 1, column"),
    ("/campaigns create", '{"name": "x"\n  "alias": 1}', "line 2, column 3"),
    ("/campaigns create", '{"name": "x"}', "Alias (URL)"),  # the form asks what is missing
    ("/campaigns create", "[1, 2]", "Send a JSON object"),
    ("/conversions update 5", '{"statu": "sale"}', "did you mean status"),
    ("/reports build", "2026-13-01..2026-13-05", "date does not exist"),
    ("/reports build", "2026-11-07..2026-11-01", "starts (2026-11-07) after it ends"),
    ("/reports build", "next week", "Send a period"),
    ("/groups list", "planets", "Choose one of"),
    ("/bots add", "1.2.3.4 not-an-ip", "is not an IP address"),
    ("/streams search", "bad\x07text", "control characters"),
]


@pytest.mark.parametrize(("start", "answer", "reason"), WRONG_ANSWERS)
async def test_wrong_answer_keeps_the_step(
    harness: Harness, start: str, answer: str, reason: str
) -> None:
    sim = harness.admin
    await sim.say(start)
    question = sim.last_text or ""
    before = len(harness.sandbox.requests)
    await sim.say(answer)
    text = sim.last_text or ""
    assert reason in text, text
    # the same question is asked again, and nothing reached the tracker
    assert question.split("\n")[0] == text.split("\n")[0]
    assert not any(r.method != "GET" for r in harness.sandbox.requests[before:])
    state = await harness.dp.fsm.get_context(harness.bot, ADMIN, ADMIN).get_state()
    assert state == "Flow:step"


async def test_json_error_in_command_line_asks_again(harness: Harness) -> None:
    sim = harness.admin
    await sim.say('/campaigns update 3 {"name": broken}')
    assert "Broken JSON at line 1, column 10" in (sim.last_text or "")
    await sim.say('{"name": "Fixed"}')
    assert "Preview" in (sim.last_text or "")
    assert "Name | TikTok BR Casino | Fixed" in (sim.last_text or "")  # the preview's table


async def test_back_and_cancel(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/blacklist get 1")
    assert "Which report column" in (sim.last_text or "")
    await sim.press("◀ Back")
    assert "Send the campaign id" in (sim.last_text or "")
    await sim.say("2")
    await sim.say("sub_id_2")
    assert "Which list" in (sim.last_text or "")
    await sim.press("✖ Cancel")
    assert "Cancelled" in (sim.last_text or "")
    assert harness.tracker_calls("GET", "report/labels") == 0
    await sim.say("/cancel")
    assert "Nothing to cancel" in (sim.last_text or "")


async def test_cancel_a_write_sends_nothing(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campaigns disable 2")
    assert "Preview" in (sim.last_text or "")
    assert "POST" in (sim.last_text or "")
    await sim.press("✖ Cancel")
    assert harness.tracker_calls("POST") == 0
    assert harness.sandbox.state.campaigns[2]["state"] == "active"


async def test_destructive_says_what_is_lost(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campaigns delete 4")
    text = sim.last_text or ""
    assert "Careful" in text and "moves to the archive" in text
    result = await result_of(harness, sim, sim.press("⚠️ Yes, Archive a campaign"))
    assert result.startswith("✅")
    assert harness.sandbox.state.campaigns[4]["state"] == "deleted"


async def test_double_tap_on_confirm_sends_once(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campaigns clone 1")
    preview = sim.last_message
    assert preview is not None
    button = preview.find_button(find_button(harness, ADMIN, "✅ Confirm"))
    assert button is not None
    data = button["callback_data"]
    first = harness.tg.callback(ADMIN, data, message=preview.to_json())
    second = harness.tg.callback(ADMIN, data, message=preview.to_json())
    harness.tg.push(first)
    harness.tg.push(second)
    await until(harness, sim, lambda t: t.startswith("✅"), after=0)
    await sim.say("/help")
    assert harness.tracker_calls("POST", r"/campaigns/1/clone$") == 1


async def test_old_keyboard_is_harmless(harness: Harness) -> None:
    sim = harness.admin
    await sim.say("/campaigns enable 2")
    old_preview = sim.last_message
    assert old_preview is not None
    data = old_preview.find_button("✅ Confirm: Enable")
    assert data is not None
    snapshot = old_preview.to_json()
    await sim.press("✖ Cancel")
    update = harness.tg.callback(ADMIN, data["callback_data"], message=snapshot)
    await sim.send(update)
    answer = harness.tg.callback_answer(update) or {}
    assert "older message" in str(answer.get("text"))
    assert harness.tracker_calls("POST") == 0


async def test_expired_result_page(harness: Harness) -> None:
    sim = harness.admin
    update = harness.tg.callback(ADMIN, "p:nosuchid:1:")
    await sim.send(update)
    answer = harness.tg.callback_answer(update) or {}
    assert "expired" in str(answer.get("text"))


async def test_list_paging(harness: Harness) -> None:
    for n in range(30):
        harness.sandbox.state.offers[1000 + n] = {
            **harness.sandbox.state.offers[1], "id": 1000 + n, "name": f"Bulk offer {n}"}
    sim = harness.admin
    text = await result_of(harness, sim, sim.say("/offers list"))
    total = len([o for o in harness.sandbox.state.offers.values() if o.get("state") != "deleted"])
    assert f"{total} in total" in text
    assert "1. #" in text and "11. " not in text
    pages = -(-total // 10)
    await sim.press(f"2/{pages} ›")
    assert "11. " in (sim.last_text or "")
    assert [f"‹ 1/{pages}", f"3/{pages} ›"] in sim.buttons()
    await sim.press(f"‹ 1/{pages}")
    assert "1. #" in (sim.last_text or "")


async def test_long_output_comes_with_files_when_asked(harness: Harness) -> None:
    sim = harness.admin
    mark = len(harness.tg.calls)
    await result_of(harness, sim, sim.say('/clicks log 30d {"limit": 400}'))
    await sim.say("/help")  # settle: nothing more comes after the result
    assert not [c for c in harness.tg.calls[mark:] if c.method == "sendDocument"]
    await sim.press("📎 JSON")
    docs = [c for c in harness.tg.calls[mark:] if c.method == "sendDocument" and c.ok]
    assert [c.result["document"]["file_name"] for c in docs] == ["clicks-log.json"]
    message = next(m for m in harness.tg.messages[ADMIN] if m.document
                   and m.document.file_name == "clicks-log.json")
    envelope = json.loads(message.document.data)  # the whole envelope, key masked
    assert envelope["request"]["method"] == "POST" and envelope["success"] is True
    assert envelope["request"]["url"].endswith("/admin_api/v1/clicks/log")
    assert envelope["request"]["headers"]["Api-Key"].endswith("••••")
    assert API_KEY not in message.document.data.decode()
    data = envelope["data"]
    assert len(data["rows"]) == min(400, data["total"]) > 100
    assert list(data["rows"][0])[:3] == ["click_id", "datetime", "campaign"]  # default columns
    for call in harness.tg.calls[mark:]:
        if call.method in ("sendMessage", "editMessageText"):
            assert len(FakeTelegram.visible_text(call)) <= 4096


async def test_report_table_has_totals(harness: Harness) -> None:
    sim = harness.admin
    text = await result_of(harness, sim, sim.say("/reports by_campaign 30d"))
    assert "Σ" in text and "Google DE Keto" in text and "ROI %" in text
    await sim.press("↕ Conv")  # a rich table shows every set: a column to sort by
    assert "Σ" in (sim.last_text or "") and "Conv ↓" in (sim.last_text or "")


HOSTILE = '<b>bold</b> & <i>unclosed <a href="x">'


async def test_hostile_text_from_user_and_tracker_is_escaped(harness: Harness) -> None:
    harness.sandbox.state.campaigns[2]["name"] = HOSTILE
    harness.sandbox.state.campaigns[2]["notes"] = "</pre><script>&amp;"
    sim = harness.admin
    text = await result_of(harness, sim, sim.say("/campaigns get 2"))
    assert HOSTILE in text
    text = await result_of(harness, sim, sim.say("/campaigns list"))
    assert HOSTILE[:20] in text
    await sim.say(f'/sources create {{"name": "{HOSTILE.replace(chr(34), "")}"}}')
    assert "<b>bold</b>" in (sim.last_text or "")
    await sim.say(f"/streams search {HOSTILE}")
    await sim.say("/campaigns get <b>1</b>")
    assert "<b>1</b>" in (sim.last_text or "")
    failed = [c for c in harness.tg.calls if not c.ok and c.method != "getUpdates"]
    assert failed == [], [c.description for c in failed]


async def test_tracker_error_is_explained(harness: Harness) -> None:
    sim = harness.admin
    text = await result_of(harness, sim, sim.say("/campaigns get 999"))
    assert text.startswith("❌")
    assert "has no such object" in text and "#999 not found" in text
    assert "/campaigns shows what exists" in text
    harness.sandbox.faults.add("POST", r"/campaigns$", status=406,
                               body={"name": ["is required"], "alias": ["is taken"]})
    await sim.say('/campaigns create {"name": "n", "alias": "a"}')
    text = await result_of(harness, sim, sim.press("✅ Confirm: Create a campaign"))
    assert "did not accept the data" in text
    assert "name: is required" in text and "alias: is taken" in text


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ({"status": 401, "body": {"error": "Invalid API key"}}, "refused the API key"),
        ({"status": 402, "body": {"error": "Admin API is available only in Business editions"}},
         "edition has no Admin API"),
        ({"status": 500, "body": "<html><title>An error occurred</title></html>",
          "content_type": "text/html"}, "internal error"),
        ({"delay": 3.0}, "did not answer in time"),
        ({"drop": True}, "connection"),
    ],
)
async def test_tracker_faults_reach_the_user(
    tmp_path: Path, fault: dict[str, Any], expected: str
) -> None:
    async with running_bot(tmp_path, keitaro={"timeout": 1.0}) as harness:
        harness.sandbox.faults.add("GET", r"/campaigns/1$", times=5, **fault)
        sim = harness.admin
        text = await result_of(harness, sim, sim.say("/campaigns get 1"))
        assert text.startswith("❌") and expected in text, text
        assert "SECRET" not in text

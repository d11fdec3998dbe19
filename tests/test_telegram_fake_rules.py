"""The fake Telegram's rules without a server: parse modes, keyboards, limits, update builders."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.types import Update

from telegram_fake import ApiError, FakeTelegram, RateLimits
from telegram_fake.formatted_text import EntityParseError, FormattedText, utf16_len
from telegram_fake.formatting import message_text
from telegram_fake.html_markup import parse_html
from telegram_fake.keyboards import check_reply_markup
from telegram_fake.markdown_markup import parse_markdown, parse_markdown_v2
from telegram_fake.rate_limits import RateLimiter
from telegram_fake.update_queue import UpdateQueue


def test_utf16_length_and_trimming() -> None:
    assert utf16_len("a😀é") == 4
    trimmed = FormattedText("  \n😀 hi \n", ({"type": "bold", "offset": 0, "length": 9},)).trimmed()
    assert trimmed.text == "😀 hi"
    assert trimmed.entities == ({"type": "bold", "offset": 0, "length": 5},)


def test_html_lenient_ampersand_matches_telegram() -> None:
    assert parse_html("Tom & Jerry &amp co", strict_ampersand=False).text == "Tom & Jerry & co"
    with pytest.raises(EntityParseError, match='Unsupported HTML entity "&amp"'):
        parse_html("&amp co")


def test_html_tags_are_case_insensitive_and_unknown_attributes_ignored() -> None:
    parsed = parse_html('<B data-x="1">x</b><Code language="language-py">y</CODE>')
    assert parsed.text == "xy"
    assert [e["type"] for e in parsed.entities] == ["bold", "code"]
    assert parse_html("<b>x</>").entities == ({"type": "bold", "offset": 0, "length": 1},)
    assert parse_html("<a>https://e.com</a>").entities[0]["url"] == "https://e.com"


def test_html_byte_offsets_count_utf8_bytes() -> None:
    with pytest.raises(EntityParseError, match="at byte offset 5"):
        parse_html("😀 <x>")


def test_markdown_modes() -> None:
    parsed = parse_markdown_v2("__u__ ||s|| [l](https://e.com/\\)) `c\\``")
    assert parsed.text == "u s l c`"
    assert [e["type"] for e in parsed.entities] == ["underline", "spoiler", "text_link", "code"]
    assert parsed.entities[2]["url"] == "https://e.com/)"
    with pytest.raises(EntityParseError, match="Can't find end of Bold entity at byte offset 0"):
        parse_markdown_v2("*open")
    with pytest.raises(EntityParseError, match="Can't find end of the entity starting"):
        parse_markdown("a_b")
    assert parse_markdown("*b* 1.5 - x").text == "b 1.5 - x"


def test_explicit_entities_win_over_parse_mode() -> None:
    params = {
        "text": "<b>x</b>",
        "parse_mode": "HTML",
        "entities": [{"type": "italic", "offset": 0, "length": 3}],
    }
    assert message_text(params).text == "<b>x</b>"
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        message_text({"text": "x", "parse_mode": "BBCode"})


@pytest.mark.parametrize(
    "markup",
    [
        {"keyboard": [["Yes", {"text": "No"}]], "resize_keyboard": True},
        {"remove_keyboard": True},
        {"force_reply": True},
        {"inline_keyboard": [[{"text": "q", "switch_inline_query": ""}]]},
        {"inline_keyboard": [[{"text": "c", "copy_text": {"text": "x"}}]]},
    ],
)
def test_other_markups_are_accepted(markup: dict[str, Any]) -> None:
    assert check_reply_markup(markup) is markup


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ([], "can't parse reply keyboard markup JSON object"),
        ({}, "can't parse reply keyboard markup JSON object"),
        ({"inline_keyboard": [{"text": "x"}]}, "must be an Array of Arrays"),
        ({"keyboard": [[""]]}, "BUTTON_TEXT_EMPTY"),
    ],
)
def test_bad_markups_are_refused(markup: Any, error: str) -> None:
    with pytest.raises(ApiError, match=error):
        check_reply_markup(markup)


def test_rate_limiter_groups_and_presets() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimits.telegram(), clock=lambda: now[0])
    for _ in range(20):
        assert limiter.check("sendMessage", -100, 1) is None
    hit = limiter.check("sendMessage", -100, 1)
    assert hit is not None and hit.scope == "group" and hit.retry_after == 3  # 20 per minute
    assert limiter.check("answerCallbackQuery", -100, 1) is None  # not a message
    assert limiter.check("editMessageText", -100, 1) is None  # edits are not counted here
    now[0] += 3.0
    assert limiter.check("sendMessage", -100, 1) is None
    limiter.configure(RateLimits.off())
    assert all(limiter.check("sendMessage", 1, 1) is None for _ in range(1000))
    assert len(limiter.hits) == 1


def test_update_queue_reassigns_out_of_order_ids() -> None:
    queue = UpdateQueue()
    first, second = queue.next_update_id(), queue.next_update_id()
    queue.push({"update_id": second, "message": {}})
    late = queue.push({"update_id": first, "message": {}})
    assert late["update_id"] > second
    assert [u["update_id"] for u in queue.pending] == [second, late["update_id"]]


def every_update(tg: FakeTelegram) -> list[dict[str, Any]]:
    sent = tg.message(1, "/start@keitaro_test_bot now")
    return [
        sent,
        tg.message(5, "hi all", chat_id=-100123, chat_type="supergroup"),
        tg.edited_message(1, "edited", message=sent["message"]),
        tg.document(1, "offers.csv", b"id\n1\n", caption="import"),
        tg.photo(1),
        tg.business_message(1, "hello"),
        tg.channel_post(-100777, "news"),
        tg.edited_channel_post(-100777, "news!"),
        tg.callback(1, "menu:x"),
        tg.inline_query(1, "camp"),
        tg.chosen_inline_result(1, "r1", query="camp"),
        tg.shipping_query(1),
        tg.pre_checkout_query(1),
        tg.poll_answer(1),
        tg.my_chat_member(1),
        tg.chat_member(1, -100123),
        tg.chat_join_request(1, -100123),
        tg.message_reaction(1, 1),
    ]


def test_every_builder_makes_an_update_aiogram_accepts() -> None:
    tg = FakeTelegram()
    updates = every_update(tg)
    ids = [update["update_id"] for update in updates]
    assert ids == sorted(set(ids))
    kinds = set()
    for raw in updates:
        update = Update.model_validate(raw)
        kinds.add(update.event_type)
        context = UserContextMiddleware.resolve_event_context(update)
        if update.event_type not in {"channel_post", "edited_channel_post"}:
            assert context.user is not None, update.event_type
    assert len(kinds) == 15


def test_builders_fill_in_telegram_details() -> None:
    tg = FakeTelegram()
    start = tg.message(1, "/start@keitaro_test_bot now", first_name="Ann")["message"]
    assert start["entities"] == [{"type": "bot_command", "offset": 0, "length": 23}]
    assert start["chat"] == {"id": 1, "type": "private", "first_name": "Ann"}
    assert tg.message(1, "again")["message"]["from"]["first_name"] == "Ann"  # remembered
    assert tg.message(1, "again")["message"]["message_id"] == start["message_id"] + 2
    with pytest.raises(ValueError, match="chat_id is required"):
        tg.message(1, "x", chat_type="group")
    reply = tg.message(1, "re", reply_to=start["message_id"])["message"]
    assert reply["reply_to_message"]["text"] == start["text"]

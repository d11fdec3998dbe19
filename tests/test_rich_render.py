"""The rich document model (`bot/render/rich.py`): aiogram's blocks, the plain HTML of the same
document, the bot's own HTML as rich text, and Telegram's limits counted before sending."""

from __future__ import annotations

import html as html_module
import re
from typing import Any

from aiogram.types import InputRichMessage
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render.data import card_blocks, entity_lines
from bot.render.rich import (
    MAX_COLUMNS,
    Cell,
    Details,
    Divider,
    Doc,
    Heading,
    ListBlock,
    Markup,
    Paragraph,
    Photo,
    Pre,
    Quote,
    Table,
    cells,
    doc,
    fits,
    fits_json,
    from_markup,
    html,
    measure,
    measure_message,
    paged,
    plain,
    rich_message,
    rich_text,
)
from bot.render.text import PHONE_WIDTH
from bot.reply import rich_json


def dumped(document: Doc) -> dict[str, Any]:
    """The blocks the bot sends, checked with aiogram's own types (the bot builds them as the
    Bot API's JSON, unvalidated: `rich_message`)."""
    sent = {"blocks": rich_message(document).blocks}
    InputRichMessage.model_validate(sent)
    return sent


def test_the_bots_html_becomes_rich_text() -> None:
    """Escaped values stay what they show; tags become spans; a link keeps its address."""
    text = Markup('✅ <b>Tom &amp; Jerry</b> · <i>x</i> <code>a&lt;b</code> '
                  '<a href="https://e.x/?a=1&amp;b=2">link</a>')
    assert rich_text(text) == [
        "✅ ", {"type": "bold", "text": "Tom & Jerry"}, " · ",
        {"type": "italic", "text": "x"}, " ", {"type": "code", "text": "a<b"}, " ",
        {"type": "url", "text": "link", "url": "https://e.x/?a=1&b=2"}]
    assert rich_text("<b>not markup</b>") == "<b>not markup</b>"  # plain text is as it is
    assert plain(text) == "✅ Tom & Jerry · x a<b link"


def test_a_page_of_html_becomes_blocks() -> None:
    """Paragraphs, `<pre>` blocks and quotes of a plain page, in order, as blocks."""
    page = Markup("Rows 1–2 of 2\n1. <b>a</b>\n<pre>  x  y\n  1  2</pre>\n"
                  "<blockquote expandable>more</blockquote>tail")
    blocks = from_markup(page)
    assert blocks == [Paragraph(Markup("Rows 1–2 of 2\n1. <b>a</b>")), Pre("  x  y\n  1  2"),
                      Quote(Markup("more"), expandable=True), Paragraph(Markup("tail"))]
    assert html(Doc(tuple(blocks))).replace("\n", "") == page.replace("\n", "")


def test_a_card_is_the_same_in_both_forms() -> None:
    """The card's table reads, in the plain form, exactly as the card of before: the same
    fields, labels and values in the same order (the rich renderer reads the same data)."""
    entity = {"id": 7, "name": "Keto", "state": "active", "group_id": 1, "group": "Nutra",
              "cost_value": 0.5, "uniqueness_use_cookies": True, "notes": "a\nb\nc",
              **{f"extra_{n}": n for n in range(20)}}
    for lang in ("en", "ru"):
        blocks = card_blocks(entity, lang, "campaigns")
        assert isinstance(blocks[0], Table) and blocks[0].row_headers
        assert html(Doc(tuple(blocks))).split("\n") == entity_lines(
            entity, lang, "campaigns", title=False)
    table = dumped(Doc((card_blocks(entity, "en", "campaigns")[0],)))["blocks"][0]
    assert all(row[0]["is_header"] and row[1]["align"] == "left" for row in table["cells"])


def test_tables_headers_totals_and_the_plain_grid() -> None:
    """A table with a header row and a totals row: header cells marked, figures right; in a
    plain message a monospace grid a phone shows (the widest column cut)."""
    table = Table(header=cells("Name", "Clicks", "ROI %"),
                  rows=(cells("Google DE Keto with a very long name", "1 204", "-44.4"),
                        cells("FB", "12", "—")),
                  totals=cells("Σ", "1 216", "-40.0"))
    sent = dumped(Doc((table,)))["blocks"][0]
    header, first, _, totals = sent["cells"]
    assert all(c["is_header"] for c in header + totals)
    assert [c["align"] for c in first] == ["left", "right", "right"]
    grid = html(Doc((table,)))
    lines = html_module.unescape(re.sub(r"</?pre>", "", grid)).split("\n")
    assert grid.startswith("<pre>") and len(lines) == 4
    assert all(len(line) <= PHONE_WIDTH for line in lines), lines
    assert lines[1].endswith("1 204 -44.4") and "…" in lines[1]


def test_details_are_closed_and_left_out_of_plain_messages_unless_asked() -> None:
    details = Details(Markup("ℹ️ <b>Request</b>"), (Pre("GET /x"),))
    sent = dumped(doc(Heading("t"), details))["blocks"]
    assert sent[1]["type"] == "details" and "is_open" not in sent[1]
    assert html(doc(Heading("t"), details)) == "<b>t</b>"
    shown = Details("More", (Paragraph("x"),), in_html=True)
    assert html(doc(shown)) == "<b>More</b>\n<blockquote expandable>x</blockquote>"


def test_limits_are_counted_as_telegram_counts_them() -> None:
    """Blocks count nested blocks, list items and table rows; depth counts nesting; a table
    over 20 columns, or a document over 500 blocks, does not fit; `paged` makes tables that
    do, each with the header, the totals on the last."""
    document = doc(Heading("h"), ListBlock(("a", "b")), Divider(),
                   Details("d", (Table(rows=(cells("x", "1"), cells("y", "2"))),)))
    size = measure(document)
    # heading; list, 2 items, a paragraph each; divider; details, table, 2 rows
    assert (size.blocks, size.depth, size.columns) == (1 + 5 + 1 + 4, 3, 2)
    assert size.chars == len("h" "a" "b" "d" "x1y2")
    wide = Table(rows=(tuple(Cell(str(n)) for n in range(MAX_COLUMNS + 1)),))
    assert not fits(Doc((wide,))) and fits(Doc((Table(rows=(wide.rows[0][:MAX_COLUMNS],)),)))
    long = Table(rows=tuple(cells(str(n)) for n in range(1000)), header=cells("n"),
                 totals=cells("Σ"))
    assert not fits(Doc((long,)))
    pages = paged(long, 450)
    assert [len(p.rows) for p in pages] == [450, 450, 100]
    assert [p.totals for p in pages] == [None, None, cells("Σ")]
    assert all(fits(Doc((p,))) for p in pages)
    dumped(Doc((pages[0],)))  # what aiogram takes


def test_a_login_hidden_in_a_url_is_masked_before_it_is_wrapped() -> None:
    """Monospace text is wrapped to a phone's width, which could break a login over two lines
    where the scrubbing of what is sent no longer finds it: the request's body is scrubbed
    first, and a URL with a login percent-encoded in its query is shown decoded and masked."""
    from bot.keitaro.envelope import Envelope, RequestInfo
    from bot.render.envelope import envelope_details, shown_url

    url = "https://t.example/admin_api/v1/settings?value=https%3A%2F%2Faff%3AS3cret%40x.example"
    assert shown_url(url) == "https://t.example/admin_api/v1/settings?value=https://••••@x.example"
    assert shown_url("https://t.example/admin_api/v1/campaigns/2") == (
        "https://t.example/admin_api/v1/campaigns/2")
    body = {"url": "https://aff:S3cret-Long-Login-Part@partner.example/go?s={subid}"}
    envelope = Envelope(request=RequestInfo(url=url, method="PUT", headers={}, body=body),
                        resource="settings", operation="update", success=True)
    text = str(rich_message(doc(envelope_details(envelope, "en"))).blocks)
    assert "S3cret" not in text and "••••@partner.example" in text.replace("\\n", "")


def _nested(depth: int, inner: Any) -> Any:
    for _ in range(depth):
        inner = Details(summary="more", blocks=(inner,))
    return inner


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 40_000), st.integers(1, 30), st.integers(0, 600), st.integers(0, 18),
       st.booleans())
def test_the_quick_check_of_a_reply_agrees_with_measuring_it(
        chars: int, columns: int, rows: int, depth: int, photo: bool) -> None:
    """`fits_json` (a bound from the JSON text) says what `measure_message` (block by block)
    says, for documents across every limit: characters, blocks, columns, nesting, media."""
    table = Table(rows=tuple(cells(*(str(n) for n in range(columns))) for _ in range(rows)))
    blocks: list[Any] = [Paragraph("x" * chars), _nested(depth, table)]
    if photo:
        blocks.append(Photo("AgACAgQAAxkBAAIB"))
    message = rich_message(Doc(tuple(blocks)))
    written = rich_json(message)
    assert isinstance(written, str)
    assert fits_json(message, written) == measure_message(message).fits()

"""Issue 19, points 1 and 2, through the real dispatcher against the sandbox: a stream's
filter added by taps from the tracker's dictionary (`GET /stream_filters`), in English and
Russian; a filter of that name already there is added to or replaced, never doubled;
`/filters list` reads `country · accept · DE, AT`; and the role an edit needs is what it
does: the shares editor's change is an editor's unless it takes something out (named in
the preview), while an array typed as JSON stays an admin's."""

from __future__ import annotations

import json
from typing import Any

import pytest

from telegram_fake.usersim import UserSim
from tests.harness import EDITOR, Harness, result_of


class Phone:
    """A person at the phone, counting what they tap and type."""

    def __init__(self, h: Harness, sim: UserSim) -> None:
        self.h, self.sim = h, sim
        self.taps = self.typed = 0

    async def tap(self, prefix: str) -> str:
        labels = [b for row in self.sim.buttons() for b in row]
        label = next((b for b in labels if b.startswith(prefix)), None)
        assert label is not None, (prefix, self.sim.last_text, self.sim.buttons())
        self.taps += 1
        await self.sim.press(label)
        return self.sim.last_text or ""

    async def type(self, text: str) -> str:
        assert not text.lstrip().startswith(("{", "[")), f"JSON: {text}"
        self.typed += 1
        await self.sim.say(text)
        return self.sim.last_text or ""

    async def result(self, prefix: str) -> str:
        self.taps += 1
        labels = [b for row in self.sim.buttons() for b in row]
        label = next(b for b in labels if b.startswith(prefix))
        return await result_of(self.h, self.sim, self.sim.press(label))


def filters_of(h: Harness, stream: int, name: str | None = None) -> list[dict[str, Any]]:
    items = h.sandbox.state.streams[stream]["filters"]
    return [dict(i) for i in items if name is None or i["name"] == name]


def stream_without(h: Harness, name: str) -> int:
    """A stream (not a default one: the tracker empties those) without a `name` filter."""
    return next(s["id"] for s in h.sandbox.state.streams.values()
                if s["type"] != "default" and s["state"] != "deleted"
                and not any(f["name"] == name for f in s["filters"]))


def stream_with_country(h: Harness) -> tuple[int, list[str]]:
    stream = next(s for s in h.sandbox.state.streams.values()
                  if s["type"] != "default" and s["state"] != "deleted"
                  and any(f["name"] == "country" and "DE" not in f["payload"]
                          for f in s["filters"]))
    [country] = [f for f in stream["filters"] if f["name"] == "country"]
    return stream["id"], list(country["payload"])


def every_button(sim: UserSim) -> list[str]:
    return [b for row in sim.buttons() for b in row]


async def test_an_editor_adds_a_country_filter_by_taps(harness: Harness) -> None:
    stream = stream_without(harness, "country")
    before = len(filters_of(harness, stream))
    p = Phone(harness, harness.user(EDITOR))
    first = await p.type(f"/filters add {stream}")
    assert "Which filter?" in first and "JSON" not in first.split("\n", 3)[-1], first
    assert "⭐ Country" in every_button(p.sim) and "🌍 Geo" in every_button(p.sim)
    mode = await p.tap("⭐ Country")
    assert "which visitors" in mode and ["✅ Only these", "🚫 All but these"] in p.sim.buttons()
    values = await p.tap("✅ Only these")
    assert "Tap to pick" in values and "JSON" not in values, values
    assert "🇩🇪 Germany DE" in every_button(p.sim)  # by name, with the code
    assert all(len(row) <= 2 for row in p.sim.buttons())
    assert "Picked: 🇩🇪 Germany DE" in await p.tap("🇩🇪 Germany DE")
    preview = await p.tap("✔ Done (1)")
    assert preview.startswith("📝") and ("+ | — | country accept [DE]" in preview  # table
                                         or "+ country accept [DE]" in preview), preview
    assert "🔒" not in preview
    done = await p.result("✅ Confirm")
    assert done.startswith("✅ Stream #"), done  # the stream, not "Filter #<stream>"
    assert "country · accept · DE" in done
    assert (p.taps, p.typed) == (5, 1)  # at most 6 taps and one typed line, no JSON
    [added] = filters_of(harness, stream, "country")
    assert (added["mode"], added["payload"]) == ("accept", ["DE"])  # a list stays a list
    assert len(filters_of(harness, stream)) == before + 1


async def test_a_filter_of_that_name_is_added_to_or_replaced(harness: Harness) -> None:
    stream, countries = stream_with_country(harness)
    sim = harness.user(EDITOR)
    await sim.say(f"/filters add {stream}")
    await sim.say("country")  # typed by name: the filter, not any word
    await sim.press("✅ Only these")
    asked = await sim.say("DE")  # a code typed: picked, and on
    text = sim.last_text or ""
    assert asked is not None and "already has this filter" in text, text
    assert every_button(sim)[:2] == ["➕ Add DE to the country filter", "♻️ Replace it"]
    await sim.press("➕ Add DE to the country filter")
    preview = sim.last_text or ""
    assert "Update a filter" in preview and "DE" in preview, preview
    await sim.press("◀ Back")  # back from the preview: the question again
    assert "already has this filter" in (sim.last_text or "")
    await sim.press("➕ Add DE to the country filter")
    done = await result_of(harness, sim, sim.press("✅ Confirm: Update a filter"))
    assert done.startswith("✅"), done
    [merged] = filters_of(harness, stream, "country")
    assert merged["payload"] == [*countries, "DE"]
    # again with AT, replacing it: still one country filter
    await sim.say(f"/filters add {stream}")
    await sim.press("⭐ Country")
    await sim.press("✅ Only these")
    await sim.say("austria")
    await sim.press("♻️ Replace it")
    done = await result_of(harness, sim, sim.press("✅ Confirm: Update a filter"))
    assert done.startswith("✅"), done
    [replaced] = filters_of(harness, stream, "country")
    assert (replaced["mode"], replaced["payload"]) == ("accept", ["AT"])


async def test_the_other_mode_is_replaced_or_kept_beside_it(harness: Harness) -> None:
    stream, _ = stream_with_country(harness)
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.press("⭐ Country")
    await sim.press("🚫 All but these")
    await sim.say("IN")
    assert "other way round" in (sim.last_text or "")
    assert every_button(sim)[:2] == ["♻️ Replace it", "➕ Keep both (both must match)"]
    await sim.press("➕ Keep both (both must match)")
    done = await result_of(harness, sim, sim.press("✅ Confirm: Add a filter"))
    assert done.startswith("✅"), done
    modes = sorted(f["mode"] for f in filters_of(harness, stream, "country"))
    assert modes == ["accept", "reject"]


async def test_the_filter_list_reads_name_mode_and_values(harness: Harness) -> None:
    stream, countries = stream_with_country(harness)
    sim = harness.admin
    text = await result_of(harness, sim, sim.say(f"/filters list {stream}"))
    assert f"1. country · accept · {', '.join(countries)}" in text, text
    assert "➕ Add a filter" in every_button(sim)  # and from there, the editor
    await sim.press("➕ Add a filter")
    assert "Which filter?" in (sim.last_text or "")
    await sim.say("/cancel")
    card = await result_of(harness, sim, sim.say(f"/streams get {stream}"))
    assert card.startswith("✅") and "🧰 Filters" in every_button(sim)  # the card's button
    listed = await result_of(harness, sim, sim.press("🧰 Filters"))
    assert "country · accept" in listed


async def test_in_russian_by_name_and_by_a_typed_word(harness: Harness) -> None:
    stream = stream_without(harness, "country")
    sim = harness.user(EDITOR, lang="ru")
    await sim.say(f"/filters add {stream}")
    assert "Какой фильтр?" in (sim.last_text or "") and "⭐ Страна" in every_button(sim)
    await sim.say("страна")  # the filter by its Russian name
    text = sim.last_text or ""
    assert "Страна: каких посетителей" in text, text
    await sim.press("✅ Только этих")
    assert "🇩🇪 Германия DE" in every_button(sim)  # countries by their Russian names
    assert "JSON" not in (sim.last_text or "")
    await sim.say("ав")  # a word that finds several: the list narrowed to them
    text = sim.last_text or ""
    assert "Найдено по «ав»" in text and "🇦🇹 Австрия AT" in every_button(sim), text
    await sim.say("герм")  # one found: picked, and on to the preview
    preview = sim.last_text or ""
    assert preview.startswith("📝") and "country accept [DE]" in preview, preview
    done = await result_of(harness, sim, sim.press("✅ Подтвердить: Добавить фильтр"))
    assert done.startswith("✅") and "country · принимать · DE" in done, done
    assert filters_of(harness, stream, "country")[0]["payload"] == ["DE"]


async def test_a_word_that_is_no_filter_is_refused(harness: Harness) -> None:
    stream = stream_without(harness, "country")
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.say("geo")
    assert "No filter is called «geo»" in (sim.last_text or "")
    ru = harness.user(EDITOR, lang="ru")
    await ru.say(f"/filters add {stream}")
    await ru.say("погода")
    assert "Фильтра «погода» нет" in (ru.last_text or "")
    assert harness.tracker_writes() == 0


async def test_typed_values_go_as_the_list_the_filter_takes(harness: Harness) -> None:
    stream = stream_without(harness, "ip")
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.press("⭐ IP address")
    await sim.press("🚫 All but these")
    assert "Type the values" in (sim.last_text or "")
    await sim.say("203.0.113.7, 198.51.100.0/24")
    done = await result_of(harness, sim, sim.press("✅ Confirm: Add a filter"))
    assert done.startswith("✅"), done
    [ip] = filters_of(harness, stream, "ip")
    assert (ip["mode"], ip["payload"]) == ("reject", ["203.0.113.7", "198.51.100.0/24"])
    await sim.say(f"/filters add {stream}")  # a regex is one value, commas and all
    await sim.say("sub_id_1")
    await sim.press("✅ Only these")
    await sim.say(r"^(fb|ig)_\d{1,3}$")
    await result_of(harness, sim, sim.press("✅ Confirm: Add a filter"))
    [sub] = filters_of(harness, stream, "sub_id_1")
    assert sub["payload"] == [r"^(fb|ig)_\d{1,3}$"]


async def test_a_bot_filter_needs_no_value(harness: Harness) -> None:
    stream = stream_without(harness, "bot")
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.press("🚦 Traffic")
    await sim.press("Bot")
    await sim.press("🚫 All but these")  # the mode says it all: the preview at once
    assert (sim.last_text or "").startswith("📝"), sim.last_text
    await result_of(harness, sim, sim.press("✅ Confirm: Add a filter"))
    [bot] = filters_of(harness, stream, "bot")
    assert bot["mode"] == "reject"


async def test_countries_page_on(harness: Harness) -> None:
    stream = stream_without(harness, "country")
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.press("⭐ Country")
    await sim.press("✅ Only these")
    pages = next(b for b in every_button(sim) if b.endswith("›"))
    await sim.press(pages)
    assert "‹ 1/" in every_button(sim)[-5:] or any(b.startswith("‹") for b in every_button(sim))
    datas = [b.get("callback_data", "") for row in (sim.last_message.reply_markup or {}).get(
        "inline_keyboard", []) for b in row] if sim.last_message else []
    assert datas and all(len(d.encode()) <= 64 for d in datas)


# -- point 2: the role an edit needs is what it does -----------------------------------------


def shared_stream(h: Harness) -> dict[str, Any]:
    return next(s for s in h.sandbox.state.streams.values() if len(s["offers"]) >= 2
                and s["type"] != "default")


SHARES_WORDS = {  # lang: edit, offers, the role's line, its alert, even, done, confirm
    "en": ("✏️ Edit", "Offers", "🔒 As an editor", "needs an admin", "⚖ Even", "✔ Done",
           "✅ Confirm: Update a stream"),
    "ru": ("✏️ Изменить", "Офферы", "🔒 Как редактор", "может только админ", "⚖ Поровну",
           "✔ Готово", "✅ Подтвердить: Обновить поток"),
}


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_an_editor_reweights_offers_as_a_write(harness: Harness, lang: str) -> None:
    edit, offers_button, role_line, alert, even, done_button, confirm = SHARES_WORDS[lang]
    stream = shared_stream(harness)
    offers = [o["offer_id"] for o in stream["offers"]]
    sim = harness.user(EDITOR, lang=lang)
    await sim.say(f"/streams get {stream['id']}")
    await sim.press(next(b for b in every_button(sim) if b.startswith(edit)))
    await sim.press(next(b for b in every_button(sim) if b.startswith(offers_button)))
    editor = sim.last_text or ""
    assert role_line in editor  # what the role allows, before the first tap
    calls = await sim.press("1: 🗑")  # taking one out: refused at once, not at Done
    alerts = [str(c.params.get("text")) for c in calls if c.method == "answerCallbackQuery"]
    assert any(alert in a for a in alerts), alerts
    await sim.press(even)
    await sim.press(done_button)
    preview = sim.last_text or ""
    assert preview.startswith("📝") and "🔒" not in preview, preview
    assert "replaces the current one" not in preview and "заменит текущий" not in preview
    done = await result_of(harness, sim, sim.press(confirm))
    assert done.startswith("✅"), done
    assert [o["offer_id"] for o in stream["offers"]] == offers  # none taken out
    assert len({o["share"] for o in stream["offers"]}) <= 2  # split evenly


async def test_a_removal_is_named_and_needs_an_admin(harness: Harness) -> None:
    stream = shared_stream(harness)
    last = stream["offers"][-1]
    name = harness.sandbox.state.offers[last["offer_id"]]["name"]
    sim = harness.admin
    await sim.say(f"/streams get {stream['id']}")
    await sim.press("✏️ Edit")
    await sim.press(next(b for b in every_button(sim) if b.startswith("Offers")))
    await sim.press(f"{len(stream['offers'])}: 🗑")
    await sim.press("⚖ Even")
    await sim.press("✔ Done")
    preview = sim.last_text or ""
    assert preview.startswith("🛑") or "⚠️" in preview, preview
    assert f"Offers taken out of the stream: #{last['offer_id']} {name}" in preview, preview
    assert any(b.startswith("⚠️") for b in every_button(sim))  # a destructive confirm


async def test_a_raw_json_array_stays_an_admins(harness: Harness) -> None:
    stream = shared_stream(harness)
    body = {"offers": [{"offer_id": o["offer_id"], "share": o["share"]}
                       for o in stream["offers"]]}
    sim = harness.user(EDITOR)
    await sim.say(f"/streams update {stream['id']} {json.dumps(body)}")
    text = sim.last_text or ""
    assert "🔒" in text and "admin" in text, text
    ru = harness.user(EDITOR, lang="ru")
    await ru.say(f"/streams update {stream['id']} {json.dumps(body)}")
    assert "🔒" in (ru.last_text or "")
    assert harness.tracker_calls("PUT") == 0


async def test_json_stays_the_expert_path_and_a_default_stream_takes_none(
        harness: Harness) -> None:
    stream = stream_without(harness, "country")
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.say('{"name": "country", "mode": "reject", "payload": ["PL"]}')
    preview = sim.last_text or ""
    assert preview.startswith("📝") and "country reject [PL]" in preview, preview
    await sim.say("/cancel")
    default = next(s["id"] for s in harness.sandbox.state.streams.values()
                   if s["type"] == "default")
    await sim.say(f"/filters add {default}")
    assert "A default stream takes no filters" in (sim.last_text or "")
    assert harness.tracker_writes() == 0


async def test_an_editor_undoes_the_filter_they_added(harness: Harness) -> None:
    """The Undo of a filter added takes out only that filter: at the level of the add (an
    editor's), not of a deletion (an admin's)."""
    stream = stream_without(harness, "country")
    before = filters_of(harness, stream)
    sim = harness.user(EDITOR)
    await sim.say(f"/filters add {stream}")
    await sim.press("⭐ Country")
    await sim.press("✅ Only these")
    await sim.say("DE")
    await result_of(harness, sim, sim.press("✅ Confirm: Add a filter"))
    assert len(filters_of(harness, stream)) == len(before) + 1
    await sim.press("↩️ Undo")
    preview = sim.last_text or ""
    assert "🔒" not in preview and "Delete a filter" in preview, preview
    done = await result_of(harness, sim, sim.press(every_button(sim)[0]))
    assert done.startswith("✅"), done
    assert filters_of(harness, stream) == before
    # the same delete asked for by hand stays an admin's
    await sim.say(f"/filters delete {stream} {before[0]['id'] if before else 1}")
    assert "🔒" in (sim.last_text or "")


async def test_a_filter_changed_by_taps(harness: Harness) -> None:
    """`/filters update`: the filter as it is (its values picked), its mode and values
    changed by taps."""
    stream, countries = stream_with_country(harness)
    [country] = filters_of(harness, stream, "country")
    sim = harness.user(EDITOR)
    await sim.say(f"/filters update {stream} {country['id']}")
    assert "which visitors" in (sim.last_text or "")
    await sim.press("🚫 All but these")
    picked = [b for b in every_button(sim) if b.startswith("✅ ")]
    assert len(picked) == len(countries)  # what it has now, picked
    await sim.press(picked[0])  # one dropped
    await sim.say("DE")  # one added
    preview = sim.last_text or ""
    assert preview.startswith("📝") and "country reject" in preview, preview
    await result_of(harness, sim, sim.press("✅ Confirm: Update a filter"))
    [changed] = filters_of(harness, stream, "country")
    assert changed["mode"] == "reject" and changed["payload"] == [*countries[1:], "DE"]


async def test_json_typed_over_the_editors_list_is_an_admins(harness: Harness) -> None:
    """The shares editor's list, then the same list typed as JSON at the form: typed, so
    the whole-list replacement an admin makes."""
    stream = shared_stream(harness)
    body = json.dumps({"offers": [{"offer_id": o["offer_id"], "share": o["share"]}
                                  for o in stream["offers"]]})
    sim = harness.user(EDITOR)
    await sim.say(f"/streams get {stream['id']}")
    await sim.press("✏️ Edit")
    await sim.press(next(b for b in every_button(sim) if b.startswith("Offers")))
    await sim.press("⚖ Even")
    await sim.press("✔ Done")
    assert (sim.last_text or "").startswith("📝")  # the editor's: a write
    await sim.press("◀ Back")
    await sim.say(body)  # the same list, typed
    assert "🔒" in (sim.last_text or ""), sim.last_text
    assert harness.tracker_calls("PUT") == 0


async def test_pairs_and_a_command_line_send_the_list_the_filter_takes(
        harness: Harness) -> None:
    """`payload=DE` typed as pairs at the editor, or on the command line: sent as `["DE"]`;
    typed where the stream has a country filter, asked how, as by taps."""
    stream, countries = stream_with_country(harness)
    sim = harness.admin
    await sim.say(f"/filters add {stream}")
    await sim.say("name=country mode=accept payload=DE")
    assert "already has this filter" in (sim.last_text or ""), sim.last_text
    await sim.press("➕ Add DE to the country filter")
    await result_of(harness, sim, sim.press("✅ Confirm: Update a filter"))
    [country] = filters_of(harness, stream, "country")
    assert country["payload"] == [*countries, "DE"]
    other = stream_without(harness, "city")
    await sim.say(f"/filters add {other} name=city mode=reject payload=Berlin,Munich")
    await result_of(harness, sim, sim.press("✅ Confirm: Add a filter"))
    [city] = filters_of(harness, other, "city")
    assert city["payload"] == ["Berlin", "Munich"]

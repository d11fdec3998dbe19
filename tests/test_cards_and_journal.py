"""Issue 19, points 6-9 through the real dispatcher and the sandbox, in English and Russian:
files only when asked (a log's CSV with every column), cards that show what applies and
name what they refer to, the tracker's codes by their meaning, plural forms, and the journal
for the editors it promises Undo to."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from redis.asyncio import Redis

from bot.i18n import t
from bot.render.csv_cells import FORMULA_STARTS
from bot.storage.audit import AuditEntry, AuditJournal, RedisAudit, SQLiteAudit, now_iso
from bot.storage.sqlite import SQLiteDatabase
from telegram_fake import UserSim
from tests.harness import EDITOR, VIEWER, Harness, result_of, until, without_details
from tests.processes import redis_server

LANGS = ["en", "ru"]


def sent_documents(h: Harness, sim: UserSim, since: int) -> list[str]:
    """The names of the files sent to this chat since call `since`."""
    return [str(c.params.get("document", "")) for c in h.tg.calls[since:]
            if c.method == "sendDocument" and c.ok and sim.concerns(c)]


def last_document(sim: UserSim) -> tuple[str, bytes]:
    message = next(m for m in reversed(sim.messages) if m.document)
    assert message.document is not None
    return message.document.file_name or "", message.document.data


def flat(sim: UserSim) -> list[str]:
    """The newest keyboard's buttons, row after row."""
    return [b for row in sim.buttons() for b in row]


def button(sim: UserSim, start: str) -> str:
    """The newest keyboard's button whose text starts with `start`."""
    return next(b for row in sim.buttons() for b in row if b.startswith(start))


# -- 6. exports when asked -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_a_log_sends_no_file_until_asked_and_its_csv_has_every_column(
        harness: Harness, lang: str) -> None:
    sim = harness.user(lang=lang)
    mark = len(harness.tg.calls)
    text = await result_of(harness, sim, sim.say("/clicks log 30d"))
    assert text.startswith("✅")
    await sim.say("/logs get system", answers=1)
    assert sent_documents(harness, sim, mark) == []  # two pages of rows, yet no file
    buttons = [b for row in sim.buttons(next(m for m in reversed(sim.messages)
                                              if "/clicks/log" in (m.content or "")))
               for b in row]
    assert "📎 CSV" in buttons and "📎 JSON" in buttons
    log = next(m for m in reversed(sim.messages) if "/clicks/log" in (m.content or ""))
    await sim.press("📎 CSV", message=log)
    name, data = last_document(sim)
    assert name == "clicks-log.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 100  # the rows the reply holds, asked again with every column
    for column in ("click_id", "sub_id_1", "sub_id_5", "cost", "landing", "offer", "ts",
                   "country", "device_type", "os", "browser", "referrer"):
        assert column in rows[0], column
    assert any(r["sub_id_1"] for r in rows)
    asked = harness.sandbox.matching("POST", r"/clicks/log$")[-1].body
    assert asked["columns"] == [] and asked["limit"] == 100  # all of them, same page
    cells = [cell for row in rows for cell in row.values() if cell]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS[:4])
                and not c.lstrip("+-").replace(".", "", 1).isdigit()]
    await sim.press("📎 JSON", message=log)
    name, data = last_document(sim)
    assert name == "clicks-log.json" and json.loads(data)["data"]["total"] > 100
    mark = len(harness.tg.calls)
    await sim.press(t(lang, "button.export_all"), message=log, answers=2)
    await until(harness, sim, lambda text: "590" in text, after=mark)
    name, data = last_document(sim)
    every = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert name == "clicks-log.csv" and len(every) == 590 and "sub_id_1" in every[0]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_click_log_form_offers_what_it_says(harness: Harness, lang: str) -> None:
    sim = harness.user(lang=lang)
    ru = lang == "ru"
    await sim.say("/menu")
    await sim.press("🖱 Клики" if ru else "🖱 Clicks")
    await sim.press("Лог кликов" if ru else "Click log")
    await sim.press("30 дней" if ru else "30 days")
    text = sim.last_text or ""
    defaults = t(lang, "button.defaults")
    assert t(lang, "form.menu_defaults") in text and defaults in flat(sim)
    assert t(lang, "form.preview") not in text
    await sim.press("Строк" if ru else "Rows")
    await sim.say("20")
    text = sim.last_text or ""
    show = t(lang, "form.run")
    assert t(lang, "form.menu_run") in text and show in flat(sim)
    done = await result_of(harness, sim, sim.press(show))
    assert done.startswith("✅")
    assert harness.sandbox.matching("POST", r"/clicks/log$")[-1].body["limit"] == 20


# -- 7. cards show what applies ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_cards_offer_what_applies_and_name_what_they_refer_to(
        harness: Harness, lang: str) -> None:
    sim = harness.user(lang=lang)
    ru = lang == "ru"
    card = without_details(await result_of(harness, sim, sim.say("/campaigns get 1")))
    assert ("Источник трафика: Facebook (#1)" if ru else "Traffic source: Facebook (#1)") in card
    assert ("Группа: Nutra (#1)" if ru else "Group: Nutra (#1)") in card
    restore = "✏️ Восстановить…" if ru else "✏️ Restore from…"
    assert restore not in flat(sim)  # an active campaign: nothing to restore
    calls = harness.tracker_calls("GET", r"/campaigns$")
    stream = without_details(await result_of(harness, sim, sim.say("/streams get 1")))
    assert ("Кампания: FB US iOS Nutra (#1)" if ru else "Campaign: FB US iOS Nutra (#1)") in stream
    assert harness.tracker_calls("GET", r"/campaigns$") == calls + 1  # read once, by the card
    await sim.say("/streams delete 2")
    archived = await result_of(harness, sim, sim.press(button(sim, "⚠️")))
    assert archived.startswith("✅")
    shown = flat(sim)
    assert restore in shown  # archived: Restore, and no Delete, Enable or Disable
    assert not [b for b in shown if b.startswith("⚠️")]
    assert ("✏️ Включить" if ru else "✏️ Enable") not in shown
    conversion = without_details(await result_of(harness, sim, sim.say("/conversions get 9")))
    assert conversion.count("#9") == 2  # the title and its one line, not twice more
    assert ("Был статус" if ru else "Was:") not in conversion  # empty, nothing sets it


async def test_a_name_that_cannot_be_read_leaves_the_id(harness: Harness) -> None:
    harness.sandbox.faults.add("GET", r"/campaigns$", status=500, body="boom", times=5)
    sim = harness.admin
    stream = without_details(await result_of(harness, sim, sim.say("/streams get 1")))
    assert stream.startswith("✅") and "Campaign: #1" in stream


# -- 8. Russian as a Russian speaker writes it ---------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_trackers_codes_are_shown_by_their_meaning(harness: Harness,
                                                             lang: str) -> None:
    sim = harness.user(lang=lang)
    ru = lang == "ru"
    card = without_details(await result_of(harness, sim, sim.say("/campaigns get 1")))
    for line in (("Состояние: активна", "Ротация потоков: по порядку",
                  "Привязка посетителей: к потоку, лендингу и офферу") if ru else
                 ("State: Active", "Stream rotation: In order",
                  "Bind visitors: Stream, landing, offer")):
        assert line in card, line
    offer = without_details(await result_of(harness, sim, sim.say("/offers get 1")))
    assert ("Состояние: активен" if ru else "State: Active") in offer
    assert ("Страны: Соединенные Штаты" if ru else "Countries: United States") in offer
    await sim.say("/campaigns disable 1")
    preview = sim.last_text or ""  # the preview's table row
    assert ("Состояние | активна | остановлена" if ru else "State | Active | Paused") in preview
    done = await result_of(harness, sim, sim.press(button(sim, "✅")))
    assert ("Состояние: активна → остановлена" if ru else "State: Active → Paused") in done
    assert harness.sandbox.matching("POST", r"/campaigns/1/disable$")  # the code is sent
    await sim.press(t(lang, "button.undo"))
    undo = sim.buttons()
    assert [t(lang, "button.confirm_undo")] in undo and t(lang, "button.cancel") in undo[-1]
    assert t(lang, "button.confirm_undo") != t(lang, "button.cancel")
    if ru:
        assert t(lang, "button.confirm_undo") == "↩️ Вернуть как было"
    log = without_details(await result_of(harness, sim, sim.say("/conversions log 30d")))
    assert ("продажа ← лид" if ru else "Sale ← Lead") in log
    clicks = without_details(await result_of(harness, sim, sim.say("/clicks log 30d")))
    assert ("Германия" if ru else "Germany") in clicks  # the tracker's name, in Russian
    assert (" · продажа" in clicks and " sale" not in clicks) if ru else " · Sale" in clicks


@pytest.mark.parametrize("lang", LANGS)
async def test_a_status_is_tapped_by_its_meaning_and_sent_as_the_code(
        harness: Harness, lang: str) -> None:
    sim = harness.user(lang=lang)
    ru = lang == "ru"
    item = next(c for c in harness.sandbox.state.traffic.conversions.items
                if c.status == "lead")
    await sim.say("/conversions update")  # the conversions to pick, statuses by meaning
    picks = " ".join(flat(sim))
    assert (" лид " in picks and " lead " not in picks) if ru else " Lead " in picks
    await sim.say("/cancel")
    await sim.say(f"/conversions update {item.id}")
    await sim.press("Статус" if ru else "Status")
    assert ["Продажа", "Лид"] in sim.buttons() if ru else ["Sale", "Lead"] in sim.buttons()
    await sim.press("Продажа" if ru else "Sale")  # every answer given: the preview
    preview = sim.last_text or ""
    assert ("Статус: лид → продажа" if ru else "Status: Lead → Sale") in preview
    assert "status=sale" in preview  # what is sent: the tracker's code


COUNTED = {  # Russian texts with a count, their values, and the noun for 1, 2, 5 (and 21)
    "preview.clean_count": ({"clicks": 0, "campaigns": 3}, "clicks",
                            ("клик", "клика", "кликов")),
    "preview.clean_count ": ({"clicks": 100, "campaigns": 0}, "campaigns",
                             ("кампания", "кампании", "кампаний")),
    "verify.log_rows": ({"count": 0}, "count", ("строка", "строки", "строк")),
    "export.done": ({"rows": 0, "size": "1 KB"}, "rows", ("строка", "строки", "строк")),
    "card.more": ({"count": 0}, "count", ("поле", "поля", "полей")),
    "audit.title": ({"count": 0}, "count", ("изменение", "изменения", "изменений")),
    "export.parts": ({"parts": 0}, "parts", ("файл", "файла", "файлов")),
}


@pytest.mark.parametrize("key", sorted(COUNTED))
def test_russian_counts_agree_with_their_numbers(key: str) -> None:
    values, counted, (one, few, many) = COUNTED[key]
    for number, noun in ((1, one), (2, few), (5, many), (21, one), (22, few), (11, many)):
        text = t("ru", key.strip(), **{**values, counted: number})
        words = text.replace("<b>", " ").replace("</b>", " ").split()
        assert noun in words, (key, number, text)
        assert number == 1 or str(number) in text  # "Последнее изменение" for 1


def test_every_russian_count_has_its_three_forms() -> None:
    """Every Russian text that chooses by a number has the one/few/many forms, so that a
    count is never "1 кликов"."""
    import re

    root = Path(__file__).resolve().parents[1] / "bot" / "locales" / "ru"
    selector = re.compile(r"\{ \$(\w+) ->(.*?)\n\s*\}", re.S)
    checked = 0
    for path in root.glob("*.ftl"):
        for match in selector.finditer(path.read_text(encoding="utf-8")):
            variants = set(re.findall(r"\[(\w+)\]", match.group(2)))
            if variants & {"one", "few", "many"}:
                checked += 1
                assert {"one", "few"} <= variants and ("many" in variants or "*[many]" in
                                                       match.group(2)), match.group(0)[:80]
    assert checked > 20


# -- 9. the journal for the people it promises Undo to --------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_an_editor_reads_and_undoes_their_own_changes_in_audit(
        harness: Harness, lang: str) -> None:
    ru = lang == "ru"
    editor = harness.user(EDITOR, lang=lang)
    await editor.say("/campaigns disable 1")
    await result_of(harness, editor, editor.press(button(editor, "✅")))
    admin = harness.user(lang=lang)
    await admin.say('/offers create {"name": "Keto DE", "action_type": "http", '
                    '"action_payload": "https://x.example/keto"}')
    await result_of(harness, admin, admin.press(button(admin, "✅")))
    await editor.say("/audit")
    own = editor.last_text or ""
    assert ("Кампания «FB US iOS Nutra» #1 · остановлена" if ru
            else "Campaign «FB US iOS Nutra» #1 · paused") in own
    assert "Keto DE" not in own and "/admin_api/" not in own  # only theirs; no raw URL
    await admin.say("/audit")
    every = admin.last_text or ""
    assert ("Оффер «Keto DE» #" if ru else "Offer «Keto DE» #") in every
    assert (" · создан" if ru else " · created") in every and "FB US iOS Nutra" in every
    await editor.say("/audit #2")
    assert (editor.last_text or "") == t(lang, "audit.not_found", id=2)  # not theirs
    await editor.press("🧾 #1")
    detail = editor.last_text or ""
    assert "POST" in detail and "/campaigns/1/disable" in detail
    await editor.press(t(lang, "button.undo_entry", id=1))
    assert harness.sandbox.state.campaigns[1]["state"] == "disabled"
    mark = len(harness.tg.calls)
    await editor.press(t(lang, "button.confirm_undo"))
    done = await until(harness, editor, lambda text: text.startswith(("✅", "❌")), after=mark)
    assert done.startswith("✅")
    assert harness.sandbox.state.campaigns[1]["state"] == "active"
    viewer = harness.user(VIEWER, lang=lang)
    await viewer.say("/audit")
    assert (viewer.last_text or "") == t(lang, "audit.no_access")


async def _journal(tmp_path: Path, kind: str, redis: Redis | None) -> AuditJournal:
    if kind == "sqlite":
        return SQLiteAudit(SQLiteDatabase(tmp_path / "bot.db"))
    assert redis is not None
    return RedisAudit(redis)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
async def test_the_journal_lists_one_persons_entries(tmp_path: Path, kind: str) -> None:
    def entry(user: int, n: int) -> AuditEntry:
        return AuditEntry(ts=now_iso(), user_id=user, action="campaigns.update",
                          danger="write", method="PUT", url=f"/campaigns/{n}")

    with redis_server(tmp_path) if kind == "redis" else _Nothing() as url:
        redis = Redis.from_url(url) if url else None
        journal = await _journal(tmp_path, kind, redis)
        try:
            for n in range(250):  # the editor's entries far apart, past a page of ids
                await journal.begin(entry(EDITOR if n % 60 == 0 else 1, n))
            mine = await journal.last(10, user_id=EDITOR)
            assert [e.url for e in mine] == [f"/campaigns/{n}" for n in (240, 180, 120, 60, 0)]
            assert len(await journal.last(3, user_id=EDITOR)) == 3
            assert len(await journal.last(10)) == 10
        finally:
            if redis is not None:
                await redis.aclose()
            if isinstance(journal, SQLiteAudit):
                await journal.db.close()


class _Nothing:
    """No server: a journal on SQLite needs none."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None

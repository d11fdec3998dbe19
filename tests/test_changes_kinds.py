"""Changes, second pass (issue 16), through the real dispatcher against the sandbox behaving as
the decompiled 9.x tracker does (API-NOTES §12):

1. masks are for eyes only: every Undo kind puts back the tracker's own values (URL logins,
   postback keys), and no write leaves the bot carrying the mask text;
2. every catalog entry declares its change kind, and each kind has one module;
3. side effects are part of the change: named in the preview, classed by their effect,
   verified, and put back by the Undo;
4. a conversion create is not blind to the click's conversions;
5. the tracker's answers read as it means them (402 not found, its own words, its values);
6. every array edit is re-checked at Confirm (the shares editor's too).
"""

from __future__ import annotations

import base64
import copy
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from bot.keitaro.catalog import CATALOG, GROUPS, Action, Catalog, ChangeKind
from bot.keitaro.masking import MASK
from keitaro_sandbox import ManualClock, Sandbox
from telegram_fake import FakeTelegram, UserSim
from tests.harness import (
    ADMIN,
    API_KEY,
    EDITOR,
    POSTBACK_KEY,
    TEXT_METHODS,
    Harness,
    running_bot,
    until,
)
from tests.sandbox_fixtures import NOW
from tests.test_changes import CONFIRM_UNDO, UNDO, button, change, has_undo, result, writes

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "aff:S3cret-Login"  # a URL's user and password: masked wherever it is shown
OFFER_URL = f"https://{LOGIN}@partner.example/go?s={{subid}}"
REFUSED = "not allowed for your role"


def shown_in_chat(h: Harness) -> str:
    """Every text the bot sent or edited, and every document it sent, as one string."""
    texts = [FakeTelegram.visible_text(c) for c in h.tg.calls
             if c.method in TEXT_METHODS]
    return "\n".join(texts)


def sent_values(h: Harness, since: int = 0) -> str:
    """What every write request carried (body and query), as one string."""
    return "\n".join(json.dumps([r.body, r.query], ensure_ascii=False)
                     for r in h.sandbox.requests[since:] if r.method != "GET"
                     or r.path.endswith("/postback"))


async def undo(h: Harness, sim: UserSim) -> str:
    await sim.press(UNDO)
    return await result(h, sim, CONFIRM_UNDO)


# -- 1. masks are for eyes only ---------------------------------------------------------------


def _with_secrets(sb: Sandbox) -> dict[str, Any]:
    """Tracker data holding URL logins and the bot's postback key, as real trackers do."""
    state = sb.state
    key_url = f"http://tracker.example/{POSTBACK_KEY}/postback?subid={{subid}}"
    state.offers[1]["action_payload"] = OFFER_URL
    state.networks[1]["postback_url"] = key_url
    state.campaigns[3]["postbacks"][0]["url"] = f"https://{LOGIN}@ts.example/pb?c={{subid}}"
    state.campaigns[3]["postbacks"][1]["url"] = key_url
    state.integrations["imklo_api_url"] = f"https://{LOGIN}@imklo.example/api"
    state.files[("landings", 5)]["index.html"] = f'<a href="{OFFER_URL}">go</a>'
    state.streams[4]["filters"] = [{"id": 90, "stream_id": 4, "name": "referrer",
                                    "mode": "accept", "payload": f"https://{LOGIN}@ref.example/",
                                    "oid": 1}]
    return copy.deepcopy({"offer": state.offers[1], "network": state.networks[1],
                          "postbacks": state.campaigns[3]["postbacks"],
                          "imklo": state.integrations["imklo_api_url"],
                          "file": state.files[("landings", 5)]["index.html"]})


UNDO_KINDS = [
    # (change, confirm button, what the tracker must hold again after the Undo)
    ('/offers update 1 {"action_payload": "https://other.example/?s={subid}"}', "✅",
     lambda s: s.offers[1]["action_payload"] == OFFER_URL),
    ('/networks update 1 {"postback_url": "https://plain.example/pb"}', "✅",
     lambda s: s.networks[1]["postback_url"].startswith(f"http://tracker.example/{POSTBACK_KEY}")),
    ('/postbacks update 3 <pb0> {"statuses": ["rejected"]}', "✅",
     lambda s: s.campaigns[3]["postbacks"][0]["url"].startswith(f"https://{LOGIN}@")),
    ("/postbacks delete 3 <pb1>", "⚠️ Yes",
     lambda s: any(p["url"].startswith(f"http://tracker.example/{POSTBACK_KEY}/")
                   for p in s.campaigns[3]["postbacks"])),
    ('/settings imklo_set https://plain.example/api', "✅",
     lambda s: s.integrations["imklo_api_url"] == f"https://{LOGIN}@imklo.example/api"),
    ("/landings update_file 5 index.html <p>new</p>", "⚠️ Yes",
     lambda s: s.files[("landings", 5)]["index.html"] == f'<a href="{OFFER_URL}">go</a>'),
    ('/campaigns update 3 {"postbacks": []}', "⚠️ Yes",
     lambda s: [p["url"][:20] for p in s.campaigns[3]["postbacks"]] == [
         f"https://{LOGIN}@ts.example/pb"[:20], f"http://tracker.example/{POSTBACK_KEY}"[:20]]),
    ("/campaigns disable 3", "✅", lambda s: s.campaigns[3]["state"] == "active"),
    ('/postbacks create 3 {"url": "https://new.example/pb", "method": "GET"}', "✅",
     lambda s: [p["url"][:20] for p in s.campaigns[3]["postbacks"]] == [
         f"https://{LOGIN}@ts.example/pb"[:20], f"http://tracker.example/{POSTBACK_KEY}"[:20]]),
    ("/campaigns delete 3", "⚠️ Yes", lambda s: s.campaigns[3]["state"] == "active"),
    ('/filters replace 4 [{"name": "country", "mode": "accept", "payload": ["PL"]}]', "⚠️ Yes",
     lambda s: s.streams[4]["filters"][0]["payload"] == f"https://{LOGIN}@ref.example/"),
]


@pytest.mark.parametrize(("line", "confirm", "restored"), UNDO_KINDS,
                         ids=["update", "update-key", "item-update", "item-delete", "setting",
                              "file", "array-in-update", "state", "item-add", "archive",
                              "array"])
async def test_every_undo_kind_puts_back_the_trackers_own_values(
        harness: Harness, line: str, confirm: str, restored: Any) -> None:
    """Issue 16.1: the state read before a change is not masked, so its Undo writes back the
    URL logins and postback keys the tracker holds — never `••••` — and the chat never shows
    them."""
    h = harness
    _with_secrets(h.sandbox)
    postbacks = h.sandbox.state.campaigns[3]["postbacks"]
    line = line.replace("<pb0>", str(postbacks[0]["id"])).replace("<pb1>",
                                                                   str(postbacks[1]["id"]))
    sim = h.admin
    text = await change(h, sim, line, confirm=confirm)
    assert text.startswith(("✅", "📤")), text
    assert has_undo(sim), text
    done = await undo(h, sim)
    assert done.startswith(("✅", "📤")), done
    assert restored(h.sandbox.state), h.sandbox.state.campaigns[3]["postbacks"]
    assert MASK not in sent_values(h), "a mask was written to the tracker"
    chat = shown_in_chat(h)
    assert "S3cret" not in chat and POSTBACK_KEY not in chat


async def test_the_journal_keeps_what_the_tracker_returned_and_audit_masks_it(
        harness: Harness) -> None:
    h = harness
    _with_secrets(h.sandbox)
    sim = h.admin
    await change(h, sim, '/offers update 1 {"name": "Renamed"}')
    entry = (await h.services.audit.last(1))[0]
    assert entry.snapshot["action_payload"] == OFFER_URL  # kept as the tracker returned it
    await sim.say(f"/audit #{entry.id}")
    detail = sim.last_text or ""
    assert "State before:" in detail and "partner.example" in detail
    assert "S3cret" not in detail and "••••@partner.example" in detail


async def test_a_write_carrying_the_mask_is_refused(harness: Harness) -> None:
    """The last line of defence: no write leaves the bot with the mask text in any value."""
    h = harness
    sim = h.admin
    await sim.say('/campaigns update 1 {"notes": "key ••••"}')
    text = sim.last_text or ""
    assert "holds the mask ••••" in text and "notes" in text, text
    assert writes(h) == []
    # a value already corrupted in the tracker (a mask in a postback's URL) is not
    # written back by an edit of another item of the same array
    h.sandbox.state.campaigns[4]["postbacks"][0]["url"] = "https://ts.example/pb?k=ab12…••••"
    envelope = await h.services.client.execute(
        "postbacks.create", {"campaign_id": 4, "data": {"url": "https://x.example/pb",
                                                        "method": "GET"}})
    assert not envelope.success and envelope.attempts == 0
    assert envelope.error is not None and envelope.error.body["code"] == "mask_in_write"
    assert envelope.error.body["field"] == "postbacks[0].url"
    assert writes(h) == []


# -- 2. every change kind declared, one module each -------------------------------------------


def test_every_catalog_entry_declares_its_change_kind() -> None:
    assert all(isinstance(a.change, ChangeKind) for a in CATALOG)
    sample = CATALOG["campaigns.enable"].model_dump(exclude={"id", "change"})
    with pytest.raises(ValidationError):
        Action(**sample)  # an entry without a change kind is refused at import
    wrong = CATALOG["campaigns.enable"].model_copy(update={"change": ChangeKind.ITEM})
    actions = tuple(wrong if a.id == wrong.id else a for a in CATALOG)
    with pytest.raises(ValueError, match=r"campaigns\.enable: change item"):
        Catalog(GROUPS, actions)


def test_each_kind_has_one_module_and_disable_lives_in_one_file() -> None:
    from bot.changes.kinds import KINDS

    modules = {type(kind).__module__ for name, kind in KINDS.items()
               if name is not ChangeKind.READ}
    assert {m.rsplit(".", 1)[1] for m in modules} == {
        "state", "update", "item", "array", "file", "conversion", "setting", "link",
        "clean", "create", "delete", "sent"}
    holders = [p.relative_to(ROOT).as_posix() for p in (ROOT / "bot/changes").rglob("*.py")
               if '"disable"' in p.read_text()]
    assert holders == ["bot/changes/kinds/state.py"]


# -- 3. side effects, named, classed, verified and undone -------------------------------------


async def test_a_schema_change_names_the_offers_it_removes_and_undo_puts_them_back(
        harness: Harness) -> None:
    h = harness
    stream = h.sandbox.state.streams[1]
    offers = copy.deepcopy(stream["offers"])
    landings = copy.deepcopy(stream["landings"])
    line = '/streams update 1 {"schema": "action", "action_type": "status404"}'
    editor = h.user(EDITOR)
    await editor.say(line)
    assert REFUSED in (editor.last_text or "")  # emptying arrays is destructive
    sim = h.admin
    await sim.say(line)
    preview = sim.last_text or ""
    assert "Careful" in preview, preview
    assert "Offers removed by the stream's schema: #1 Keto Slim US 33 %" in preview, preview
    assert "Landing pages removed by the stream's schema: #2" in preview
    text = await result(h, sim, "⚠️ Yes")
    assert text.startswith("✅"), text
    assert "Offers: empty now, as the preview said" in text
    assert stream["offers"] == [] and stream["landings"] == []
    done = await undo(h, sim)
    assert done.startswith("✅"), done
    assert stream["schema"] == "landings"
    assert [(o["offer_id"], o["share"]) for o in stream["offers"]] == [
        (o["offer_id"], o["share"]) for o in offers]
    assert [lp["landing_id"] for lp in stream["landings"]] == [
        lp["landing_id"] for lp in landings]


@pytest.mark.parametrize(("line", "confirm", "says"), [
    ("/campaigns disable 1", "✅ Confirm", "✅ Domains no longer default to it"),
    ("/campaigns delete 1", "⚠️ Yes", "in the archive (the tracker no longer shows it)"),
])
async def test_domains_that_lose_the_campaign_get_it_back_with_the_undo(
        harness: Harness, line: str, confirm: str, says: str) -> None:
    h = harness
    domains = h.sandbox.state.domains
    sim = h.admin
    await sim.say(line)
    preview = sim.last_text or ""
    assert ("Domains that lose it as their default campaign: click.nutra-best.net, "
            "lp.promo-zone.io") in preview, preview
    text = await result(h, sim, confirm)
    assert text.startswith("✅") and says in text, text
    assert domains[2]["default_campaign_id"] is None and domains[3]["default_campaign_id"] is None
    await sim.press(UNDO)
    undo = sim.last_text or ""
    assert "Then, what the change did besides is put back" in undo, undo
    assert "• Domain «click.nutra-best.net» #2: Default campaign → " in undo, undo  # by name
    assert "«lp.promo-zone.io» #3" in undo, undo
    done = await result(h, sim, CONFIRM_UNDO)
    assert done.startswith("✅"), done
    assert h.sandbox.state.campaigns[1]["state"] == "active"
    assert domains[2]["default_campaign_id"] == 1 and domains[3]["default_campaign_id"] == 1


def _zip(files: dict[str, str]) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return base64.b64encode(buffer.getvalue()).decode()


async def test_an_archive_replaces_the_files_an_admins_change_undone_by_the_files_before(
        harness: Harness) -> None:
    h = harness
    before = dict(h.sandbox.state.files[("offers", 9)])
    line = '/offers update 9 {"archive": "' + _zip({"index.php": "<?php // new"}) + '"}'
    editor = h.user(EDITOR)
    await editor.say(line)
    assert REFUSED in (editor.last_text or "")
    sim = h.admin
    await sim.say(line)
    preview = sim.last_text or ""
    assert "Every local file is replaced by the archive's" in preview
    assert "css/form.css, index.php, thanks.html" in preview, preview
    text = await result(h, sim, "⚠️ Yes")
    assert text.startswith("✅") and "The local files are the archive's (1)" in text, text
    assert h.sandbox.state.files[("offers", 9)] == {"index.php": "<?php // new"}
    entry = (await h.services.audit.last(1))[0]
    assert sorted(entry.related["files"]["names"]) == sorted(before)  # kept in the journal
    done = await undo(h, sim)
    assert done.startswith("✅"), done
    assert h.sandbox.state.files[("offers", 9)] == before


async def test_adding_a_file_that_exists_is_an_overwrite_shown_and_undone_as_one(
        harness: Harness) -> None:
    h = harness
    content = h.sandbox.state.files[("landings", 5)]["index.html"]
    editor = h.user(EDITOR)
    await editor.say("/landings add_file 5 index.html")
    assert REFUSED in (editor.last_text or "") and "adding it empties it" in (
        editor.last_text or "")
    await editor.say("/landings add_file 5 new.html")  # a new file stays an editor's
    assert "New empty file" in (editor.last_text or "")
    sim = h.admin
    await sim.say("/landings add_file 5 index.html")
    assert f"index.html exists ({len(content)} characters): it is emptied" in (
        sim.last_text or "")
    text = await result(h, sim, "⚠️ Yes")
    assert text.startswith("✅"), text
    assert h.sandbox.state.files[("landings", 5)]["index.html"] == ""
    await sim.press(UNDO)
    assert "Overwrite a file" in (sim.last_text or "")  # not a removal of the file
    done = await result(h, sim, CONFIRM_UNDO)
    assert done.startswith("✅"), done
    assert h.sandbox.state.files[("landings", 5)]["index.html"] == content


async def test_excluding_every_ip_needs_what_clearing_needs(harness: Harness) -> None:
    h = harness
    every = " ".join(h.sandbox.state.botlist)
    before = list(h.sandbox.state.botlist)
    editor = h.user(EDITOR)
    await editor.say(f"/bots exclude {every}")
    assert REFUSED in (editor.last_text or "") and "the list ends up empty" in (
        editor.last_text or "")
    await editor.say("/bots exclude 5.255.250.18")  # some of them stays an editor's
    assert "Preview" in (editor.last_text or "")
    sim = h.admin
    text = await change(h, sim, f"/bots exclude {every}", confirm="⚠️ Yes")
    assert text.startswith("✅") and h.sandbox.state.botlist == []
    await undo(h, sim)
    assert sorted(h.sandbox.state.botlist) == sorted(before)


async def test_parameters_are_replaced_whole_and_named(harness: Harness) -> None:
    h = harness
    sim = h.admin
    await sim.say('/campaigns update 2 {"parameters": {"keyword": {"name": "kw", '
                  '"placeholder": "{keyword}", "alias": ""}}}')
    preview = sim.last_text or ""
    assert "Parameters are replaced whole: these keys go: external_id" in preview, preview
    assert "Careful" in preview
    await result(h, sim, "⚠️ Yes")
    assert list(h.sandbox.state.campaigns[2]["parameters"]) == ["keyword"]
    await undo(h, sim)
    assert list(h.sandbox.state.campaigns[2]["parameters"]) == ["keyword", "external_id"]


async def test_an_overwrite_that_appears_after_the_preview_is_not_sent(
        harness: Harness) -> None:
    """The permission is decided on the planned change: when the tracker moved on and the
    change would now amount to more (the file appeared), nothing is sent and the new preview
    is shown (to an editor: a refusal)."""
    h = harness
    editor = h.user(EDITOR)
    await editor.say("/landings add_file 5 later.html")
    assert "New empty file" in (editor.last_text or "")
    h.sandbox.state.files[("landings", 5)]["later.html"] = "<p>someone's</p>"
    before = len(h.sandbox.requests)
    await editor.press(button(editor, "✅ Confirm"))
    await until(h, editor, lambda t: REFUSED in t, after=0)
    assert writes(h, before) == []
    assert h.sandbox.state.files[("landings", 5)]["later.html"] == "<p>someone's</p>"


# -- 4. conversions: create is not blind ------------------------------------------------------


def _lead(h: Harness) -> tuple[Any, str]:
    item = next(c for c in h.sandbox.state.traffic.conversions.items
                if c.status == "lead" and not c.tid and c.revenue > 0)
    return item, h.sandbox.sub_id(item.click)


async def test_a_create_on_a_click_with_a_conversion_says_it_changes_it(
        harness: Harness) -> None:
    h = harness
    h.sandbox.postback_delay = 0.05
    item, sub_id = _lead(h)
    revenue = item.revenue
    count = len(h.sandbox.state.traffic.conversions)
    sim = h.admin
    await sim.say(f'/conversions create {{"click_id": "{sub_id}", "status": "sale"}}')
    preview = sim.last_text or ""
    assert f"already has conversion #{item.id}" in preview, preview
    assert "changes that conversion" in preview and "Status: Lead → Sale" in preview
    assert f"Revenue: {revenue:g} (kept)" in preview  # carried, not set to 0
    assert "send it with a new transaction id" in preview and '"transaction_id": "bot-' in (
        preview)
    assert all(len(line) <= 34 for line in preview.split("/conversions create")[1].split(
        "\n")[:6]), preview  # ready to copy on a phone
    separate = "/conversions create" + preview.split("/conversions create")[1].split("}")[0] + "}"
    text = await result(h, sim, "✅ Confirm")
    assert text.startswith("✅"), text
    assert f"Confirmed: Lead → Sale, revenue {revenue:.2f} kept" in text
    assert (item.status, item.revenue) == ("sale", revenue)
    assert len(h.sandbox.state.traffic.conversions) == count  # no new one
    assert "No Undo: putting Lead back after Sale is a change the tracker refuses." in text
    await sim.say(separate)  # the command offered, as it was copied: a separate conversion
    assert "New conversion" in (sim.last_text or ""), sim.last_text


async def test_a_create_with_a_new_tid_is_verified_by_a_new_conversion_id(
        harness: Harness) -> None:
    h = harness
    h.sandbox.postback_delay = 0.05
    item, sub_id = _lead(h)
    count = len(h.sandbox.state.traffic.conversions)
    sim = h.admin
    await sim.say(f'/conversions create {{"click_id": "{sub_id}", "status": "lead", '
                  '"revenue": 5, "transaction_id": "up-1"}')
    preview = sim.last_text or ""
    assert "New conversion" in preview and f"1 other conversion (#{item.id})" in preview
    text = await result(h, sim, "✅ Confirm")
    new = h.sandbox.state.traffic.conversions.items[-1]
    assert len(h.sandbox.state.traffic.conversions) == count + 1
    assert text.startswith("✅") and f"Confirmed: conversion #{new.id}" in text, text
    assert item.status == "lead"


async def test_an_old_row_is_never_taken_for_the_change(tmp_path: Path) -> None:
    """A queued postback whose tid matches an old conversion: until that conversion shows
    the change, the outcome is 🕓, not "Confirmed" by the old row."""
    async with running_bot(tmp_path, changes={"POSTBACK_CONFIRM_SECONDS": 0.6}) as h:
        item, sub_id = _lead(h)
        text = await change(h, h.admin, f'/conversions create {{"click_id": "{sub_id}", '
                                        '"status": "sale"}')
        assert text.startswith("🕓") and f"/conversions get {item.id}" in text, text
        assert item.status == "lead"


async def test_a_create_that_would_change_a_sale_back_is_refused(harness: Harness) -> None:
    h = harness
    item = next(c for c in h.sandbox.state.traffic.conversions.items
                if c.status == "sale" and not c.tid)
    sim = h.admin
    await sim.say(f'/conversions create {{"click_id": "{h.sandbox.sub_id(item.click)}", '
                  '"status": "lead"}')
    assert "The tracker refuses Sale → Lead" in (sim.last_text or "")
    assert h.sandbox.matching("GET", rf"^/{POSTBACK_KEY}/postback$") == []


# -- 5. the tracker's answers as it means them ------------------------------------------------


async def test_a_402_body_is_shown_in_the_trackers_words_with_its_fields(
        harness: Harness) -> None:
    h = harness
    h.sandbox.faults.add("PUT", r"/campaigns/2$", status=402, body={
        "error": "Validation failed", "errors": {"alias": ["Alias is already taken"]}})
    text = await change(h, h.admin, '/campaigns update 2 {"alias": "fb-us-ios-nutra"}')
    assert text.startswith("❌"), text
    assert "The tracker refused the request, in its words:" in text
    assert "Validation failed" in text and "alias: Alias is already taken" in text


async def test_undo_sends_the_trackers_own_values(harness: Harness) -> None:
    """Values the 9.x model holds beyond the spec's enums (§12.6) are data, not input."""
    h = harness
    campaign = h.sandbox.state.campaigns[4]
    campaign.update(cost_type="CPV", uniqueness_method="cookie_and_ip", bind_visitors="")
    sim = h.admin
    await sim.say('/campaigns update 4 {"cost_type": "CPV"}')  # not a choice to type
    assert "is not a value of" in (sim.last_text or "")
    text = await change(h, sim, '/campaigns update 4 {"cost_type": "CPC", '
                                '"uniqueness_method": "ip", "bind_visitors": "s"}')
    assert text.startswith("✅") and has_undo(sim), text
    done = await undo(h, sim)
    assert done.startswith("✅"), done
    assert (campaign["cost_type"], campaign["uniqueness_method"], campaign["bind_visitors"]) == (
        "CPV", "cookie_and_ip", "")
    text = await change(h, sim, '/campaigns update 4 {"cost_type": "RevShare"}')  # §12.6
    assert text.startswith("✅") and campaign["cost_type"] == "RevShare"


async def test_domain_id_is_read_back_and_undone(harness: Harness) -> None:
    h = harness
    sim = h.admin
    text = await change(h, sim, '/campaigns update 2 {"domain_id": 3}')
    assert text.startswith("✅") and "Domain: 2 → 3" in text, text
    await undo(h, sim)
    assert h.sandbox.state.campaigns[2]["domain_id"] == 2


async def test_booleans_and_decimals_as_the_database_returns_them(tmp_path: Path) -> None:
    sandbox = Sandbox(api_key=API_KEY, postback_key=POSTBACK_KEY, clock=ManualClock(NOW),
                      clicks=200, db_values=True)
    async with running_bot(tmp_path, sandbox=sandbox) as h:
        sim = h.admin
        text = await change(h, sim, '/campaigns update 1 {"cost_auto": true, '
                                    '"cost_value": 0.07}')
        assert text.startswith("✅"), text  # "1" is true, "0.0700" is 0.07
        done = await undo(h, sim)  # sends back "0" and "0.4500"
        assert done.startswith("✅"), done
        campaign = sandbox.state.campaigns[1]
        assert (campaign["cost_auto"], campaign["cost_value"]) == (False, 0.45)


# -- 6. every array edit re-checked at Confirm ------------------------------------------------


async def test_two_shares_editors_on_one_stream_lose_nothing(tmp_path: Path) -> None:
    """Two admins edit a stream's offers with the shares editor at once: the second Confirm
    finds the offers changed since its preview, sends nothing and shows the new preview."""
    async with running_bot(tmp_path, users={ADMIN: "admin", 1004: "admin"},
                           rich_messages="off") as h:  # previews read as their lines
        stream = h.sandbox.state.streams[4]
        first, second = h.user(ADMIN), h.user(1004)
        for sim in (first, second):
            await sim.say("/streams get 4")
            await sim.press(button(sim, "✏️ Edit"))
            await sim.press(button(sim, "Offers"))
            await sim.press("➕ Add")
        await first.press(button(first, "#1 "))
        await second.press(button(second, "#3 "))
        for sim in (first, second):
            await sim.press("⚖ Even")
            await sim.press("✔ Done")
            assert "2 items" in (sim.last_text or ""), sim.last_text
        # each adds an offer and takes none out: a write (issue 19, the role by the effect)
        done = await result(h, first, "✅ Confirm")
        assert done.startswith("✅") and {o["offer_id"] for o in stream["offers"]} == {1, 2}
        puts = h.sandbox.count("PUT", r"/streams/4$")
        await second.press(button(second, "✅ Confirm"))
        text = await until(h, second, lambda t: "changed since the preview" in t, after=0)
        assert h.sandbox.count("PUT", r"/streams/4$") == puts  # nothing was written
        assert re.search(r"Offers: 2 → 2 items", text) and "− Keto Slim US (#1)" in text, text
        assert {o["offer_id"] for o in stream["offers"]} == {1, 2}


"""RMW: read-modify-write of one item of an array inside an entity (a campaign's postbacks, a
stream's filters), under the lock every process shares for that entity.

Read the entity, change one item of its array (`bot.keitaro.rmw.plan`), write the whole array
back, read it back. A write holds the lock from the read to the read-back, so two edits
cannot both start from the same array (the later write would delete what the earlier one
added: the tracker replaces arrays, §11.7). With `expect` (the fingerprint of the array the
preview showed), an array that changed since is not written. A list or a get of the items
writes nothing and takes no lock.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.keitaro import rmw
from bot.keitaro.catalog import RmwOp
from bot.keitaro.envelope import Envelope, RequestInfo, not_found, unsent
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.mechanisms.call import Call
from bot.keitaro.params import InputError
from bot.keitaro.transport import BACKOFF_CAP, MAX_RETRY_AFTER
from bot.settings import KeitaroSettings
from bot.storage.locks import LockUnavailable

log = logging.getLogger("bot.keitaro")


def lock_seconds(settings: KeitaroSettings) -> float:
    """How long a read-modify-write may hold its lock, and how long another one waits for it:
    above the longest it can take (its read and read-back, each tried 1 + retries times with
    backoff, and its write, each within the tracker timeout), so a holder is never overtaken
    while it works and a waiter outlasts a crashed holder's lock."""
    reads = 2 * (1 + settings.retries)
    pauses = 2 * settings.retries * (BACKOFF_CAP * 1.5 + MAX_RETRY_AFTER)
    return settings.timeout * (reads + 1) + pauses + 1.0


def conflict_message(path: str, field: str, verdict: rmw.WriteCheck) -> str:
    """The conflict in one line (the texts people read are `error.conflict` and its
    details, in their language)."""
    parts = []
    if verdict.missing:
        parts.append(f"items {', '.join(verdict.missing)} were there and are gone")
    if verdict.kept is not None:
        parts.append(f"item {verdict.kept} was removed and is still there")
    if verdict.unlike is not None:
        parts.append("the new item is not there as sent" if verdict.unlike == "new"
                     else f"item {verdict.unlike} is not as sent")
    return f"{field} of {path} after the write: " + "; ".join(parts)


def unsent_write(call: Call, error: ErrorInfo, *,
                 steps: list[RequestInfo] | None = None) -> Envelope:
    """The write was not sent (attempts 0: the journal records it as refused)."""
    return unsent(call.client.transport.info(call.request), call.resource, call.operation,
                  error, steps=steps)


async def run(call: Call) -> Envelope:
    action = call.action
    assert action.rmw is not None
    path = rmw.read_path(action, call.args)
    if action.rmw.op in (RmwOp.LIST, RmwOp.GET):  # nothing is written: no lock
        return await _locked(call, path)
    seconds = lock_seconds(call.client.settings)
    try:
        async with call.client.locks.hold(f"rmw:{path}", ttl=seconds, wait=seconds):
            return await _locked(call, path)
    except LockUnavailable:
        return unsent_write(call, ErrorInfo(
            kind=ErrorKind.BUSY, body={"path": path, "field": action.rmw.field},
            message=f"another change of {path} ({action.rmw.field}) held the lock for "
                    f"{seconds:.0f} s: nothing was sent"))


async def _locked(call: Call, path: str) -> Envelope:
    action, client = call.action, call.client
    assert action.rmw is not None
    field = action.rmw.field
    read = await client.call("GET", path, resource=call.resource, operation=call.operation)
    if not read.success:
        return read
    items = rmw.items_of(read.data, field)
    if items is None:  # never "empty": writing that back would delete every item
        error = ErrorInfo(kind=ErrorKind.MISSING_ARRAY, status=read.status,
                          body={"path": path, "field": field},
                          message=f"the answer to GET {path} has no {field} array")
        if action.rmw.op in (RmwOp.LIST, RmwOp.GET):
            read.success, read.data, read.error = False, None, error
            return read
        return unsent_write(call, error, steps=[read.request])
    if call.expect is not None and call.expect != rmw.watched(read.data, (field,)):
        changed = unsent_write(call, ErrorInfo(
            kind=ErrorKind.CHANGED, status=read.status, body={"path": path, "field": field},
            message=f"{field} of {path} changed since the preview: nothing was sent"),
            steps=[read.request])
        changed.data = items
        return changed
    try:
        planned = rmw.plan(action, call.args, items)
    except rmw.ItemNotFound as exc:
        return not_found(read, "item_not_found", exc.values)
    except InputError as exc:
        return client.refused(action, exc)
    if planned.op is RmwOp.LIST:
        read.data = planned.before
        return read
    if planned.op is RmwOp.GET:
        read.data = planned.item
        return read
    # the array as read, with the one item changed: the body is the array's, the rest of the
    # request is the one built for the action
    write = replace(call.request, body=planned.body, has_body=True)
    result = await client.send(write, action=action)
    result.steps = [read.request]
    if not result.success:
        return result
    return await _check_written(call, path, planned, result)


async def _check_written(call: Call, path: str, planned: rmw.RmwPlan,
                         result: Envelope) -> Envelope:
    """Read the array back and hold it against the plan: a lost item or an item not as
    sent is a conflict (success is not claimed). When the read-back fails, the write's
    own answer is checked, if it holds the array."""
    back = await call.client.call("GET", path, resource=call.resource,
                                  operation=call.operation)
    result.steps.append(back.request)
    items = rmw.items_of(back.data, planned.field) if back.success else None
    if items is None:
        items = rmw.items_of(result.data, planned.field)
    if items is None:
        log.warning("%s: %s could not be read back after the write", call.action.id, path)
        return result
    result.data = items
    verdict = rmw.check_written(planned, items)
    if verdict.ok:
        return result
    result.success = False
    result.error = ErrorInfo(
        kind=ErrorKind.CONFLICT, status=result.status,
        body={"path": path, "field": planned.field, "missing": list(verdict.missing),
              "kept": verdict.kept, "unlike": verdict.unlike},
        message=conflict_message(path, planned.field, verdict))
    log.warning("%s: conflict on %s: %s", call.action.id, path, result.error.message)
    return result

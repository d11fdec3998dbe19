"""A plain write that replaces arrays (a PUT whose body carries an array the tracker replaces
whole: `/campaigns update 5 {"postbacks": …}`, `/filters replace`, a stream's offers, the bot
list) is sent under the entity's lock, the same a read-modify-write of one of its items takes,
so it cannot land between that edit's read and write (which would then write the old array
back). With `expect`, only when the watched arrays, read again under that lock, are the ones
the preview showed; else nothing is written and the entity as it is now comes back (CHANGED).
"""

from __future__ import annotations

from bot.keitaro import rmw
from bot.keitaro.catalog import FieldType
from bot.keitaro.envelope import Envelope, RequestInfo
from bot.keitaro.errors import ErrorInfo, ErrorKind
from bot.keitaro.mechanisms.call import Call
from bot.keitaro.mechanisms.rmw import lock_seconds, unsent_write
from bot.storage.locks import LockUnavailable


def watch_of(call: Call) -> rmw.Watch | None:
    """What the write holds the entity's lock for, when its caller did not say (`watch`):
    the arrays of a PUT's body that the tracker replaces whole."""
    request = call.request
    if request.method != "PUT" or not isinstance(request.body, dict):
        return None
    arrays = tuple(f.name for f in call.action.fields
                   if f.type is FieldType.ITEMS and f.name in request.body)
    if not arrays:
        return None
    path = request.url.removeprefix(call.client.settings.api_base)
    return rmw.Watch(path=path, fields=arrays)


async def run(call: Call, watch: rmw.Watch) -> Envelope:
    client = call.client
    seconds = lock_seconds(client.settings)
    try:
        async with client.locks.hold(watch.lock, ttl=seconds, wait=seconds):
            steps: list[RequestInfo] = []
            if call.expect is not None:
                read = await client.call("GET", watch.path, resource=call.resource,
                                         operation=call.operation)
                steps.append(read.request)
                if not read.success:
                    read.attempts = 0  # nothing was written
                    return read
                if rmw.watched(read.data, watch.fields) != call.expect:
                    changed = unsent_write(call, ErrorInfo(
                        kind=ErrorKind.CHANGED, status=read.status,
                        body={"path": watch.path, "field": ", ".join(watch.fields)},
                        message=f"{', '.join(watch.fields)} of {watch.path} changed since "
                                "the preview: nothing was sent"), steps=steps)
                    changed.data = read.data
                    return changed
            envelope = await client.send(call.request, action=call.action)
            envelope.steps = steps + envelope.steps
            return envelope
    except LockUnavailable:
        return unsent_write(call, ErrorInfo(
            kind=ErrorKind.BUSY, body={"path": watch.path},
            message=f"another change held the lock for {seconds:.0f} s: nothing was sent"))

"""Masking of secrets: in envelopes, previews, the journal, log records and exception text.

Two rules. A value under a secret key (a password, a token: the catalog's `secret` fields and
`SENSITIVE_KEYS`) is shown as `••••`, with no character of it. The bot's own configured secrets
(API key, postback key, bot token) show their first characters (`ab12…••••`), enough to tell
which key was used and never enough to use one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.keitaro.catalog import CATALOG
from bot.keitaro.catalog.fields import secret_names

MASK = "••••"
# what the journal keeps in place of one of the bot's own secrets (`Redactor.seal`)
SEALED = "⟦secret:"
# the user name and password of a URL (`https://user:pass@host`): masked as a whole, since
# a login is half of a credential and nothing the bot shows needs it
_USERINFO = re.compile(r"://[^\s/?#@<>\"'`]+@")
_JSON_ESCAPED = frozenset('"\\') | frozenset(map(chr, range(32)))
SENSITIVE_KEYS = frozenset(
    {
        "api_key",
        "api-key",
        "avscan_key",
        "new_password",
        "new_password_confirmation",
        "password",
        "postback_key",
        "secret",
        "token",
        "hide_click_key",
    }
)
# every key whose value is never shown: the list above and every secret field of the catalog
SECRET_KEYS = SENSITIVE_KEYS | frozenset().union(
    *(secret_names(action.fields) for action in CATALOG))


# a secret key as JSON writes it (`"password":`), in any case, as `mask_fields` compares keys
_SECRET_KEY_JSON = re.compile(
    '"(?:' + "|".join(re.escape(k) for k in sorted(SECRET_KEYS)) + ')"\\s*:', re.IGNORECASE)


def holds_secret_key(text: str) -> bool:
    """Whether a JSON text may hold a key whose value `mask_fields` masks (a false alarm,
    such a text inside a string, only sends it the long way)."""
    return _SECRET_KEY_JSON.search(text) is not None


def mask_secret(value: str) -> str:
    """`ab12cd34ef56…` → `ab12…••••`: enough to tell keys apart, never enough to use one."""
    if len(value) >= 12:
        return f"{value[:4]}…{MASK}"
    return MASK


def _masked(value: Any) -> bool:
    """A value masked already (`ab12…••••`, from `mask_secret`): kept as it is."""
    return isinstance(value, str) and value.endswith(MASK) and len(value) <= len(MASK) + 5


def mask_fields(value: Any) -> Any:
    """A copy of a JSON value with the value of every secret key replaced by `••••` (no
    character of it), at any depth."""
    if isinstance(value, dict):
        return {
            k: (MASK if str(k).lower() in SECRET_KEYS and v not in (None, "") and not _masked(v)
                else mask_fields(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_fields(v) for v in value]
    return value


def find_mask(value: Any, where: str = "") -> str | None:
    """Where in a value the mask text sits (`postbacks[1].url`, `payout`), or None: a write
    that carries it would put the bot's own mask into the tracker in place of the real
    value, so no write leaves the bot with it."""
    if isinstance(value, str):
        return (where or "value") if MASK in value or SEALED in value else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = find_mask(item, f"{where}.{key}" if where else str(key))
            if found is not None:
                return found
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = find_mask(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


def looks_masked(value: Any) -> bool:
    """A value the tracker itself hides (`••••`, `******`): not the value, so nothing the
    bot could put back."""
    return isinstance(value, str) and (MASK[:2] in value or "***" in value)


def mask_top(value: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a mapping with the values of its own sensitive keys masked (not nested
    ones: for what shows only the top level, such as a card, where nested values are counts)."""
    return {k: (mask_secret(str(v)) if str(k).lower() in SENSITIVE_KEYS and v else v)
            for k, v in value.items()}


def mask_userinfo(text: str) -> str:
    """`https://user:pass@host/…` → `https://••••@host/…`, in every URL of a text."""
    return _USERINFO.sub(f"://{MASK}@", text) if "://" in text else text


class Redactor:
    """Replaces every known secret, and the login of every URL, in a text by a mask."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._secrets: dict[str, str] = {}
        self._seals: dict[str, str] = {}  # a seal → the secret it stands for
        self._pattern: re.Pattern[str] | None = None
        self.json_escaped = False  # a secret holds a character JSON escapes
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        for secret in secrets:
            # very short values would mask ordinary words; settings forbid such keys anyway
            if secret and len(secret) >= 4:
                self._secrets[secret] = mask_secret(secret)
                self._seals[_seal_of(secret)] = secret
        if self._secrets:
            alternatives = sorted(self._secrets, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(s) for s in alternatives))
            self.json_escaped = any(set(s) & _JSON_ESCAPED for s in self._secrets)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if self._pattern is not None:
            text = self._pattern.sub(lambda m: self._secrets[m.group(0)], text)
        return mask_userinfo(text)

    def seal(self, value: Any) -> Any:
        """A value to be kept (the journal): every one of the bot's own secrets in it (the
        API key, the postback key inside a URL the tracker holds) replaced by a seal that
        names it without holding it; URL logins and everything else stay as they are, so
        that `unseal` gives back exactly what the tracker returned."""
        if isinstance(value, str):
            if self._pattern is None:
                return value
            return self._pattern.sub(lambda m: _seal_of(m.group(0)), value)
        if isinstance(value, Mapping):
            return {k: self.seal(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.seal(v) for v in value]
        return value

    def unseal(self, value: Any) -> Any:
        """What `seal` kept, as it was (a seal of a secret this process does not know stays,
        and no write can carry it: see `find_mask`)."""
        if isinstance(value, str):
            if SEALED not in value:
                return value
            return _SEAL.sub(lambda m: self._seals.get(m.group(0), m.group(0)), value)
        if isinstance(value, Mapping):
            return {k: self.unseal(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.unseal(v) for v in value]
        return value

    def touches(self, text: str) -> bool:
        """Whether scrubbing would change anything in `text`."""
        if self._pattern is not None and self._pattern.search(text):
            return True
        return "://" in text and _USERINFO.search(text) is not None

    def value(self, value: Any) -> Any:
        """Scrub every string inside a value: mappings (keys too), lists, tuples, sets."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, Mapping):
            return {self(str(k)) if isinstance(k, str) else k: self.value(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, tuple):
            items = [self.value(v) for v in value]
            return value._make(items) if hasattr(value, "_make") else tuple(items)
        if isinstance(value, set | frozenset):
            return type(value)(self.value(v) for v in value)
        return value

    def untouched(self, value: Any, default: Callable[[Any], Any] = str) -> bool:
        """Whether scrubbing would leave a JSON-like value as it is, found by one search of
        its serialised form instead of a visit to every string (`default` serialises what
        JSON does not know). False when a secret holds a character JSON escapes."""
        if self.json_escaped:
            return False
        return not self.touches(json.dumps(value, ensure_ascii=False, default=default))

    def clean_json(self, text: str) -> bool:
        """Whether whatever parses from the JSON `text` is left as it is by scrubbing, found
        on the text itself: true only when nothing in it is escaped but `\\/` (as PHP writes
        a slash), so that every string parses to exactly the characters it has in the text,
        and neither a secret nor a URL login is among them. (A match across two strings only
        makes it false: scrubbed the long way, never left unscrubbed.)"""
        if "\\" in text:
            text = text.replace("\\/", "/")
            if "\\" in text:
                return False
        return not self.touches(text)

    def clean_own_json(self, text: str) -> bool:
        """Whether what parses from `text`, JSON this process wrote (pydantic's
        `model_dump_json`, `json.dumps(..., ensure_ascii=False)`: only `"`, `\\` and control
        characters escaped), is left as it is by scrubbing. A secret holds none of those
        (else False), so it stands in the text as it is; a URL login that parses out of it is
        in the text too (its escapes are characters the login pattern takes)."""
        return not self.json_escaped and not self.touches(text)

    def json_value(self, value: Any) -> Any:
        """`value` (parsed JSON) scrubbed; the same object when nothing in it needs it
        (`untouched`)."""
        if isinstance(value, str):
            return self(value)
        if not isinstance(value, dict | list):
            return value
        if self.untouched(value):
            return value
        return self.value(value)


_SEAL = re.compile(re.escape(SEALED) + r"[0-9a-f]{12}⟧")


def _seal_of(secret: str) -> str:
    return f"{SEALED}{hashlib.sha256(secret.encode()).hexdigest()[:12]}⟧"


class RedactingFilter(logging.Filter):
    """Logging filter that scrubs secrets from the formatted message and exception text."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        if record.stack_info:
            message += "\n" + record.stack_info
            record.stack_info = None
        record.msg = self.redactor(message)
        record.args = None
        return True


def install_log_redaction(redactor: Redactor) -> RedactingFilter:
    """Scrub every record that reaches any handler of the root logger."""
    flt = RedactingFilter(redactor)
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(flt)
    root.addFilter(flt)
    return flt

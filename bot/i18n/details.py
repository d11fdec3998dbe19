"""The bot's own details of an error (written in English where the error is classified, and kept
so in the envelope, the journal and the logs) in the user's language.

A detail the tracker wrote (its error message) is the tracker's data and stays as it is.
"""

from __future__ import annotations

import re

# the bot's own details, as `bot.keitaro.errors`, `bot.keitaro.client` and `bot.keitaro.rmw`
# word them, and the same in Russian (a group's value goes in by its name)
_PAIRS = (
    (r"no answer within (?P<s>[\d.]+) s", "нет ответа за {s} с"),
    (r"the tracker URL cannot be requested \(check KEITARO_URL\)",
     "по адресу трекера нельзя обратиться (проверьте KEITARO_URL)"),
    (r"the tracker's host name does not resolve", "имя хоста трекера не находится"),
    (r"cannot connect to the proxy", "не удаётся подключиться к прокси"),
    (r"the proxy refused the connection \(HTTP (?P<status>\d+)\)",
     "прокси отклонил соединение (HTTP {status})"),
    (r"the tracker's TLS certificate is not trusted \(expired, self-signed or issued for "
     r"another host\)",
     "TLS-сертификату трекера нет доверия (истёк, самоподписан или выдан другому хосту)"),
    (r"the TLS handshake failed", "TLS-рукопожатие не удалось"),
    (r"the TLS connection failed", "TLS-соединение оборвалось"),
    (r"connection refused", "в соединении отказано"),
    (r"cannot connect to the tracker", "не удаётся подключиться к трекеру"),
    (r"the tracker keeps redirecting \(a redirect loop; check KEITARO_URL\)",
     "трекер перенаправляет по кругу (проверьте KEITARO_URL)"),
    (r"the tracker closed the connection before answering",
     "трекер закрыл соединение, не ответив"),
    (r"connection failed \((?P<name>\w+)\)", "соединение не удалось ({name})"),
    (r"HTTP (?P<status>\d+): the tracker redirects(?: to (?P<where>\S+))? instead of "
     r"answering \(check KEITARO_URL: http or https, host, path\)",
     "HTTP {status}: трекер перенаправляет {where}вместо ответа (проверьте KEITARO_URL: "
     "http или https, хост, путь)"),
    (r"the tracker answered with an HTML page \((?P<page>.*)\) instead of JSON: the URL may "
     r"point to the admin panel, not the API",
     "трекер ответил HTML-страницей ({page}), а не JSON: возможно, адрес ведёт в админку, а "
     "не в API"),
    (r"the tracker's answer is not JSON", "ответ трекера — не JSON"),
    (r"\w+ (?P<id>\S+) not found in (?P<path>\S+)", "элемента {id} нет в {path}"),
    (r"\w+ (?P<id>\S+) not found", "ID {id} не найден"),
    (r"no (?P<type>\S+) group with id (?P<id>\S+)", "группы типа {type} с ID {id} нет"),
)
RUSSIAN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(f"^{pattern}$"), text) for pattern, text in _PAIRS)


def detail_text(message: str, lang: str) -> str:
    """`message` in `lang` when it is one of the bot's own details; else as it is."""
    if lang != "ru":
        return message
    for pattern, text in RUSSIAN:
        match = pattern.match(message)
        if match:
            values = {k: v or "" for k, v in match.groupdict().items()}
            if values.get("where"):
                values["where"] = f"на {values['where']} "
            return text.format(**values)
    return message

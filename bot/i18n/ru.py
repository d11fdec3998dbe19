"""Русские тексты. Ключи совпадают с `en.py` (это проверяет тест)."""

TEXTS: dict[str, str] = {
    # доступ
    "access.refused": (
        "⛔ Извините, этот бот управляет закрытым трекером Keitaro, и вас нет в списке.\n"
        "Ваш Telegram ID: <code>{user_id}</code> — отправьте его администратору, если доступ "
        "вам нужен."
    ),
    "access.refused_short": "⛔ Нет доступа. Ваш ID: {user_id}",
    "access.role": (
        "🔒 <b>{action}</b> недоступно для вашей роли ({role}): нужна роль {needed}. "
        "В трекер ничего не отправлено."
    ),
    # меню и справка
    "menu.groups": "👋 Привет, {name}! Роль: <b>{role}</b>.\nВыберите, чем управлять:",
    "menu.group": (
        "<b>{group}</b>\nВыберите операцию (✏️ меняет данные, ⚠️ удаляет или заменяет):"
    ),
    "help.intro": (
        "<b>Keitaro-бот</b>: управление трекером из чата.\n"
        "/menu — кнопки для всего · /cancel — выйти из любого шага · /help — этот список\n"
        "Команды в одну строку: <code>/&lt;группа&gt; &lt;операция&gt; [id] [JSON]</code>; "
        "чего не хватает — спрошу. Изменения показываются заранее и требуют подтверждения."
    ),
    "help.outro": (
        "Примеры: <code>/campaigns get 12</code> · <code>/reports by_campaign 7d</code> · "
        "<code>/conversions update 55 {{\"click_id\": \"abc\", \"status\": \"sale\"}}</code>\n"
        "Периоды: today, yesterday, 7d, 30d, month или 2026-11-01..2026-11-07. "
        "Администраторам: /audit [n] — последние изменения."
    ),
    "command.unknown_op": (
        "🤔 В <code>{group}</code> нет операции <code>{op}</code>. Доступные:\n{ops}"
    ),
    "command.bad_line": "⚠️ {problem}\nФормат: <code>{usage}</code>",
    # кнопки
    "button.back": "◀ Назад",
    "button.cancel": "✖ Отмена",
    "button.skip": "⏭ Пропустить",
    "button.defaults": "⏭ По умолчанию",
    "button.groups": "☰ Все группы",
    "button.export_all": "📥 Все строки (CSV)",
    "button.menu": "☰ Меню",
    "button.confirm": "✅ Подтвердить: {action}",
    "button.confirm_destructive": "⚠️ Да, {action}",
    # сценарий
    "flow.step": "шаг {n} из {total}",
    "flow.none": "Сейчас нет начатой операции. /menu — начать.",
    "flow.stale": "Эта кнопка из старого сообщения и больше ничего не делает.",
    "flow.cancelled": "✖ Отменено. В трекер ничего не отправлено. /menu",
    "flow.nothing_to_cancel": "Отменять нечего. /menu",
    "flow.sending": "⏳ Отправляю в трекер…",
    "flow.building": "⏳ Строю отчёт… это может занять несколько секунд.",
    "flow.loading": "⏳ Загружаю… это может занять несколько секунд.",
    "flow.text_please": "Ответьте текстом (или /cancel).",
    "flow.confirm_please": "Нажмите «Подтвердить» или «Отмена» под предпросмотром (или /cancel).",
    "flow.unknown": "Не понял. /menu — всё, что я умею, /help — список команд.",
    # вопросы
    "ask.id": "Пришлите ID",
    "ask.int": "Пришлите число",
    "ask.text": "Пришлите текст",
    "ask.enum": "Выберите вариант",
    "ask.json": "Пришлите данные в формате JSON",
    "ask.range": "Выберите период",
    "ask.ips": "Пришлите IP-адреса или диапазоны",
    "ask.path": "Пришлите путь к файлу",
    "hint.id": "Целое положительное число.",
    "hint.int": "Целое число, 0 или больше.",
    "hint.text": "",
    "hint.enum": "Нажмите кнопку или напишите одно из значений.",
    "hint.range": "Нажмите кнопку или напишите даты так: <code>2026-11-01..2026-11-07</code>.",
    "hint.ips": "IPv4/IPv6 или CIDR через пробел, запятую или с новой строки.",
    "hint.path": "Относительно папки, например <code>css/style.css</code>: без <code>..</code> и без <code>/</code> в начале.",
    "hint.json": "JSON-объект; меняются только присланные поля.",
    "hint.json_array": "JSON-массив; он заменит весь список.",
    "hint.json_required": "Обязательные поля: <b>{fields}</b>.",
    "hint.json_default": "Или нажмите «По умолчанию».",
    "hint.example": "Пример:",
    "hint.pick": "Или выберите ниже:",
    "hint.pick_failed": "(Не удалось загрузить список для выбора: {reason})",
    "hint.optional": "Необязательно: нажмите «Пропустить».",
    "hint.cancel": "<i>/cancel — прервать.</i>",
    "note.groups_domains": "Группы доменов есть только в новых версиях Keitaro; похоже, в этом трекере их нет. Выберите campaigns, offers или landings.",
    "range.today": "Сегодня",
    "range.yesterday": "Вчера",
    "range.7d": "7 дней",
    "range.30d": "30 дней",
    "range.month": "Этот месяц",
    # предпросмотр
    "preview.title": "📝 <b>Предпросмотр</b>: будет отправлен этот запрос",
    "preview.title_destructive": "🛑 <b>Осторожно</b>: запрос удаляет или заменяет данные",
    "preview.body": "Тело запроса:",
    "preview.body_cut": "<i>(тело обрезано при показе; отправлено будет целиком)</i>",
    "preview.postback": "Запрос идёт через postback-URL трекера (ключ скрыт).",
    "preview.confirm_hint": "Подтвердите отправку или вернитесь, чтобы изменить данные.",
    "preview.confirm_destructive_hint": (
        "Отменить это из бота нельзя (прежнее состояние сохранено в /audit). "
        "Подтверждайте, только если уверены."
    ),
    # результаты
    "result.empty": "Трекер подтвердил операцию и не вернул данных.",
    "result.none": "Ничего не найдено.",
    "result.no_rows": "Нет строк для этого запроса и периода.",
    "result.count": "Всего {count}:",
    "result.rows": "Строки {first}–{last} из {total}",
    "result.columns": "<i>{columns}</i>",
    "result.binary": "📦 {name} ({size} байт) во вложении.",
    "result.expired": "Этот результат устарел; выполните команду ещё раз.",
    "result.no_export": "Результат слишком велик для хранения; выполните его снова, чтобы получить файл.",
    "export.started": "⏳ Выгружаю все строки…",
    "export.progress": "⏳ Выгружаю… {rows} из {total} строк",
    "export.done": "✅ Выгружено строк: {rows} ({size}).",
    "export.parts": "Разбито на {parts} файла(ов) не больше 48 МБ: Telegram принимает от ботов файлы до 50 МБ.",
    "export.failed": "❌ Выгрузка остановилась после {rows} строк, файл не сохранён:",
    # ошибки
    "error.invalid_input": "Запрос составлен неверно.",
    "error.not_configured": "Бот не настроен для этого.",
    "error.bad_request": "Трекер отклонил запрос как некорректный.",
    "error.no_route": "Трекер не знает такого метода API.",
    "error.unauthorized": "Трекер не принял API-ключ.",
    "error.edition": "В этой редакции трекера нет Admin API.",
    "error.tracker_failed": "Трекер не смог обработать запрос.",
    "error.forbidden": "У пользователя API-ключа нет прав на это.",
    "error.blocked": "Запрос заблокировал фаервол перед трекером (например, Cloudflare).",
    "error.not_found": "В трекере нет такого объекта.",
    "error.validation": "Трекер не принял данные:",
    "error.rate_limited": "Трекер просит не спешить (слишком много запросов).",
    "error.server_error": "Внутренняя ошибка трекера.",
    "error.http_error": "Трекер ответил неожиданной ошибкой.",
    "error.bad_response": "Ответ трекера не похож на ответ API.",
    "error.timeout": "Трекер не ответил вовремя.",
    "error.connection_refused": "Трекер отклонил соединение.",
    "error.dns_failure": "Адрес трекера не находится в DNS.",
    "error.connection_error": "Соединение с трекером оборвалось.",
    "error.tls_error": "Защищённое (TLS) соединение с трекером не удалось.",
    "error.proxy_error": "Прокси между ботом и трекером не сработал.",
    "error.redirect": "Трекер ответил перенаправлением, а не ответом API.",
    "error.invalid_url": "Адрес трекера — не корректный URL.",
    "error.missing_array": (
        "В ответе трекера нет списка <code>{field}</code>: бот не может узнать, что в нём. Ничего не записано."
    ),
    "error.busy": (
        "Этот список сейчас меняет кто-то другой (другой человек или процесс бота). Ничего не отправлено."
    ),
    "error.changed": (
        "Список изменился после предпросмотра (<code>{field}</code>). Ничего не отправлено."
    ),
    "error.conflict": (
        "Список изменился во время записи: <code>{field}</code> не совпадает с тем, что записал бот."
    ),
    "error.internal": (
        "⚠️ Что-то пошло не так на стороне бота. Если это было изменение, проверьте /audit, прежде чем повторять; /cancel — начать заново."
    ),
    "error.internal_tracker": (
        "⚠️ Запрос к трекеру неожиданно не удался. Если это было изменение, проверьте /audit, прежде чем повторять."
    ),
    "error.uncertain": (
        "❓ Запрос мог дойти до трекера: проверьте результат, прежде чем повторять."
    ),
    "advice.invalid_input": "Исправьте данные и попробуйте снова.",
    "advice.not_configured": "Попросите администратора бота настроить это (README, настройки).",
    "advice.bad_request": "Сверьте данные с примером и попробуйте снова.",
    "advice.no_route": "Возможно, версия трекера старее или новее; сообщите администратору бота.",
    "advice.unauthorized": "Проверьте KEITARO_API_KEY (Обслуживание → Пользователи → API-ключи).",
    "advice.edition": "Admin API есть в редакциях Expert/Team/Enterprise.",
    "advice.tracker_failed": "Проверьте данные; подробности в трекере: Обслуживание → Логи.",
    "advice.forbidden": "Используйте ключ администратора или попросите права в Keitaro.",
    "advice.blocked": "Разрешите IP или User-Agent бота в фаерволе.",
    "advice.not_found": "Проверьте ID: {group} покажет, что есть.",
    "advice.validation": "Исправьте поля выше и пришлите данные снова.",
    "advice.rate_limited": "Подождите минуту и попробуйте снова.",
    "advice.server_error": "Попробуйте через минуту; смотрите Обслуживание → Логи в трекере.",
    "advice.http_error": "Попробуйте позже или сообщите администратору бота.",
    "advice.bad_response": "Проверьте KEITARO_URL: это должен быть адрес трекера.",
    "advice.timeout": "Попробуйте через минуту; отчёт за меньший период строится быстрее.",
    "advice.connection_refused": "Трекер работает? Проверьте KEITARO_URL и порт.",
    "advice.dns_failure": "Проверьте имя хоста в KEITARO_URL.",
    "advice.connection_error": "Попробуйте через минуту.",
    "advice.tls_error": "Обновите или исправьте HTTPS-сертификат трекера, либо проверьте хост в KEITARO_URL.",
    "advice.proxy_error": "Проверьте адрес и данные входа прокси или спросите админа бота.",
    "advice.redirect": "Укажите в KEITARO_URL адрес, на который перенаправляет трекер (http/https, хост).",
    "advice.invalid_url": "Исправьте KEITARO_URL: например, https://tracker.example.com",
    "advice.missing_array": (
        "Запись списка обратно удалила бы все его элементы. Проверьте его в трекере; если повторяется, сообщите администратору бота (возможно, другая версия трекера)."
    ),
    "advice.busy": "Попробуйте через минуту.",
    "advice.changed": "Посмотрите список, каким он стал, и повторите изменение.",
    "advice.conflict": (
        "Возможно, его правили одновременно с вами. Посмотрите список сейчас ({group}) и повторите изменение, если его нет."
    ),
    "conflict.missing": "• Пропали, хотя были: {items}",
    "conflict.kept": "• Остался, хотя удалён: {item}",
    "conflict.unlike": "• Не такой, как отправлен: {item}",
    "conflict.unlike_new": "• Нового элемента нет в том виде, как он отправлен",
    # непригодные ответы
    "input.invalid": "Этот ответ не подходит.",
    "input.id_empty": "Пришлите число.",
    "input.id_not_number": "<code>{value}</code> — не число: пришлите целое положительное число.",
    "input.id_too_big": "Слишком большое число (максимум {max}).",
    "input.id_not_positive": "ID должен быть больше нуля (получено {value}).",
    "input.json_empty": "Пришлите данные в JSON.",
    "input.json_too_long": "JSON слишком длинный (максимум 100 000 символов).",
    "input.json_syntax": "Ошибка в JSON: строка {line}, столбец {column}: {reason}.",
    "input.json_too_deep": "Слишком глубокая вложенность JSON (максимум {max} уровней).",
    "input.json_value": (
        "<code>{value}</code> нельзя отправить: в JSON нет такого значения. Используйте "
        "обычное число или текст."
    ),
    "input.json_not_array": "Пришлите JSON-массив: <code>[ … ]</code>.",
    "input.json_not_object": "Пришлите JSON-объект: <code>{{ … }}</code>.",
    "input.json_missing": "Не хватает обязательных полей: <b>{fields}</b>.",
    "input.range_format": (
        "Пришлите период как <code>2026-11-01..2026-11-07</code> или нажмите кнопку."
    ),
    "input.range_bad_date": "Такой даты нет; формат ГГГГ-ММ-ДД.",
    "input.range_reversed": "Период начинается ({start}) позже, чем заканчивается ({end}).",
    "input.range_too_long": "Слишком длинный период (не больше 10 лет).",
    "input.ips_empty": "Пришлите хотя бы один IP-адрес.",
    "input.ips_too_many": "Слишком много адресов за раз (не больше {max}).",
    "input.ips_invalid": "<code>{value}</code> — не IP-адрес и не диапазон.",
    "input.text_empty": "Пришлите текст.",
    "input.text_too_long": "Слишком длинно (не больше {max} символов).",
    "input.text_control": "В тексте есть управляющие символы; пришлите обычный текст.",
    "input.path_empty": "Пришлите путь к файлу.",
    "input.path_too_long": "Путь слишком длинный (не больше {max} символов).",
    "input.path_control": "В пути есть управляющие символы; пришлите обычный путь.",
    "input.path_backslash": "Разделяйте папки знаком <code>/</code>, а не обратной чертой.",
    "input.path_absolute": "<code>{value}</code> — не относительный путь: укажите путь внутри папки, без <code>/</code>, <code>~</code> или диска в начале.",
    "input.path_encoded": "В <code>{value}</code> есть %-кодированные символы; напишите их как есть.",
    "input.path_parent": "Путь не может подниматься выше через <code>..</code>: укажите путь внутри папки.",
    "input.path_segment": "В <code>{value}</code> есть пустая часть или <code>.</code>; пишите так: <code>css/style.css</code>.",
    "input.url_too_long": "Не отправлено: получился бы URL в {size} байт (API передаёт этот текст в URL), а веб-серверы перед трекерами отклоняют URL длиннее ~8 КБ (здесь не больше {max} байт). Пришлите текст короче или правьте большой файл во встроенном редакторе трекера.",
    "input.enum_unknown": "Выберите одно из: {choices}.",
    "input.param_missing": "<b>{name}</b> — обязательный параметр.",
    "input.postback_unknown_field": "Неизвестное поле <b>{field}</b>. Допустимые: {allowed}.",
    "input.postback_not_scalar": "<b>{field}</b> должно быть одним значением, не списком и не объектом.",
    "input.postback_status": "<code>{value}</code> — не статус (например, lead, sale, rejected).",
    "input.postback_currency": "<code>{value}</code> — не код валюты (например, USD).",
    "input.postback_number": "<b>{field}</b> должно быть числом, а не <code>{value}</code>.",
    "input.postback_key_missing": (
        "Конверсии создаются через postback-URL трекера, а KEITARO_POSTBACK_KEY не задан. "
        "Попросите администратора бота его указать."
    ),
    "input.conversion_click_mismatch": (
        "Конверсия {id} относится к клику <code>{owner}</code>, а не <code>{click}</code>."
    ),
    "input.too_many_args": "Лишнее в строке: <code>{extra}</code>.",
    # digests and alerts
    "digest.title_day": "📊 <b>Ежедневная сводка #{id}</b> · {report} · {period} ({span}, {zone})",
    "digest.title_week": "📊 <b>Еженедельная сводка #{id}</b> · {report} · {period} ({span}, {zone})",
    "digest.report_campaign": "по кампаниям",
    "digest.report_offer": "по офферам",
    "digest.report_country": "по странам",
    "digest.report_ts": "по источникам",
    "digest.report_custom": "свой отчёт",
    "digest.period_yesterday": "вчера",
    "digest.period_7d": "последние 7 дней",
    "digest.period_mtd": "с начала месяца",
    "digest.no_data": "<i>За этот период трафика нет.</i>",
    "digest.versus": "к {span}: {deltas}",
    "digest.chart_title": "Клики, конверсии и доход, {span}",
    "digest.failed": "⚠️ Сводку #{id} построить не удалось: {reason}",
    "digest.list_title": "📬 <b>Сводки этого чата</b>",
    "digest.list_empty": "В этом чате пока нет сводок.",
    "digest.item": "#{id} · {every} в {at} {zone} · {report} · {period}{paused}\n   следующая: {next}",
    "digest.every_day": "ежедневно",
    "digest.every_week": "еженедельно, {day}",
    "digest.paused": " · ⏸ выкл.",
    "digest.help": "Новая: кнопки ниже или <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code> (отчёт: campaign, offer, country, ts или JSON report/build; период: yesterday, 7d, mtd; <code>weekly mon</code> — раз в неделю). <code>/digest now 3</code> — отправить #3 сейчас, <code>/digest off 3</code> — удалить.",
    "digest.ask_report": "➕ <b>Новая сводка</b> · какой отчёт?",
    "digest.ask_period": "➕ <b>Новая сводка</b> · {report} · за какой период?",
    "digest.ask_every": "➕ <b>Новая сводка</b> · {report} · {period} · как часто?",
    "digest.ask_at": "➕ <b>Новая сводка</b> · {report} · {period} · {every} · во сколько?",
    "digest.ask_zone": "➕ <b>Новая сводка</b> · {report} · {period} · {every} в {at} · в каком часовом поясе?",
    "digest.saved": "✅ Сводка #{id} сохранена: {every} в {at} {zone}, {report}, {period}.\nСледующая: {next}.",
    "digest.removed": "🗑 Сводка #{id} удалена.",
    "digest.not_found": "В этом чате нет сводки #{id}.",
    "digest.sending": "⏳ Строю сводку #{id}…",
    "digest.bad_line": "⚠️ {problem}\nПример: <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code>",
    "digest.bad_time": "время должно быть в формате ЧЧ:ММ",
    "digest.bad_zone": "неизвестный часовой пояс {zone}",
    "digest.bad_word": "не понимаю <code>{word}</code>",
    "digest.bad_json": "ошибка в JSON отчёта: строка {line}, столбец {column}",
    "digest.button_new": "➕ Новая сводка",
    "digest.button_now": "📤 #{id} сейчас",
    "digest.button_remove": "🗑 #{id}",
    "digest.unreadable": "#{id} · ⚠️ не читается (сохранена другой версией?): удалите её и добавьте заново",
    "notify.not_allowed": "🔒 Менять то, что получает групповой чат, могут только редакторы и администраторы.",
    "notify.group_disabled": "🔒 Эта группа не включена для данных трекера. Администратор может выполнить здесь /enable_chat.",
    "chat.enabled": "✅ Теперь эта группа может получать данные трекера: команды, сводки и оповещения. /disable_chat — выключить.",
    "chat.disabled": "⏹ Эта группа больше не получает данные трекера; её сводки и оповещения выключены.",
    "chat.admins_only": "Включать и выключать группы могут только администраторы.",
    "chat.private_only": "Это личный чат: в нём данные доступны всегда. Используйте команду в группе.",
    "chat.reply_hint": "<i>В группе ответьте на это сообщение (reply).</i>",
    "alert.conversions": "💰 <b>Новых конверсий: {count}</b>, доход {revenue}",
    "alert.more": "…и ещё {count}",
    "alert.spend": "⚠️ <b>{campaign}</b> потратила сегодня {cost} без единой конверсии (порог {threshold}).",
    "alert.roi": "📉 ROI за последние {hours} ч — <b>{roi}%</b>, ниже {threshold}%.",
    "alert.clicks": "📉 Клики с {hour}: <b>{current}</b>, а вчера в этот же час — {before} (−{drop}%, порог {threshold}%).",
    "alert.down": "🔴 <b>Трекер не отвечает</b>: {reason}",
    "alert.up": "🟢 <b>Трекер снова отвечает.</b>",
    "alerts.list_title": "🔔 <b>Оповещения этого чата</b>",
    "alerts.list_empty": "В этом чате пока нет оповещений.",
    "alerts.item_conversions": "#{id} · новые конверсии{filters}{paused}",
    "alerts.item_rule": "#{id} · {rule}{paused}",
    "alerts.rule_spend_no_conversion": "кампания потратила больше {threshold} сегодня без конверсий",
    "alerts.rule_roi_below": "ROI ниже {threshold}% за последние {hours} ч",
    "alerts.rule_clicks_drop": "клики упали больше чем на {threshold}% к тому же часу вчера",
    "alerts.rule_tracker_down": "трекер перестал отвечать (и снова заработал)",
    "alerts.help": "Добавить — кнопками или: <code>/alerts add conversions [sale,lead] [campaign=1,2]</code> · <code>/alerts add spend 50</code> · <code>/alerts add roi -20 6</code> · <code>/alerts add clicks 50</code> · <code>/alerts add down</code>. <code>/alerts off 3</code> — удалить #3.",
    "alerts.saved": "✅ Оповещение #{id} сохранено: {what}.",
    "alerts.removed": "🗑 Оповещение #{id} удалено.",
    "alerts.not_found": "В этом чате нет оповещения #{id}.",
    "alerts.bad_line": "⚠️ {problem}\nПримеры: <code>/alerts add spend 50</code> · <code>/alerts add conversions sale</code>",
    "alerts.bad_number": "<code>{word}</code> — не обычное число: укажите, например, 50 или -20",
    "alerts.button_conversions": "➕ Новые конверсии",
    "alerts.button_sales": "➕ Только продажи",
    "alerts.button_spend": "➕ Расход > {value} без конверсий",
    "alerts.button_roi": "➕ ROI < {value}% (6 ч)",
    "alerts.button_clicks": "➕ Падение кликов > {value}%",
    "alerts.button_down": "➕ Трекер недоступен",
    "alerts.button_remove": "🗑 #{id}",
    "alerts.unreadable": "#{id} · ⚠️ не читается (сохранено другой версией?): удалите его и добавьте заново",
    # журнал
    "audit.admins_only": "Журнал изменений доступен только администраторам.",
    "audit.usage": "Формат: /audit [сколько, до 50]",
    "audit.empty": "Журнал пуст: изменений ещё не было.",
    "audit.title": "🧾 <b>Последние изменения: {count}</b>",
    "audit.snapshot": "<i>прежнее состояние сохранено</i>",
}

## результаты
result-empty = Трекер подтвердил операцию и не вернул данных.
result-none = Ничего не найдено.
result-no_rows = Нет строк для этого запроса и периода.
result-count = Всего { $count }:
result-rows = Строки { $first }–{ $last } из { $total }
result-binary = 📦 { $name } ({ $size ->
        [one] { NUMBER($size) } байт
        [few] { NUMBER($size) } байта
       *[many] { NUMBER($size) } байт
    }) во вложении.
result-expired = Этот результат устарел; выполните команду ещё раз.
result-no_export = Результат слишком велик для хранения; выполните его снова, чтобы получить файл.
result-capped = ℹ️ В ответе не больше { $cap ->
        [one] { NUMBER($cap) } строки
        [few] { NUMBER($cap) } строк
       *[many] { NUMBER($cap) } строк
    }: здесь первые { NUMBER($cap) } (запрошено { NUMBER($asked) }).
result-capped_every = ℹ️ В ответе не больше { $cap ->
        [one] { NUMBER($cap) } строки
        [few] { NUMBER($cap) } строк
       *[many] { NUMBER($cap) } строк
    }: здесь первые { NUMBER($cap) }.
result-capped_sent = ℹ️ В ответе не больше { $cap ->
        [one] { NUMBER($cap) } строки
        [few] { NUMBER($cap) } строк
       *[many] { NUMBER($cap) } строк
    }: трекер прислал { NUMBER($received) }, здесь первые { NUMBER($cap) }.
result-capped_all = 📥 «Все строки» пришлёт каждую строку файлами CSV.
export-started = ⏳ Выгружаю все строки…
export-progress = ⏳ Выгружаю… { NUMBER($rows) } из { $total ->
        [one] { NUMBER($total) } строки
        [few] { NUMBER($total) } строк
       *[many] { NUMBER($total) } строк
    }
export-done = ✅ { $rows ->
        [one] Выгружена { NUMBER($rows) } строка
        [few] Выгружено { NUMBER($rows) } строки
       *[many] Выгружено { NUMBER($rows) } строк
    } ({ $size }).
export-parts = Разбито на { $parts ->
        [one] { $parts } файл
        [few] { $parts } файла
       *[many] { $parts } файлов
    } не больше 48 МБ: Telegram принимает от ботов файлы до 50 МБ.
export-failed = ❌ Выгрузка остановилась после { $rows ->
        [one] { NUMBER($rows) } строки
        [few] { NUMBER($rows) } строк
       *[many] { NUMBER($rows) } строк
    }, файл не сохранён:

## экран телефона: заголовки, строка запроса, карточки, отчёты (bot/render)
result-not_sent = не отправлен
result-no_answer = нет ответа
request-title = ℹ️ <b>Запрос</b> · { $resource } · { $operation }
request-headers = Заголовки:
request-body = Тело:
request-step = <i>Вызов { $n }, перед ним:</i>
request-final = <i>Затем:</i>
request-answer = Ответ: { $line } · успех: { $success } · попыток: { $attempts }
card-lines = { $count ->
        [one] { NUMBER($count) } строка
        [few] { NUMBER($count) } строки
       *[many] { NUMBER($count) } строк
    }
card-more = <i>ещё { $count ->
        [one] { $count } поле
        [few] { $count } поля
       *[many] { $count } полей
    } в JSON</i>
report-sorted = по { $metric } { $arrow }
report-partial = <i>{ $shown ->
        [one] Отсортирована полученная { NUMBER($shown) } строка
        [few] Отсортированы полученные { NUMBER($shown) } строки
       *[many] Отсортированы полученные { NUMBER($shown) } строк
    } из { NUMBER($total) }; в CSV они все.</i>
report-set_m = 💰 Деньги
report-set_t = 📈 Трафик
report-set_o = 📋 Ещё
report-empty = (пусто)
report-empty_campaign = (без кампании)
report-empty_offer = (без оффера)
report-empty_landing = (без лендинга)
report-empty_ts = (без источника)
report-empty_stream = (без потока)
report-empty_country = (без страны)
report-empty_affiliate_network = (без партнёрки)
metric-clicks = Клики
metric-campaign_unique_clicks = Уник.
metric-conversions = Конв.
metric-leads = Лиды
metric-sales = Продажи
metric-revenue = Доход
metric-cost = Расход
metric-profit = Прибыль
metric-roi = ROI %
metric-cr = CR %
entity-campaigns = Кампания
entity-streams = Поток
entity-landings = Лендинг
entity-offers = Оффер
entity-users = Пользователь
entity-sources = Источник
entity-conversions = Конверсия
entity-groups = Группа
entity-domains = Домен
entity-networks = Партнёрка
entity-postbacks = Постбэк
entity-filters = Фильтр
quick-get = 🔄 Перечитать
quick-update = Изменить
quick-delete = Удалить
quick-archive = В архив
quick-campaigns-delete = В архив
quick-landings-delete = В архив
quick-sources-delete = В архив
quick-domains-delete = В архив
quick-networks-delete = В архив
quick-enable = Включить
quick-disable = Выключить
quick-clone = Копия
quick-update_costs = Расходы
quick-events = ⚡ События
quick-download = 📦 ZIP
quick-structure = 🗂 Файлы
quick-get_file = 📄 Открыть файл
quick-update_file = Перезаписать
quick-add_file = Новый файл
quick-remove_file = Удалить файл
quick-access = Права
quick-check = Проверить
quick-streams-list = 🔀 Потоки
quick-blacklist-get = ⛔ Метки
quick-postbacks-list = 📮 Постбэки
quick-facebook_campaigns = 🎯 Кампании

## что изменение сделает, что оно сделало, и его отмена (bot.changes)
entity-bots = Список IP ботов
entity-settings = Интеграция
entity-clicks = Статистика
entity-logs = Лог
entity-blacklist = Метки
entity-reports = Отчёт

## Задача 20: день баера (сводка, карточки с цифрами, отчёты с переходами,
## поиск по названию, оповещения с кнопками)
report-tracker_order = в порядке трекера
report-left_out_cost = ℹ️ Не в сортировке по { $metric }, расход меньше { $floor }: { $count } (REPORT_MIN_COST).
report-left_out_clicks = ℹ️ Не в сортировке по { $metric }, кликов меньше { $floor }: { $count } (REPORT_MIN_CLICKS).
metric-epc = EPC
glance-title = <b>{ $period }</b> · { $span }
glance-title_so_far = <b>{ $period }</b> на сейчас · { $span }
glance-vs_same_hours = к тем же часам
glance-vs_before = к прошлому
glance-points = п.п.
glance-before_span = <i>Сравнение с { $span }.</i>
glance-no_before = <i>Прошлый период прочитать не удалось: без сравнения.</i>
glance-no_traffic = В этом периоде пока нет кликов, расходов и конверсий.
glance-failed = ❌ Трекер не дал цифры: { $reason }
glance-losers = 🔻 <b>Больше всего теряют</b>
glance-winners = 🟢 <b>Больше всего приносят</b>
card-numbers_failed = ⚠️ Без цифр: трекер ответил { $reason }
card-streams_today = 🔀 <b>Потоки сегодня</b>
card-offers_today = 💼 <b>Офферы сегодня</b>, сначала убыточные
explore-by_campaign = по кампаниям
explore-by_stream = по потокам
explore-by_offer = по офферам
explore-by_landing = по лендингам
explore-by_ts = по источникам
explore-by_affiliate_network = по партнёркам
explore-by_country = по странам
explore-by_device_type = по устройствам
explore-by_os = по ОС
explore-by_sub = по { $sub } · { $name }
explore-by_sub_plain = по { $sub }
explore-by_sub_ids = 🔢 по sub_id…
explore-custom = свой отчёт
explore-pick_crumb = выбор: { $dim }
explore-other_period = 📅 Другой…
explore-filter = 🔍 Фильтр…
explore-trend = 📈 Динамика
explore-filter_campaign = 🎯 Кампания
explore-filter_ts = 🚦 Источник
explore-filter_country = 🌍 Страна
explore-filter_offer = 💼 Оффер
explore-filter_landing = 📄 Лендинг
explore-filter_stream = 🔀 Поток
explore-filter_title =
    🔍 <b>Фильтр</b> { $where }
    Оставить одну кампанию, источник, страну…: нажмите, что именно, и выберите. ✖ снимает фильтр.
explore-subs_title = 🔢 <b>Sub id</b>, которые трекер здесь заполняет ({ $where }): нажмите, чтобы разбить по нему.
explore-subs_none = 🔢 Для этих кликов трекер не заполняет ни одного sub id ({ $where }).
explore-subs_failed = ❌ Не удалось прочитать лог кликов: { $reason }
explore-ask_period = 📅 Напишите период для { $where }: <code>2026-11-01..2026-11-07</code>, одну дату или словами, например <code>прошлая неделя</code>. /cancel — отмена.
explore-ask_period_again = Напишите ещё раз или /cancel.
explore-trend_failed = ❌ Не удалось прочитать динамику: { $reason }
explore-trend_caption = 📈 { $metric } · { $where } · итого { $total }
explore-pause_in = ⏸ Пауза в «{ $stream }»
explore-pause_failed = Не удалось прочитать поток: { $reason }
explore-pause_gone = «{ $name }» в этом потоке уже не активен.
explore-block = 🚫 В блэклист { $value }
explore-open_card = 🗂 { $name }: карточка
find-title = 🔎 <b>«{ $words }»</b>
find-usage = 🔎 <code>/find keto</code> ищет кампании, офферы, лендинги, потоки и источники по названию; <code>/campaigns keto</code> — в одной группе.
find-group = <b>{ $group }</b>: { $count }
find-in_group = 🔎 <b>{ $group }</b> с «{ $words }» в названии: { $count }
find-none_in_group = 🔎 <b>{ $group }</b>: ничего с «{ $words }» в названии, и операции с таким именем нет. /help покажет операции.
find-nothing = Ни в одном названии нет этих слов.
find-more = …и ещё { $count }: добавьте слово.
find-group_failed = <b>{ $group }</b>: не удалось прочитать ({ $reason })
explore-line_empty = ⚠️ <code>{ $what }=</code> без значения: пропущено.
explore-line_one = ⚠️ <code>{ $what }=</code> — только одно значение: пропущено.
explore-line_no_id = ⚠️ Нет { $what } #{ $id }: этот фильтр пропущен.
explore-line_unlisted = ⚠️ Не удалось прочитать список ({ $what }), чтобы найти «{ $word }»: фильтр пропущен.
explore-line_none = ⚠️ Нет { $what } с названием «{ $word }»: фильтр пропущен.
explore-line_many = ⚠️ «{ $word }» подходит нескольким: { $names }. Укажите ID (<code>{ $what }=12</code>); фильтр пропущен.
metric-day = Дата
metric-hour = Час

## a result as a rich message: its request in a details block (bot.render.envelope)
rich-method = Метод
rich-url = URL
rich-resource = Ресурс
rich-operation = Операция
rich-answer = Ответ
rich-success = Успех
rich-attempts = Попыток

## the tracker's codes by their meaning (bot/render/labels.py `meaning`); $group: whose
## value it is (streams, offers…), for the words that agree with it
value-state-active = { $group ->
    [streams] активен
    [offers] активен
    [landings] активен
    [domains] активен
    [sources] активен
    [bots] активен
    [users] активен
   *[other] активна
}
value-state-disabled = { $group ->
    [streams] остановлен
    [offers] остановлен
    [landings] остановлен
    [domains] остановлен
    [sources] остановлен
    [bots] остановлен
    [users] остановлен
   *[other] остановлена
}
value-state-deleted = { $group ->
   *[other] в архиве
}
value-state-archived = { $group ->
   *[other] в архиве
}
value-status-sale = { $group ->
   *[other] продажа
}
value-status-lead = { $group ->
   *[other] лид
}
value-status-rejected = { $group ->
   *[other] отказ
}
value-status-rebill = { $group ->
   *[other] ребилл
}
value-mode-accept = { $group ->
   *[other] принимать
}
value-mode-reject = { $group ->
   *[other] исключать
}
value-type-position = { $group ->
   *[other] по порядку
}
value-type-weight = { $group ->
   *[other] по весу
}
value-type-forced = { $group ->
   *[other] перехватывающий
}
value-type-regular = { $group ->
   *[other] обычный
}
value-type-default = { $group ->
   *[other] запасной
}
value-bind_visitors-s = { $group ->
   *[other] к потоку
}
value-bind_visitors-sl = { $group ->
   *[other] к потоку и лендингу
}
value-bind_visitors-slo = { $group ->
   *[other] к потоку, лендингу и офферу
}
value-schema-landings = { $group ->
   *[other] лендинги и офферы
}
value-schema-redirect = { $group ->
   *[other] редирект
}
value-schema-action = { $group ->
   *[other] действие
}
value-uniqueness_method-ip = { $group ->
   *[other] по IP
}
value-uniqueness_method-ip_ua = { $group ->
   *[other] по IP и браузеру
}
value-uniqueness_method-cookie = { $group ->
   *[other] по куки
}
value-uniqueness_method-cookie_and_ip = { $group ->
   *[other] по куки и IP
}
value-landing_type-local = { $group ->
   *[other] локальный
}
value-landing_type-external = { $group ->
   *[other] внешний
}
value-landing_type-preloaded = { $group ->
   *[other] предзагруженный
}
value-landing_type-action = { $group ->
   *[other] действие
}
value-offer_type-local = { $group ->
   *[other] локальный
}
value-offer_type-external = { $group ->
   *[other] внешний
}
value-offer_type-preloaded = { $group ->
   *[other] предзагруженный
}
value-offer_type-action = { $group ->
   *[other] действие
}
value-action_type-http = { $group ->
   *[other] HTTP-редирект
}
value-action_type-local_file = { $group ->
   *[other] локальный файл
}
value-action_type-status404 = { $group ->
   *[other] ответ 404
}
value-action_type-show_text = { $group ->
   *[other] показать текст
}
value-action_type-show_html = { $group ->
   *[other] показать HTML
}
value-action_type-campaign = { $group ->
   *[other] в другую кампанию
}
value-action_type-do_nothing = { $group ->
   *[other] ничего не делать
}
value-action_type-blank_referrer = { $group ->
   *[other] редирект без реферера
}
value-action_type-formsubmit = { $group ->
   *[other] отправка формы
}

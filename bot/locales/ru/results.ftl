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

## digests and alerts
digest-title_day =
    📊 <b>Ежедневная сводка #{ $id }</b> · { $report }
    { $period } ({ $span }, { $zone })
digest-title_week =
    📊 <b>Еженедельная сводка #{ $id }</b> · { $report }
    { $period } ({ $span }, { $zone })
digest-report_campaign = по кампаниям
digest-report_offer = по офферам
digest-report_country = по странам
digest-report_ts = по источникам
digest-report_custom = свой отчёт
digest-period_yesterday = вчера
digest-period_7d = последние 7 дней
digest-period_mtd = с начала месяца
digest-no_data = <i>За этот период трафика нет.</i>
digest-versus =
    к { $span }:
    { $deltas }
digest-chart_title = Клики, конверсии и доход, { $span }
digest-failed = ⚠️ Сводку #{ $id } построить не удалось: { $reason }
digest-list_title = 📬 <b>Сводки этого чата</b>
digest-list_empty = В этом чате пока нет сводок.
digest-item =
    #{ $id } · { $every } в { $at } { $zone } · { $report } · { $period }{ $paused }
    {"   "}следующая: { $next }
digest-every_day = ежедневно
digest-paused = {" "}· ⏸ выкл.
digest-help = Новая: кнопки выше или <code>/digest add ежедневно 09:00 Europe/Moscow кампании вчера</code> (отчёт: кампании, офферы, страны, источники или JSON для report/build; период: вчера, 7д, месяц; <code>еженедельно пн</code> — раз в неделю). <code>/digest now 3</code> — отправить #3 сейчас, <code>/digest off 3</code> — удалить.
digest-ask_report = ➕ <b>Новая сводка</b> · какой отчёт?
digest-ask_period = ➕ <b>Новая сводка</b> · { $report } · за какой период?
digest-ask_every = ➕ <b>Новая сводка</b> · { $report } · { $period } · как часто?
digest-ask_at = ➕ <b>Новая сводка</b> · { $report } · { $period } · { $every } · во сколько?
digest-ask_zone = ➕ <b>Новая сводка</b> · { $report } · { $period } · { $every } в { $at } · в каком часовом поясе?
digest-saved =
    ✅ Сводка #{ $id } сохранена: { $every } в { $at } { $zone }, { $report }, { $period }.
    Следующая: { $next }.
digest-removed = 🗑 Сводка #{ $id } удалена.
digest-not_found = В этом чате нет сводки #{ $id }.
digest-sending = ⏳ Строю сводку #{ $id }…
digest-bad_line =
    ⚠️ { $problem }
    Пример: <code>/digest add daily 09:00 Europe/Berlin campaign yesterday</code>
digest-bad_time = время должно быть в формате ЧЧ:ММ
digest-bad_zone = неизвестный часовой пояс { $zone }
digest-bad_word = не понимаю <code>{ $word }</code>
digest-bad_json = ошибка в JSON отчёта: строка { $line }, столбец { $column }
digest-button_new = ➕ Новая сводка
digest-button_now = 📤 #{ $id } сейчас
digest-unreadable = #{ $id } · ⚠️ не читается (сохранена другой версией?): удалите её и добавьте заново
notify-not_allowed = 🔒 Менять то, что получает групповой чат, могут только редакторы и администраторы.
notify-limit_chat_alerts = ⚠️ В этом чате уже { $count ->
        [one] { $count } оповещение
        [few] { $count } оповещения
       *[many] { $count } оповещений
    } — больше в одном чате нельзя (NOTIFY_MAX_PER_CHAT). Сначала удалите одно: <code>/alerts off &lt;id&gt;</code>.
notify-limit_chat_digests = ⚠️ В этом чате уже { $count ->
        [one] { $count } сводка
        [few] { $count } сводки
       *[many] { $count } сводок
    } — больше в одном чате нельзя (NOTIFY_MAX_PER_CHAT). Сначала удалите одну: <code>/digest off &lt;id&gt;</code>.
notify-limit_user_alerts = ⚠️ У вас во всех чатах уже { $count ->
        [one] { $count } оповещение
        [few] { $count } оповещения
       *[many] { $count } оповещений
    } — больше одному человеку нельзя (NOTIFY_MAX_PER_USER). Сначала удалите одно (/alerts в его чате).
notify-limit_user_digests = ⚠️ У вас во всех чатах уже { $count ->
        [one] { $count } сводка
        [few] { $count } сводки
       *[many] { $count } сводок
    } — больше одному человеку нельзя (NOTIFY_MAX_PER_USER). Сначала удалите одну (/digest в её чате).
notify-group_disabled = 🔒 Эта группа не включена для данных трекера. Администратор может выполнить здесь /enable_chat.
notify-group_enabler_gone = 🔒 Администратор, включивший эту группу, больше не имеет доступа, поэтому данные трекера сюда не попадают. Администратор может снова выполнить здесь /enable_chat.
alert-conversions = 💰 <b>{ $count ->
        [one] { $count } новая конверсия
        [few] { $count } новые конверсии
       *[many] { $count } новых конверсий
    }</b>, доход { $revenue }
alert-more = …и ещё { $count }
alert-spend = ⚠️ <b>{ $campaign }</b> потратила сегодня { $cost } без единой конверсии (порог { $threshold }).
alert-roi = 📉 ROI за последние { $hours } ч — <b>{ $roi }%</b>, ниже { $threshold }%.
alert-clicks = 📉 Клики с { $hour }: <b>{ $current }</b>, а вчера в этот же час — { $before } (−{ $drop }%, порог { $threshold }%).
alert-down = 🔴 <b>Трекер не отвечает</b>: { $reason }
alert-up = 🟢 <b>Трекер снова отвечает.</b>
alerts-list_title = 🔔 <b>Оповещения этого чата</b>
alerts-list_empty = В этом чате пока нет оповещений.
alerts-item_conversions = #{ $id } · новые конверсии{ $filters }{ $paused }
alerts-item_rule = #{ $id } · { $rule }{ $paused }
alerts-rule_spend_no_conversion = кампания потратила больше { $threshold } сегодня без конверсий
alerts-rule_roi_below = ROI ниже { $threshold }% за последние { $hours } ч
alerts-rule_clicks_drop = клики упали больше чем на { $threshold }% к тому же часу вчера
alerts-rule_tracker_down = трекер перестал отвечать (и снова заработал)
alerts-help = Добавить — кнопками или: <code>/alerts add конверсии [sale,lead] [кампания=1,2]</code> · <code>/alerts add расход 50</code> · <code>/alerts add roi -30 0 min=50</code> (0 — сегодня, иначе последние часы) · <code>/alerts add cr 40</code> · <code>/alerts add epc 40</code> · <code>/alerts add стоп 2</code> · <code>/alerts add клики 50</code> · <code>/alerts add недоступен</code>; у правила бывают <code>кампания=1,2</code> и <code>cooldown=60</code> (минуты). <code>/alerts off 3</code> — удалить #3.
alerts-saved = ✅ Оповещение #{ $id } сохранено: { $what }.
alerts-removed = 🗑 Оповещение #{ $id } удалено.
alerts-not_found = В этом чате нет оповещения #{ $id }.
alerts-bad_line =
    ⚠️ { $problem }
    Примеры: <code>/alerts add spend 50</code> · <code>/alerts add conversions sale</code>
alerts-bad_number = <code>{ $word }</code> — не обычное число: укажите, например, 50 или -20
alerts-button_conversions = ➕ Новые конверсии
alerts-button_sales = ➕ Только продажи
alerts-button_down = ➕ Трекер недоступен
alerts-unreadable = #{ $id } · ⚠️ не читается (сохранено другой версией?): удалите его и добавьте заново
digest-every_mon = по понедельникам
digest-every_tue = по вторникам
digest-every_wed = по средам
digest-every_thu = по четвергам
digest-every_fri = по пятницам
digest-every_sat = по субботам
digest-every_sun = по воскресеньям
digest-change_new = новое
digest-bad_period = период сводки — вчера, 7д или месяц (с начала), а не <code>{ $word }</code>
digest-zone_tracker = { $zone } (трекер)
digest-button_list = ◀ Сводки
digest-button_remove_menu = 🗑 Удалить…
digest-button_remove_yes = 🗑 Да, удалить #{ $id }
digest-remove_which = 🗑 <b>Какую сводку удалить?</b>
digest-remove_ask =
    🗑 <b>Удалить сводку #{ $id }?</b>
    { $what }
digest-cancelled = ✖ Отменено: ничего не сохранено и не удалено.
digest-exists = ☑️ Такая сводка в этом чате уже есть: #{ $id }, { $every } в { $at } { $zone }, { $report }, { $period }.
alerts-button_new = ➕ Новое оповещение
alerts-button_list = ◀ Оповещения
alerts-button_remove_menu = 🗑 Удалить…
alerts-button_remove_yes = 🗑 Да, удалить #{ $id }
alerts-new_title = ➕ <b>Новое оповещение</b> · за чем следить?
alerts-remove_which = 🗑 <b>Какое оповещение удалить?</b>
alerts-remove_ask =
    🗑 <b>Удалить оповещение #{ $id }?</b>
    { $what }
alerts-cancelled = ✖ Отменено: ничего не сохранено и не удалено.
alerts-exists = ☑️ Такое оповещение в этом чате уже есть: #{ $id }, { $what }.

## задача 17: сводки и оповещения на паузе
notify-paused_author = {" "}· ⏸ на паузе: у автора ({ $user }) больше нет нужного доступа
notify-paused_chat = {" "}· ⏸ на паузе: включивший группу больше не админ (/enable_chat от админа возобновит)
notify-in_chat = {" "}· чат { $chat }
alerts-paused_elsewhere = {"\u000A"}⏸ <b>На паузе в других чатах</b> (видят только админы; <code>/alerts off &lt;id&gt;</code> удаляет):
digest-paused_elsewhere = {"\u000A"}⏸ <b>На паузе в других чатах</b> (видят только админы; <code>/digest off &lt;id&gt;</code> удаляет):
digest-paused_now = ⏸ Сводка #{ $id } на паузе: у её автора или у включившего группу больше нет нужного доступа. Ничего не отправлено.

## Задача 20: день баера (сводка, карточки с цифрами, отчёты с переходами,
## поиск по названию, оповещения с кнопками)
alert-roi_campaign = 📉 <b>{ $campaign }</b>: ROI за последние { $hours } ч — <b>{ $roi }%</b>, ниже { $threshold }% (потрачено { $cost }).
alert-roi_campaign_today = 📉 <b>{ $campaign }</b>: ROI сегодня — <b>{ $roi }%</b>, ниже { $threshold }% (потрачено { $cost }).
alert-cr_change = 📊 <b>{ $campaign }</b>: CR { $now } до { $until } против { $before } в те же часы неделю назад: <b>{ $change }</b> (порог { $threshold }%).
alert-epc_change = 📊 <b>{ $campaign }</b>: EPC { $now } до { $until } против { $before } в те же часы неделю назад: <b>{ $change }</b> (порог { $threshold }%).
alert-stopped = 🛑 <b>{ $campaign }</b>: нет кликов с { $since } (за сутки до этого было { $before }).
alerts-pause = ⏸ Пауза
alerts-open_today = 📊 Сводка за сегодня
alerts-mute_hour = 🔕 #{ $id } на 1 ч
alerts-mute_day = 🔕 #{ $id } до завтра
alerts-muted = 🔕 Оповещение #{ $id } молчит до { $until } ({ $zone }).
alerts-muted_until = 🔕 до { $until }
alerts-unmute = 🔔 Снова слышать #{ $id }
alerts-unmuted = 🔔 Оповещение #{ $id } снова работает.
alerts-rule_roi_below_today = ROI ниже { $threshold }% сегодня
alerts-rule_after_spend = , после расхода { $min_spend }
alerts-rule_cr_change = CR сдвинулся больше чем на { $threshold }% к тем же часам неделю назад
alerts-rule_epc_change = EPC сдвинулся больше чем на { $threshold }% к тем же часам неделю назад
alerts-rule_clicks_stopped = у кампании нет кликов { $hours } ч
alerts-rule_campaigns = кампании { $ids }
alerts-rule_all_campaigns = все кампании
alerts-rule_cooldown = повтор не раньше чем через { $cooldown }
alerts-today = сегодня
alerts-button_rule_spend = 💸 Расход без конверсий…
alerts-button_rule_roi = 📉 ROI ниже…
alerts-button_rule_cr = 📊 Изменение CR…
alerts-button_rule_epc = 📊 Изменение EPC…
alerts-button_rule_stopped = 🛑 Трафик остановился…
alerts-button_rule_drop = 📉 Падение кликов…
alerts-setup_spend_no_conversion = 💸 <b>Расход без конверсий</b>
alerts-setup_roi_below = 📉 <b>ROI ниже значения</b>, когда кампания потратила минимум
alerts-setup_cr_change = 📊 <b>Изменение CR</b> к тем же часам неделю назад
alerts-setup_epc_change = 📊 <b>Изменение EPC</b> к тем же часам неделю назад
alerts-setup_clicks_stopped = 🛑 <b>Трафик остановился</b>
alerts-setup_clicks_drop = 📉 <b>Падение всех кликов</b>: последний час к тому же часу вчера
alerts-ask_spend_no_conversion_threshold = Напишите расход, до которого кампания может дойти сегодня без конверсий, например <code>30</code>.
alerts-ask_roi_below_threshold = Напишите ROI в %, ниже которого сообщить, например <code>-30</code>.
alerts-ask_roi_below_min_spend = Напишите, сколько кампания должна потратить, чтобы её ROI учитывался, например <code>50</code>.
alerts-ask_cr_change_threshold = Напишите, на сколько % может сдвинуться CR, прежде чем сообщить, например <code>40</code>.
alerts-ask_epc_change_threshold = Напишите, на сколько % может сдвинуться EPC, прежде чем сообщить, например <code>40</code>.
alerts-ask_clicks_drop_threshold = Напишите, на сколько % могут упасть клики, например <code>50</code>.
alerts-setup_summary =
    🔔 <b>Новое оповещение</b>: { $rule }.
    Кампании, пауза между повторами (через сколько снова сообщать о той же кампании) и часы — кнопками; потом ✅ Сохранить.
alerts-button_save = ✅ Сохранить оповещение
alerts-button_campaigns_all = 🎯 Кампании: все
alerts-button_campaigns_some = 🎯 Кампании: выбрано { $count }
alerts-all_campaigns = Все кампании
alerts-pick_campaigns = 🎯 <b>Какие кампании?</b> Нажимайте, чтобы включить или выключить, потом ✔ Готово.
alerts-rule_nothing_asked = Здесь ничего писать не нужно: есть кнопки.
alerts-rule_not_number = Это не число.
alerts-rule_out_of_range = Для этого оповещения число вне допустимых пределов.

## a digest as a rich message: its tables' headers (bot.notify.digest)
digest-col_total = Итого
digest-col_change = к { $span }
digest-col_name = Название
digest-col_totals = Итого

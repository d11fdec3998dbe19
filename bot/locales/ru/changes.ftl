## предпросмотр
preview-title = 📝 <b>Предпросмотр</b>: будет отправлен этот запрос
preview-title_destructive = 🛑 <b>Осторожно</b>: запрос удаляет или заменяет данные
preview-postback = Запрос идёт через постбэк-URL трекера (ключ скрыт).
preview-confirm_hint = Подтвердите отправку или вернитесь, чтобы изменить данные.
preview-confirm_destructive_hint = Прочитайте выше, что удаляется; подтверждайте, только если уверены.

## журнал
audit-no_access = Журнал — для редакторов (их изменения) и админов (все).
audit-usage = Формат: /audit [сколько, до 50] или /audit #id
audit-empty = Журнал пуст: изменений ещё не было.
audit-title = 🧾 <b>{ $count ->
        [1] Последнее изменение
        [one] Последние { $count } изменение
        [few] Последние { $count } изменения
       *[many] Последние { $count } изменений
    }</b>
audit-snapshot = <i>прежнее состояние сохранено</i>
preview-unread = ⚠️ Не удалось сначала прочитать ({ $reason }): изменение показано как отправляемое.
preview-not_read = {" "}<i>(трекер такого поля не показывает: может проигнорировать)</i>
preview-unchanged = { $field }: { $value } <i>(без изменений)</i>
preview-secret = { $field }: { $mask } <i>(меняется, не показывается)</i>
preview-write_only = { $field }: → { $value } <i>(прочитать обратно нельзя)</i>
preview-array = { $field }: { $before } → { $after } шт., отправляется весь список (+ новый, ~ изменён, − удалён):
preview-array_unread = ⚠️ Текущий список прочитать не удалось: всё, чего нет в списке, будет удалено.
preview-goes = 🗑 Удаляется: { $what }
preview-restores = ♻️ Возвращается: { $what } (сейчас { $state })
preview-clones = 📄 Будет создана копия { $what }
preview-state = <b>Состояние</b>: { $before } → <b>{ $after }</b>
preview-state_already = <b>Состояние</b>: уже { $state }: ничего не изменится
preview-ips_new = ➕ Новые в списке ({ $count }): { $ips }
preview-ips_there = = Уже в списке ({ $count }): { $ips }
preview-ips_removed = ➖ Уберутся из списка ({ $count }): { $ips }
preview-ips_absent = = Нет в списке ({ $count }): { $ips }
preview-log_goes = 🗑 Удаляются все строки лога <b>{ $type }</b> (сейчас /logs показывает { $count })
preview-clean_scope = 🗑 Удаляются клики и конверсии: { $campaigns }, период <b>{ $period }</b>
preview-clean_all = <b>все кампании</b>
preview-clean_count = Отчёт насчитывает там { $clicks ->
        [one] <b>{ NUMBER($clicks) }</b> клик
        [few] <b>{ NUMBER($clicks) }</b> клика
       *[many] <b>{ NUMBER($clicks) }</b> кликов
    } ({ $campaigns ->
        [one] { $campaigns } кампания
        [few] { $campaigns } кампании
       *[many] { $campaigns } кампаний
    } с кликами).
preview-clean_unknown = ⚠️ Не удалось прочитать отчёт за этот период ({ $reason }).
preview-retype = Чтобы подтвердить, введите период ещё раз: { $period }
preview-conversion = Конверсия #{ $id }, клик <code>{ $click }</code>:
preview-conversion_new = Новая конверсия для клика <code>{ $click }</code>, статус <b>{ $status }</b>
preview-no_revenue = ⚠️ Доход не передаётся: трекер запишет доход 0.
preview-kept_value = { $value } <i>(сохраняется)</i>
preview-file_new = 📄 Новый пустой файл <code>{ $path }</code>
preview-file_exists = ⚠️ <code>{ $path }</code> уже существует.
preview-file_goes = 🗑 Удаляется файл <code>{ $path }</code> ({ $size ->
        [one] { NUMBER($size) } символ
        [few] { NUMBER($size) } символа
       *[many] { NUMBER($size) } символов
    }; содержимое сохранится в /audit)
preview-file_change = 📄 <code>{ $path }</code>: { NUMBER($before) } → { $after ->
        [one] { NUMBER($after) } символ
        [few] { NUMBER($after) } символа
       *[many] { NUMBER($after) } символов
    }
preview-link = 🔗 Кампания #{ $campaign } будет получать расходы из интеграции #{ $integration }
preview-unlink = ✂️ Кампания #{ $campaign } перестанет получать расходы из интеграции #{ $integration }
preview-in_file = <i>… всё изменение целиком — в файле ниже.</i>
preview-kept = 🧾 Состояние до изменения сохранится в /audit.
preview-changed_since = С момента предпросмотра данные изменились, поэтому ничего не отправлено. Вот как сейчас:
verify-more = … и ещё { $count }
verify-unreadable = Отправлено, трекер ответил OK; прочитать результат обратно бот не может.
verify-read_failed = Отправлено, но прочитать обратно не удалось ({ $reason }): не проверено.
verify-is = { $field }: { $value }
verify-changed = { $field }: { $before } → { $after }
verify-kept = { $field }: трекер оставил { $value }
verify-other = { $field }: отправлено { $sent }, у трекера { $value }
verify-absent = { $field }: нет в ответе трекера, не проверено
verify-secret = { $field }: отправлено (не показывается)
verify-secret_matches = { $field }: изменено (совпадает с отправленным; не показывается)
verify-write_only = { $field }: отправлено (прочитать обратно нельзя)
verify-created = Создано: { $name }
verify-state = Состояние: { $before } → { $after }
verify-state_kept = Состояние по-прежнему { $state }
verify-gone = { $name } удалено
verify-archived = { $name } в архиве
verify-still_there = { $name } по-прежнему на месте ({ $state })
verify-no_array = В ответе трекера нет списка { $field }: не проверено
verify-item_added = Добавлено: { $item } (#{ $id })
verify-item_not_added = Нового элемента нет в списке, который показывает трекер
verify-item_missing = Элемента #{ $id } больше нет в списке
verify-item_removed = Удалено: { $item }
verify-item_still_there = Всё ещё на месте: { $item }
verify-items_kept = В списке { $count } шт., все остальные на месте
verify-items_lost = Пропали другие элементы ({ $count }): { $items }
verify-array_as_sent = Список такой, как отправлен ({ $count } шт.)
verify-array_other = Список не такой, как отправлен (сейчас { $count } шт.)
verify-ips_add = Все отправленные IP в списке (всего { $count })
verify-ips_exclude = Ни одного из отправленных IP в списке нет (осталось { $count })
verify-ips_replace = Список такой, как отправлен ({ $count } IP)
verify-ips_clear = Список пуст
verify-ips_not_as_sent = Не как отправлено: { $ips } (в списке { $count })
verify-log_empty = Лог пуст
verify-log_rows = В логе по-прежнему { $count ->
        [one] { NUMBER($count) } строка
        [few] { NUMBER($count) } строки
       *[many] { NUMBER($count) } строк
    }
verify-file_added = { $path } на месте
verify-file_removed = { $path } удалён
verify-file_there = { $path } всё ещё на месте
verify-file_content = В { $path } отправленное содержимое ({ $size ->
        [one] { NUMBER($size) } символ
        [few] { NUMBER($size) } символа
       *[many] { NUMBER($size) } символов
    })
verify-file_other = В { $path } не то содержимое, что отправлено
verify-linked = Кампания #{ $campaign } привязана
verify-unlinked = Кампания #{ $campaign } отвязана
verify-not_linked = Кампании #{ $campaign } нет среди привязанных
verify-still_linked = Кампания #{ $campaign } всё ещё привязана
verify-clean_done = Отчёт теперь насчитывает там { $clicks ->
        [one] { NUMBER($clicks) } клик
        [few] { NUMBER($clicks) } клика
       *[many] { NUMBER($clicks) } кликов
    }
verify-clean_left = Отчёт по-прежнему насчитывает там { $clicks ->
        [one] { NUMBER($clicks) } клик
        [few] { NUMBER($clicks) } клика
       *[many] { NUMBER($clicks) } кликов
    }
postback-wrong_key = Трекер не принял ключ постбэка: ничего не записано. Проверьте KEITARO_POSTBACK_KEY (Обслуживание → URL постбэка).
postback-no_subid = Трекер не нашёл в постбэке ID клика (<code>subid</code>): ничего не записано.
postback-message = Трекер ответил: «{ $text }». Проверьте /logs get postbacks.
postback-queued = Трекер поставил постбэк в очередь, за { $seconds } с результата не видно. Проверьте позже: { $check } · /logs get postbacks
postback-confirmed = Подтверждено: { $status }, { $money }
postback-revenue_kept = доход { $revenue } сохранён
postback-revenue_changed = доход { $before } → { $after }
postback-revenue_is = доход { $revenue }
postback-created = Подтверждено: конверсия #{ $id }, { $status }, доход { $revenue }
postback-other = У конверсии теперь { $status }, доход { $revenue }: не как отправлено
undo-will = ↩️ Можно будет вернуть как было в течение { $hours } ч (кнопка «Вернуть как было» или /audit).
undo-offered = ↩️ Вернуть как было: кнопка ниже, в течение { $hours } ч (и в /audit).
undo-preview_title = ↩️ <b>Вернуть как было до #{ $id }</b> ({ $who }, { $when })
undo-changed_since = ⚠️ <b>С #{ $id } данные изменились</b>: проверьте, прежде чем возвращать:
undo-changed_field = { $field }: было { $expected }, сейчас { $now }
undo-none-create = Вернуть как было нельзя: чтобы убрать созданное, используйте { $group } delete (или archive).
undo-none-clean = Вернуть как было нельзя: удалённую статистику не вернуть.
undo-none-costs = Вернуть как было нельзя: прежние расходы прочитать нельзя, значит и вернуть.
undo-none-other = Для этой операции возврата нет.
undo-none-user_delete = Вернуть как было нельзя: удалённого пользователя не восстановить (его API-ключи удалены).
undo-none-no_restore = Вернуть как было нельзя: восстановления для этого в боте нет.
undo-none-log_clear = Вернуть как было нельзя: очищенный лог не вернуть.
undo-none-conversion_create = Вернуть как было нельзя: конверсию через API удалить нельзя.
undo-none-transition = Вернуть как было нельзя: вернуть { $current } после { $wanted } трекер не позволяет.
undo-none-file_removed = Вернуть из бота нельзя: содержимое сохранено в /audit, его можно вернуть вручную.
undo-none-secret = Вернуть как было нельзя: изменён секрет, а прежнее значение прочитать нельзя.
undo-none-write_only = Вернуть как было нельзя: отправлено поле только для записи, прежнее значение прочитать нельзя.
undo-none-no_before = Вернуть как было нельзя: состояние до изменения прочитать не удалось.
undo-none-nothing = Вернуть как было нельзя: ничего не изменилось.
undo-none-no_after = Вернуть как было нельзя: результат не удалось прочитать обратно.
undo-none-empty_before = Вернуть как было нельзя: список был пуст, а пустой список API не принимает.
undo-none-disabled = Вернуть как было нельзя: UNDO_HOURS равно 0.
undo-stale-none = Это изменение нельзя вернуть как было.
undo-stale-done = #{ $id } уже возвращено как было (записью #{ $by }).
undo-stale-expired = Срок возврата #{ $id } истёк ({ $hours } ч).
undo-stale-other = Этот возврат принадлежит { $who }: ею может воспользоваться только автор или админ (/audit).
undo-stale-role = Вашей роли ({ $role }) этот возврат недоступен: нужна { $needed }.
audit-not_found = В журнале нет записи #{ $id }.
audit-hint = <i>/audit #12 — запись #12 с сохранённым состоянием.</i>
audit-before = было: { $fields }
audit-can_undo = ↩️ Вернуть как было можно до { $until } UTC
audit-undone = ↩️ возвращено записью #{ $id }
audit-undo_of = ↩️ Возврат #{ $id }.
audit-undo_expired = ↩️ срок возврата истёк
audit-no_undo = возврата нет: { $why }
audit-why-create = создание
audit-why-clean = удалена статистика
audit-why-costs = расходы
audit-why-other = нечего возвращать
audit-why-user_delete = удалён пользователь
audit-why-no_restore = нет восстановления
audit-why-log_clear = очищен лог
audit-why-conversion_create = новая конверсия
audit-why-transition = трекер не вернёт статус
audit-why-file_removed = файл удалён (содержимое сохранено)
audit-why-secret = изменён секрет
audit-why-write_only = поле только для записи
audit-why-no_before = прежнее состояние не прочитано
audit-why-nothing = ничего не изменилось
audit-why-no_after = результат не прочитан
audit-why-empty_before = список был пуст
audit-why-disabled = UNDO_HOURS равно 0
audit-sent = Отправлено:
audit-state_before = Состояние до:
audit-no_state_before = <i>Состояние до не сохранено (для этой операции читать нечего).</i>
audit-state_after = Прочитано после:

## what a change is made to, in a preview (bot.changes): a postback edit changes a campaign
target-blacklist = Метки
target-bots = Список IP ботов
target-campaigns = Кампания
target-clicks = Статистика
target-conversions = Конверсия
target-domains = Домен
target-filters = Поток
target-groups = Группа
target-landings = Лендинг
target-logs = Лог
target-networks = Партнёрская сеть
target-offers = Оффер
target-postbacks = Кампания
target-reports = Отчёт
target-settings = Интеграция
target-sources = Источник трафика
target-streams = Поток
target-users = Пользователь

## задача 16: виды изменений, побочные эффекты, маски
side-domains_default = Домены, у которых она перестанет быть кампанией по умолчанию: { $names }
side-stream_offers = Офферы, которые уберёт схема потока: { $names }
side-stream_landings = Лендинги, которые уберёт схема потока: { $names }
side-stream_filters = Фильтры будут убраны (у потока по умолчанию их нет): { $names }
side-stream_triggers = Триггеры будут убраны (у потока по умолчанию их нет): { $names }
side-files = Все локальные файлы заменятся файлами архива (прежние сохраняются для возврата): { $names }
side-parameters = Параметры заменяются целиком: эти ключи пропадут: { $names }
side-removed_offers = Офферы, которые уйдут из потока: { $names }
side-removed_landings = Лендинги, которые уйдут из потока: { $names }
side-removed_filters = Фильтры, которые будут удалены: { $names }
side-removed_triggers = Триггеры, которые будут удалены: { $names }
side-removed_postbacks = S2S-постбеки, которые будут удалены: { $names }
side-botlist_empty = Из списка уйдут все IP: он станет пустым ({ $count } IP)
side-file_overwrite = { $names } уже есть: создание очистит его (это перезапись; содержимое сохраняется для возврата)
preview-file_emptied = ⚠️ <code>{ $path }</code> уже есть ({ $size ->
        [one] { NUMBER($size) } символ
        [few] { NUMBER($size) } символа
       *[many] { NUMBER($size) } символов
    }): он будет очищен
preview-conversion_changes = ⚠️ У клика <code>{ $click }</code> уже есть конверсия #{ $id } с этим ID транзакции ({ $tid }): трекер <b>изменит её</b>, а не добавит новую:
preview-conversion_others = У клика есть другие конверсии ({ $count }: { $ids }); эта будет отдельной: её ID транзакции другой.
preview-conversion_separate = Чтобы добавить отдельную конверсию, отправьте её с новым ID транзакции: { $line }
verify-emptied = { $field }: теперь пусто, как и говорил предпросмотр
verify-not_emptied = { $field }: всё ещё { $count } шт.
verify-files = Локальные файлы — из архива ({ $count })
verify-files_other = Локальные файлы не совпадают с архивом или не читаются
verify-domains_cleared = Домены больше не ведут на неё по умолчанию: { $names }
verify-domains_kept = Домены всё ещё ведут на неё по умолчанию: { $names }
verify-domains_unread = Домены не удалось прочитать: их кампания по умолчанию не проверена
verify-archived_hidden = { $name } в архиве (трекер больше её не показывает)
undo-gaps = ↩️ Не вернуть поля { $fields }: трекер никогда не показывает их значения, бот не может их знать.
undo-also = Затем возвращается то, что изменение сделало попутно:
audit-related = Что затронули побочные эффекты, до изменения:

## what a journal entry did, after its entity's name (bot/changes/audit_view.py); $group: whose
audit-did-create = { $group ->
    [campaigns] создана
    [conversions] создана
    [groups] создана
    [networks] создана
    [settings] создана
    [clicks] создана
    [blacklist] созданы
   *[other] создан
}
audit-did-clone = { $group ->
    [campaigns] скопирована
    [conversions] скопирована
    [groups] скопирована
    [networks] скопирована
    [settings] скопирована
    [clicks] скопирована
    [blacklist] скопированы
   *[other] скопирован
}
audit-did-update = { $group ->
    [campaigns] изменена
    [conversions] изменена
    [groups] изменена
    [networks] изменена
    [settings] изменена
    [clicks] изменена
    [blacklist] изменены
   *[other] изменён
}
audit-did-enable = { $group ->
    [campaigns] включена
    [conversions] включена
    [groups] включена
    [networks] включена
    [settings] включена
    [clicks] включена
    [blacklist] включены
   *[other] включён
}
audit-did-disable = { $group ->
    [campaigns] остановлена
    [conversions] остановлена
    [groups] остановлена
    [networks] остановлена
    [settings] остановлена
    [clicks] остановлена
    [blacklist] остановлены
   *[other] остановлен
}
audit-did-archive = { $group ->
   *[other] в архиве
}
audit-did-delete = { $group ->
    [campaigns] удалена
    [conversions] удалена
    [groups] удалена
    [networks] удалена
    [settings] удалена
    [clicks] удалена
    [blacklist] удалены
   *[other] удалён
}
audit-did-restore = { $group ->
    [campaigns] восстановлена
    [conversions] восстановлена
    [groups] восстановлена
    [networks] восстановлена
    [settings] восстановлена
    [clicks] восстановлена
    [blacklist] восстановлены
   *[other] восстановлен
}
button-audit_entry = 🧾 #{ $id }

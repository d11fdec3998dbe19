## вопросы
ask-id = Пришлите ID
ask-int = Пришлите число
ask-text = Пришлите текст
ask-enum = Выберите вариант
ask-json = Пришлите данные в формате JSON
ask-range = Выберите период
ask-ips = Пришлите IP-адреса или диапазоны
ask-path = Пришлите путь к файлу
hint-id = Целое положительное число.
hint-int = Целое число, 0 или больше.
hint-text = {""}
hint-enum = Нажмите кнопку или напишите одно из значений.
hint-range = Нажмите кнопку или напишите период (<code>вчера</code>, <code>прошлая неделя</code>) или даты так: <code>2026-11-01..2026-11-07</code>.
hint-ips = IPv4/IPv6 или CIDR через пробел, запятую или с новой строки.
hint-path = Относительно папки, например <code>css/style.css</code>: без <code>..</code> и без <code>/</code> в начале.
hint-json = JSON-объект; меняются только присланные поля.
hint-json_array = JSON-массив; он заменит весь список.
hint-json_required = Обязательные поля: { $fields }.
hint-json_default = Или нажмите «По умолчанию».
hint-example = Пример:
hint-pick = Или выберите ниже:
hint-pick_failed = (Не удалось загрузить список для выбора: { $reason })
hint-optional = Необязательно: нажмите «Пропустить».
hint-cancel = <i>/cancel — прервать.</i>
range-today = Сегодня
range-yesterday = Вчера
range-7d = 7 дней
range-30d = 30 дней
range-month = Этот месяц

## непригодные ответы
input-invalid = Этот ответ не подходит.
input-id_empty = Пришлите число.
input-id_not_number = <code>{ $value }</code> — не число: пришлите целое положительное число.
input-id_too_big = Слишком большое число (максимум { $max }).
input-id_not_positive = ID должен быть больше нуля (получено { $value }).
input-json_empty = Пришлите данные в JSON.
input-json_too_long = JSON слишком длинный (максимум 100 000 символов).
input-json_syntax = Ошибка в JSON: строка { $line }, столбец { $column }: { $reason }.
input-json_too_deep = Слишком глубокая вложенность JSON (максимум { $max ->
        [one] { $max } уровень
        [few] { $max } уровня
       *[many] { $max } уровней
    }).
input-json_value = <code>{ $value }</code> нельзя отправить: в JSON нет такого значения. Используйте обычное число или текст.
input-json_not_array = Пришлите JSON-массив: <code>[ … ]</code>.
input-json_not_object = Пришлите JSON-объект: <code>{"{"} … {"}"}</code>.
input-field_unknown = Неизвестное поле <code>{ $field }</code>: может быть, <code>{ $closest }</code>?
input-field_unknown_list = Неизвестное поле <code>{ $field }</code>. Эта операция принимает: { $allowed }.
input-field_not_text = <code>{ $field }</code>: нужен текст, а не <code>{ $value }</code>.
input-field_not_int = <code>{ $field }</code>: нужно целое число, а не <code>{ $value }</code>.
input-field_not_number = <code>{ $field }</code>: нужно число (например, 19.22), а не <code>{ $value }</code>.
input-field_not_bool = <code>{ $field }</code>: нужно <code>true</code> или <code>false</code>, а не <code>{ $value }</code>.
input-field_not_id = <code>{ $field }</code>: нужен ID (целое число), а не <code>{ $value }</code>.
input-field_not_list = <code>{ $field }</code>: нужен список <code>[ … ]</code>.
input-field_not_object = <code>{ $field }</code>: нужен объект <code>{"{"} … {"}"}</code>.
input-field_choice = <code>{ $value }</code> не подходит для <code>{ $field }</code>: может быть, <code>{ $closest }</code>? Допустимо: { $choices }.
input-field_choice_list = <code>{ $value }</code> не подходит для <code>{ $field }</code>. Допустимо: { $choices }.
input-field_too_long = <code>{ $field }</code>: слишком длинно (не больше { $max ->
        [one] { NUMBER($max) } символа
        [few] { NUMBER($max) } символов
       *[many] { NUMBER($max) } символов
    }).
input-field_below = <code>{ $field }</code>: не меньше { $min }.
input-field_above = <code>{ $field }</code>: не больше { $max }.
input-json_missing = Не хватает обязательных полей: <code>{ $fields }</code>.
input-range_format = Пришлите период, например <code>вчера</code>, <code>7д</code>, <code>прошлая неделя</code>, <code>прошлый месяц</code> или <code>2026-11-01..2026-11-07</code>, либо нажмите кнопку.
input-range_bad_date = Такой даты нет; формат ГГГГ-ММ-ДД.
input-range_reversed = Период начинается ({ $start }) позже, чем заканчивается ({ $end }).
input-range_too_long = Слишком длинный период (не больше 10 лет).
input-ips_empty = Пришлите хотя бы один IP-адрес.
input-ips_too_many = Слишком много адресов за раз (не больше { $max }).
input-ips_invalid = <code>{ $value }</code> — не IP-адрес и не диапазон.
input-text_empty = Пришлите текст.
input-text_too_long = Слишком длинно (не больше { $max ->
        [one] { NUMBER($max) } символа
        [few] { NUMBER($max) } символов
       *[many] { NUMBER($max) } символов
    }).
input-text_control = В тексте есть управляющие символы; пришлите обычный текст.
input-path_empty = Пришлите путь к файлу.
input-path_too_long = Путь слишком длинный (не больше { $max ->
        [one] { NUMBER($max) } символа
        [few] { NUMBER($max) } символов
       *[many] { NUMBER($max) } символов
    }).
input-path_control = В пути есть управляющие символы; пришлите обычный путь.
input-path_backslash = Разделяйте папки знаком <code>/</code>, а не обратной чертой.
input-path_absolute = <code>{ $value }</code> — не относительный путь: укажите путь внутри папки, без <code>/</code>, <code>~</code> или диска в начале.
input-path_encoded = В <code>{ $value }</code> есть %-кодированные символы; напишите их как есть.
input-path_parent = Путь не может подниматься выше через <code>..</code>: укажите путь внутри папки.
input-path_segment = В <code>{ $value }</code> есть пустая часть или <code>.</code>; пишите так: <code>css/style.css</code>.
input-url_too_long = Не отправлено: получился бы URL в { $size ->
        [one] { NUMBER($size) } байт
        [few] { NUMBER($size) } байта
       *[many] { NUMBER($size) } байт
    } (API передаёт этот текст в URL), а веб-серверы перед трекерами отклоняют URL длиннее ~8 КБ (здесь не больше { $max ->
        [one] { NUMBER($max) } байта
        [few] { NUMBER($max) } байт
       *[many] { NUMBER($max) } байт
    }). Пришлите текст короче или правьте большой файл во встроенном редакторе трекера.
input-enum_unknown = Выберите одно из: { $choices }.
input-param_missing = <b>{ $name }</b> — обязательный параметр.
input-postback_unknown_field = Неизвестное поле <b>{ $field }</b>. Допустимые: { $allowed }.
input-postback_not_scalar = <b>{ $field }</b> должно быть одним значением, не списком и не объектом.
input-postback_status = <code>{ $value }</code> — не статус (например, lead, sale, rejected).
input-postback_currency = <code>{ $value }</code> — не код валюты (например, USD).
input-postback_number = <b>{ $field }</b> должно быть числом, а не <code>{ $value }</code>.
input-postback_key_missing = Конверсии создаются через постбэк-URL трекера, а KEITARO_POSTBACK_KEY не задан. Попросите администратора бота его указать.
input-conversion_click_mismatch = Конверсия { $id } относится к клику <code>{ $owner }</code>, а не <code>{ $click }</code>.
input-too_many_args = Лишнее в строке: <code>{ $extra }</code>.
input-conversion_status_mapped = Трекер запишет <code>{ $value }</code> как <b>{ $becomes }</b>. Отправьте один из: { $offered }.
input-conversion_transition = Трекер не допускает { $current } → { $wanted } (можно лид → продажа, лид → отказ, продажа → отказ, ребилл → отказ). Ничего не отправлено.
input-conversion_unread = Конверсию { $id } прочитать не удалось ({ $reason }), поэтому её доход не сохранить. Ничего не отправлено.
input-rmw_unread = Список прочитать не удалось ({ $reason }). Ничего не отправлено.
input-array_missing = В ответе трекера нет списка <code>{ $field }</code>: бот не может узнать, что в нём. Ничего не записано: запись списка обратно удалила бы все его элементы. Проверьте его в трекере.
input-item_not_found = В <b>{ $field }</b> нет элемента #{ $id }.
input-undo_taken = Запись #{ $entry } уже возвращена как было. Ничего не отправлено.
range-week = Эта неделя
range-last_week = Прошлая неделя
range-last_month = Прошлый месяц
json_reason-value = ожидалось значение: число, <code>"текст"</code> в двойных кавычках, <code>true</code>, <code>false</code>, <code>null</code>, <code>{"{"}…{"}"}</code> или <code>[…]</code>
json_reason-property_name = ожидалось имя поля в прямых двойных кавычках (фигурные “ ” с телефона не подходят)
json_reason-comma = между элементами нужна запятая
json_reason-colon = после имени поля нужно двоеточие
json_reason-unterminated = текст не закрыт двойной кавычкой
json_reason-control = перевод строки или табуляция внутри текста (пишите <code>\n</code>)
json_reason-escape = обратная черта начинает неизвестную последовательность
json_reason-extra = после конца JSON есть что-то ещё
json_reason-trailing_comma = запятая перед закрывающей скобкой
json_reason-other = здесь это не JSON

## forms (bot/flow/form.py)
form-menu = Нажмите поле, чтобы заполнить его, или ✅ Проверить.
form-menu_run = Нажмите поле, чтобы заполнить его, или ✅ Показать.
form-menu_defaults = Нажмите поле, чтобы заполнить его, или ⏭ По умолчанию.
form-menu_fields = Нажмите поле, чтобы заполнить его.
form-edit_pick = Что изменить? Нажмите поле.
form-json_too = <i>Или напишите пары</i> <code>поле=значение</code> <i>либо JSON.</i>
form-field = <b>{ $field }</b>
form-now = Сейчас: <code>{ $value }</code>
form-hint-choice = Нажмите значение.
form-hint-ref = Нажмите нужное или напишите его id.
form-hint-toggle = Нажимайте, чтобы включить или выключить, затем ✔ Готово. Включены: { $picked }
form-hint-json = Напишите значение в формате JSON.
form-hint-other = Или напишите другое значение, известное трекеру.
form-hint-str = Напишите значение.
form-hint-text = Напишите текст.
form-hint-url = Напишите URL (макросы вроде {"{"}subid{"}"} сохраняются).
form-hint-int = Напишите целое число.
form-hint-num = Напишите число, например 19.5.
form-hint-tags = Напишите значения через запятую.
form-hint-ids = Напишите id через запятую.
form-preview = ✅ Проверить
form-run = ✅ Показать
form-done = ✔ Готово
form-pick_one = Включите хотя бы одно.
form-shares_total = Всего: { $total } %
form-shares_not_100 = (нужно 100 %)
form-shares_not_100_alert = Сумма долей { $total } %: нужно 100 % (⚖ Поровну делит их).
form-shares_hint = ±10 к доле, 🗑 убирает, ➕ добавляет, ⚖ делит поровну; ✔ Готово при 100 %.
form-shares_add = Нажмите, что добавить.
form-shares_add_button = ➕ Добавить
form-shares_even = ⚖ Поровну

## задача 16: виды изменений, побочные эффекты, маски
input-mask_in_write = Не отправлено: в <code>{ $field }</code> маска ••••, которая лишь заменяет скрытое значение. Пришлите настоящее значение (или не указывайте поле).

## Задача 20: день баера (сводка, карточки с цифрами, отчёты с переходами,
## поиск по названию, оповещения с кнопками)
hint-pick_scope = Сначала выберите в разделе { $what }, потом нужное; или напишите слова из названия:
hint-pick_found = 🔎 «{ $words }»: найдено { $count }.
hint-pick_none = 🔎 Здесь ничего не называется «{ $words }»: напишите другие слова или ID.
hint-pick_words = <i>Слова из названия сузят список.</i>

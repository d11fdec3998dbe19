## issue 19: редактор фильтров (фильтры потока из словаря трекера) и что может редактор
## во встроенных редакторах бота

form-shares_role = 🔒 Как редактор вы меняете доли и добавляете; убрать оффер, который уже есть в потоке, может только админ (поставьте ему долю 0).
form-shares_role_alert = 🔒 Убрать его из потока может только админ. Поставьте ему долю 0: трафик на него так же перестанет идти.

fedit-unread = Не удалось прочитать поток: его фильтры сейчас не изменить.
fedit-gone = Этого фильтра у потока уже нет.
fedit-no_dictionary = Трекер не отдал список фильтров (GET /stream_filters). Напишите фильтр в JSON.
fedit-pick_group = Какой фильтр? ⭐ — частые, ниже группы трекера; или напишите название (страна, IP, sub_id_1…).
fedit-pick_filter = { $group }: нажмите фильтр.
fedit-pick_found = Нажмите фильтр.
fedit-unknown = Фильтра «{ $text }» нет. Нажмите нужный или напишите другое название.
fedit-tap = Нажмите одну из кнопок.
fedit-pick_mode = { $filter }: каких посетителей берёт поток?
fedit-mode_button-accept = ✅ Только этих
fedit-mode_button-reject = 🚫 Всех, кроме этих
fedit-picked = Выбрано: { $values }
fedit-found = Найдено по «{ $text }»: { $count }. Нажмите, чтобы выбрать.
fedit-not_found = Не найдено: { $values }. Выберите из списка или напишите код или название.
fedit-value_list = Нажмите, чтобы выбрать (ещё раз — убрать), или напишите коды или названия через запятую: DE, AT или герм.
fedit-value_text = Напишите значения, по одному в строке или через запятую (IP, диапазоны, значения sub_id, регулярное выражение).
fedit-value_bool = Да или нет?
fedit-value_object = Его настройки — объект: напишите их в JSON, например { $example }
fedit-bad_json = Это не JSON-объект.
fedit-pick_one = Выберите хотя бы одно значение.
fedit-done = ✔ Готово ({ $count })
fedit-all = ✖ Весь список
fedit-exists = У потока уже есть такой фильтр: { $now }. Два фильтра одного вида должны совпасть оба, и трафик обычно пропадает.
fedit-how_default = Добавить { $values } в него (обычно так) или заменить его?
fedit-how_modes = Он работает наоборот: заменить его или оставить оба?
fedit-how_same = Заменить его или оставить оба?
fedit-how_merge = ➕ Добавить { $values } в фильтр { $filter }
fedit-how_replace = ♻️ Заменить его
fedit-how_both = ➕ Оставить оба (совпасть должны оба)

filter-mode-accept = принимать
filter-mode-reject = исключать

filter-group-geo = 🌍 География
filter-group-network = 📶 Сеть
filter-group-device = 📱 Устройство
filter-group-traffic = 🚦 Трафик
filter-group-time = 🕓 Время
filter-group-other = ⚙️ Другое
filter-group-parameters = 🏷 Параметры

filter-type-country = Страна
filter-type-region = Регион
filter-type-city = Город
filter-type-language = Язык браузера
filter-type-ip = IP-адрес
filter-type-isp = Провайдер
filter-type-operator = Мобильный оператор
filter-type-connection_type = Тип подключения
filter-type-proxy = Прокси
filter-type-os = Операционная система
filter-type-os_version = Версия ОС
filter-type-browser = Браузер
filter-type-browser_version = Версия браузера
filter-type-device_type = Тип устройства
filter-type-device_model = Модель устройства
filter-type-user_agent = User agent
filter-type-bot = Бот
filter-type-referrer = Реферер
filter-type-empty_referrer = Пустой реферер
filter-type-keyword = Ключевое слово
filter-type-search_engine = Поисковик
filter-type-source = Источник
filter-type-uniqueness = Уникальность
filter-type-schedule = Расписание
filter-type-interval = Период дат
filter-type-limit = Лимит кликов
filter-type-parameter = Параметр
filter-type-sub_id = Sub ID { $n }

filter-value-desktop = Компьютер
filter-value-smartphone = Смартфон
filter-value-tablet = Планшет
filter-value-phablet = Фаблет
filter-value-feature_phone = Кнопочный телефон
filter-value-tv = Телевизор
filter-value-console = Приставка
filter-value-wearable = Носимое устройство

fedit-add_button = ➕ Добавить фильтр
quick-filters-list = 🧰 Фильтры
fedit-default_stream = У потока по умолчанию фильтров не бывает: трекер очищает их при каждом сохранении. Выберите другой поток.

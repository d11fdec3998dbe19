## ошибки
error-invalid_input = Запрос составлен неверно.
error-not_configured = Бот не настроен для этого.
error-bad_request = Трекер отклонил запрос как некорректный.
error-no_route = Трекер не знает такого метода API.
error-unauthorized = Трекер не принял API-ключ.
error-edition = В этой редакции трекера нет Admin API.
error-tracker_failed = Трекер не смог обработать запрос.
error-forbidden = У пользователя API-ключа нет прав на это.
error-blocked = Запрос заблокировал фаервол перед трекером (например, Cloudflare).
error-not_found = В трекере нет такого объекта.
error-validation = Трекер не принял данные:
error-rate_limited = Трекер просит не спешить (слишком много запросов).
error-server_error = Внутренняя ошибка трекера.
error-http_error = Трекер ответил неожиданной ошибкой.
error-bad_response = Ответ трекера не похож на ответ API.
error-too_large = Ответ трекера слишком велик, бот не стал читать его целиком.
error-timeout = Трекер не ответил вовремя.
error-connection_refused = Трекер отклонил соединение.
error-dns_failure = Адрес трекера не находится в DNS.
error-connection_error = Соединение с трекером оборвалось.
error-tls_error = Защищённое (TLS) соединение с трекером не удалось.
error-proxy_error = Прокси между ботом и трекером не сработал.
error-redirect = Трекер ответил перенаправлением, а не ответом API.
error-invalid_url = Адрес трекера — не корректный URL.
error-missing_array = В ответе трекера нет списка <code>{ $field }</code>: бот не может узнать, что в нём. Ничего не записано.
error-busy = Этот список сейчас меняет кто-то другой (другой человек или процесс бота). Ничего не отправлено.
error-changed = Список изменился после предпросмотра (<code>{ $field }</code>). Ничего не отправлено.
error-conflict = Список изменился во время записи: <code>{ $field }</code> не совпадает с тем, что записал бот.
error-internal = ⚠️ Что-то пошло не так на стороне бота. Если это было изменение, проверьте /audit, прежде чем повторять; /cancel — начать заново.
error-internal_tracker = ⚠️ Запрос к трекеру неожиданно не удался. Если это было изменение, проверьте /audit, прежде чем повторять.
error-uncertain = ❓ Запрос мог дойти до трекера: проверьте результат, прежде чем повторять.
advice-invalid_input = Исправьте данные и попробуйте снова.
advice-not_configured = Попросите администратора бота настроить это (README, настройки).
advice-bad_request = Сверьте данные с примером и попробуйте снова.
advice-no_route = Возможно, версия трекера старее или новее; сообщите администратору бота.
advice-unauthorized = Проверьте KEITARO_API_KEY (Обслуживание → Пользователи → API-ключи).
advice-edition = Admin API есть в редакциях Expert/Team/Enterprise.
advice-tracker_failed = Проверьте данные; подробности в трекере: Обслуживание → Логи.
advice-forbidden = Используйте ключ администратора или попросите права в Keitaro.
advice-blocked = Разрешите IP или User-Agent бота в фаерволе.
advice-not_found = Проверьте ID: { $group } покажет, что есть.
advice-validation = Исправьте поля выше и пришлите данные снова.
advice-rate_limited = Подождите минуту и попробуйте снова.
advice-server_error = Попробуйте через минуту; смотрите Обслуживание → Логи в трекере.
advice-http_error = Попробуйте позже или сообщите администратору бота.
advice-bad_response = Проверьте KEITARO_URL: это должен быть адрес трекера.
advice-too_large = Запросите меньше строк или колонок либо период короче; для логов кликов и конверсий 📥 «Все строки» пришлёт каждую строку файлами CSV.
advice-timeout = Попробуйте через минуту; отчёт за меньший период строится быстрее.
advice-connection_refused = Трекер работает? Проверьте KEITARO_URL и порт.
advice-dns_failure = Проверьте имя хоста в KEITARO_URL.
advice-connection_error = Попробуйте через минуту.
advice-tls_error = Обновите или исправьте HTTPS-сертификат трекера, либо проверьте хост в KEITARO_URL.
advice-proxy_error = Проверьте адрес и данные входа прокси или спросите админа бота.
advice-redirect = Укажите в KEITARO_URL адрес, на который перенаправляет трекер (http/https, хост).
advice-invalid_url = Исправьте KEITARO_URL: например, https://tracker.example.com
advice-missing_array = Запись списка обратно удалила бы все его элементы. Проверьте его в трекере; если повторяется, сообщите администратору бота (возможно, другая версия трекера).
advice-busy = Попробуйте через минуту.
advice-changed = Посмотрите список, каким он стал, и повторите изменение.
advice-conflict = Возможно, его правили одновременно с вами. Посмотрите список сейчас ({ $group }) и повторите изменение, если его нет.
conflict-missing = • Пропали, хотя были: { $items }
conflict-kept = • Остался, хотя удалён: { $item }
conflict-unlike = • Не такой, как отправлен: { $item }
conflict-unlike_new = • Нового элемента нет в том виде, как он отправлен

## собственные пояснения бота к ошибке (bot/keitaro/errors.py, client.py, rmw.py): в конверте,
## журнале и логах остаются по-английски, человеку — на его языке

detail-timeout = нет ответа за { $seconds } с
detail-invalid_url = по адресу трекера нельзя обратиться (проверьте KEITARO_URL)
detail-dns = имя хоста трекера не находится
detail-proxy_unreachable = не удаётся подключиться к прокси
detail-proxy_refused = прокси отклонил соединение (HTTP { $status })
detail-tls_untrusted = TLS-сертификату трекера нет доверия (истёк, самоподписан или выдан другому хосту)
detail-tls_handshake = TLS-рукопожатие не удалось
detail-tls_broken = TLS-соединение оборвалось
detail-refused = в соединении отказано
detail-unreachable = не удаётся подключиться к трекеру
detail-redirect_loop = трекер перенаправляет по кругу (проверьте KEITARO_URL)
detail-closed = трекер закрыл соединение, не ответив
detail-connection_failed = соединение не удалось ({ $name })
detail-redirect = HTTP { $status }: трекер перенаправляет вместо ответа (проверьте KEITARO_URL: http или https, хост, путь)
detail-redirect_to = HTTP { $status }: трекер перенаправляет на { $where } вместо ответа (проверьте KEITARO_URL: http или https, хост, путь)
detail-html_page = трекер ответил HTML-страницей ({ $page }), а не JSON: возможно, адрес ведёт в админку, а не в API
detail-not_json = ответ трекера — не JSON
detail-too_large = ответ трекера больше { $mb } МБ: бот перестал его читать (KEITARO_MAX_ANSWER_MB)
detail-not_found = { $what ->
        [conversion] конверсия { $id } не найдена
       *[other] ID { $id } не найден
    }
detail-item_not_found = { $what ->
        [postback] постбэка { $id } нет в { $path }
        [filter] фильтра { $id } нет в { $path }
       *[other] элемента { $id } нет в { $path }
    }
detail-group_not_found = группы типа { $type } с ID { $id } нет

## задача 16: виды изменений, побочные эффекты, маски
error-tracker_said = Трекер отклонил запрос, его словами:

## доступ
access-refused =
    ⛔ Извините, этот бот управляет закрытым трекером Keitaro, и вас нет в списке.
    Ваш Telegram ID: <code>{ $user_id }</code> — отправьте его администратору, если доступ вам нужен.
access-refused_short = ⛔ Нет доступа. Ваш ID: { $user_id }
access-role = 🔒 <b>{ $action }</b> недоступно для вашей роли ({ $role }): нужна роль { $needed }. В трекер ничего не отправлено.
access-because = • { $reason }

## меню и справка
menu-groups =
    👋 Привет, { $name }! Роль: <b>{ $role }</b>.
    Выберите, чем управлять:
menu-group =
    <b>{ $group }</b>
    Выберите операцию (✏️ меняет данные, ⚠️ удаляет или заменяет):
command-unknown_op =
    🤔 В <code>{ $group }</code> нет операции <code>{ $op }</code>. Доступные:
    { $ops }

## кнопки
button-back = ◀ Назад
button-cancel = ✖ Отмена
button-skip = ⏭ Пропустить
button-defaults = ⏭ По умолчанию
button-groups = ☰ Все группы
button-export_all = 📥 Все строки (CSV)
button-menu = ☰ Меню
button-confirm = ✅ Подтвердить: { $action }
button-confirm_destructive = ⚠️ Да, { $action }

## сценарий
flow-step = шаг { $n } из { $total }
flow-none = Сейчас нет начатой операции. /menu — начать.
flow-expired = ⌛ Операция истекла: ответа не было { $after }, введённое для неё удалено. В трекер ничего не отправлено. Начните заново: /menu
flow-stale = Эта кнопка из старого сообщения и больше ничего не делает.
flow-cancelled = ✖ Отменено. В трекер ничего не отправлено. /menu
flow-nothing_to_cancel = Отменять нечего. /menu
flow-sending = ⏳ Отправляю в трекер…
flow-building = ⏳ Строю отчёт… это может занять несколько секунд.
flow-loading = ⏳ Загружаю… это может занять несколько секунд.
flow-text_please = Ответьте текстом (или /cancel).
flow-confirm_please = Нажмите «Подтвердить» или «Отмена» под предпросмотром (или /cancel).
flow-unknown = Не понял. /menu — всё, что я умею, /help — список команд.
note-groups_domains = Группы доменов есть только в новых версиях Keitaro; похоже, в этом трекере их нет. Выберите <code>campaigns</code>, <code>offers</code> или <code>landings</code>.
button-request = ℹ️ Запрос
value-yes = да
value-no = нет
chat-enabled = ✅ Теперь эта группа может получать данные трекера: команды, сводки и оповещения. /disable_chat — выключить.
chat-disabled = ⏹ Эта группа больше не получает данные трекера; её сводки и оповещения выключены.
chat-admins_only = Включать и выключать группы могут только администраторы.
chat-private_only = Это личный чат: в нём данные доступны всегда. Используйте команду в группе.
chat-reply_hint = <i>В группе ответьте на это сообщение: «Ответить» в его меню.</i>
flow-retype_wrong = Это не тот период. Введите { $period } в точности или нажмите «Отмена».
button-undo = ↩️ Вернуть как было
button-undo_entry = ↩️ Вернуть #{ $id }
button-confirm_undo = ↩️ Вернуть как было

## -- issue 12: навигация, /lang, меню сводок и оповещений, русский везде --
help-index =
    ℹ️ <b>Keitaro-бот</b> · /menu — все группы кнопками. Нажмите группу ниже, чтобы увидеть её команды.

    /today — деньги за день одним взглядом, кто теряет и кто приносит больше всех
    <code>/find keto</code> — кампании, офферы, лендинги, потоки, источники по названию

    <b>Для команды</b>
    /digest — сводки по расписанию
    /alerts — конверсии и пороги
    /audit — последние изменения, сохранённое состояние, ↩️ возврат как было (свои — редакторам, все — админам)
    /lang — русский или английский
    /cancel — выйти из любого шага

    Можно и одной строкой: <code>/reports by_offer 7д кампания=2</code>; чего не хватит — спрошу.
help-group =
    <b>{ $title }</b> · /{ $command }
    { $description }
help-periods = Периоды: сегодня, вчера, 7д, 30д, неделя, прошлая неделя, месяц, прошлый месяц или <code>2026-11-01..2026-11-07</code>.
help-marks = <i>✏️ меняет данные · ⚠️ удаляет или заменяет · 🔒 не для вашей роли</i>
help-back = ◀ Справка
help-button = ℹ️ Справка
command-unknown = 🤔 Команды { $command } у меня нет. /help — что я умею.
command-did_you_mean = 🤔 Команды { $command } у меня нет. Может быть, { $commands }?
command-did_you_mean_word = 🤔 Может быть, { $commands }?
command-did_you_mean_op = 🤔 В <code>{ $group }</code> нет операции <code>{ $op }</code>. Может быть, { $ops }?
command-ignored = ℹ️ Пропускаю <code>{ $extra }</code>: это не подходит ни к одной части <code>{ $usage }</code>.
lang-current = 🌐 Язык: русский. Выберите:
lang-auto_button = 🔄 Как в Telegram
lang-set = ✅ Буду говорить по-русски. /menu
lang-auto = ✅ Буду говорить на языке вашего Telegram. /menu
role-admin = администратор
role-editor = редактор
role-viewer = наблюдатель


## меню команд в Telegram (bot/app.py; строка группы — её описание)

botcommand-menu = Все группы кнопками
botcommand-digest = Сводки по расписанию с графиком
botcommand-alerts = Оповещения о конверсиях и порогах
botcommand-help = Что я умею, по группам
botcommand-lang = Язык: русский или английский
botcommand-cancel = Выйти из текущего шага
botcommand-audit = Последние изменения (админы)
botcommand-enable_chat = Разрешить группе данные трекера (админы)

## этот язык на кнопке /lang
language-button = 🇷🇺 Русский

## задача 17: хранилище
storage-busy = ⏳ Хранилище занято: бот не смог прочитать или сохранить этот шаг за несколько секунд (файл данных занят другой программой). Попробуйте ещё раз через минуту.
storage-unreachable = ⏳ Хранилище не отвечает: бот не смог обратиться к Redis, чтобы прочитать или сохранить этот шаг. Попробуйте ещё раз через минуту.

## Задача 20: день баера (сводка, карточки с цифрами, отчёты с переходами,
## поиск по названию, оповещения с кнопками)
button-rescope = ◀ Выбрать в другом
botcommand-today = Деньги за сегодня одним взглядом
botcommand-find = Найти по названию

## Слова, которые человек пишет боту; никому не показываются. Каждый текст — список через
## запятую; слова всех языков понимаются, на каком бы языке бот ни говорил.

# как назвать этот язык после /lang (`/lang русский`); «russian» — для тех, кто пишет латиницей
words-language = ru, русский, russian
# /lang: снова как в Telegram
words-auto = авто
# выйти из любого шага, написав сообщение
words-cancel = отмена, стоп
# периоды (bot/keitaro/periods.py)
words-period-today = сегодня
words-period-yesterday = вчера
words-period-7d = 7д, 7 дней, последние 7 дней
words-period-30d = 30д, 30 дней, последние 30 дней
words-period-week = неделя, эта неделя, эту неделю
words-period-last_week = прошлая неделя, прошлую неделю
words-period-month = месяц, этот месяц
words-period-last_month = прошлый месяц
words-day-before_yesterday = позавчера, позавчерашний день

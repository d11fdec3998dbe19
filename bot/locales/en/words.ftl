## Words a person types to the bot, not shown to anyone: each text is a list separated by
## commas, and the words of every language are understood whatever language the bot speaks.

# what names this language after /lang (`/lang english`), in any language people write in
words-language = en, english, английский
# /lang: follow Telegram's language again
words-auto = auto
# leaves any step, typed as a message
words-cancel = cancel, stop
# the periods (bot/keitaro/periods.py); the preset's own name (7d, last_week) always works
words-period-today = today
words-period-yesterday = yesterday
words-period-7d = 7 days, 7days, last 7 days
words-period-30d = 30 days, 30days, last 30 days
words-period-week = this week, thisweek
words-period-last_week = last week, lastweek, previous week
words-period-month = this month, thismonth
words-period-last_month = last month, lastmonth, previous month
words-day-before_yesterday = day before yesterday, the day before yesterday

## rich messages (Bot API 10.1): a report's table (bot.render.report_table)
report-totals = Total

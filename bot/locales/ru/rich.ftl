## rich messages (Bot API 10.1): a report's table (bot.render.report_table)
report-totals = Итого
## a preview's table (bot.render.preview_table)
preview-col_field = Поле
preview-col_before = Было
preview-col_after = Станет
preview-cell_unread = (не прочитано)
preview-cell_same = (без изменений)

## rich messages (Bot API 10.1): a report's table (bot.render.report_table)
report-totals = Total
## a preview's table (bot.render.preview_table)
preview-col_field = Field
preview-col_before = Before
preview-col_after = After
preview-cell_unread = (not read)
preview-cell_same = (unchanged)

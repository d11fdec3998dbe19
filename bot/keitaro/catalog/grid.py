"""The fields of the grid queries: report/build, clicks/log and conversions/log (API-NOTES §5.1;
all three are read by the tracker's one QueryParams class)."""

from __future__ import annotations

from bot.keitaro.catalog.fields import BodyField, FieldType

T = FieldType

# filter operators of the spec's table (API-NOTES §5.1), with X's HAS_NOT_LABEL and D's
# IP_BEGINS_WITH
OPERATORS = (
    "EQUALS", "NOT_EQUAL", "EQUALS_OR_GREATER_THAN", "EQUALS_OR_LESS_THAN", "GREATER_THAN",
    "LESS_THAN", "MATCH_REGEXP", "NOT_MATCH_REGEXP", "BEGINS_WITH", "ENDS_WITH", "CONTAINS",
    "NOT_CONTAIN", "IN_LIST", "NOT_IN_LIST", "BETWEEN", "IS_SET", "IS_NOT_SET", "IS_TRUE",
    "IS_FALSE", "HAS_LABEL", "NOT_HAS_LABEL", "HAS_NOT_LABEL", "IP_BEGINS_WITH",
)

RANGE_FIELDS: tuple[BodyField, ...] = (
    BodyField(name="from", type=T.STR),
    BodyField(name="to", type=T.STR),
    BodyField(name="timezone", type=T.STR),
    BodyField(name="interval", type=T.STR),
)
GRID_FILTER: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, required=True),
    BodyField(name="operator", type=T.ENUM, choices=OPERATORS,
              required=True),
    BodyField(name="expression", type=T.ANY),
    BodyField(name="case_sensitive", type=T.BOOL,
              source="API-NOTES §5.1 (X)"),
)
SORT: tuple[BodyField, ...] = (
    BodyField(name="name", type=T.STR, required=True),
    BodyField(name="order", type=T.ENUM, choices=("ASC", "DESC"),
              required=True),
)

# clicks/log and conversions/log (spec ClickRequest, ConversionRequest)
LOG_QUERY: tuple[BodyField, ...] = (
    BodyField(name="range", type=T.OBJECT, items=RANGE_FIELDS),
    BodyField(name="limit", type=T.INT, minimum=0),
    BodyField(name="offset", type=T.INT, minimum=0),
    BodyField(name="columns", type=T.TAGS),
    BodyField(name="filters", type=T.LIST, items=GRID_FILTER),
    BodyField(name="sort", type=T.LIST, items=SORT),
)

# report/build (spec ReportsRequest), with the other names and options of API-NOTES §5.1;
# the spec leaves out the paging and columns that 9.x and the peers use for reports too
NOT_IN_REPORTS_SPEC = {
    "limit": "API-NOTES §5.1 (S omits limit/offset from ReportsRequest; D and peers use them)",
    "offset": "API-NOTES §5.1 (S omits limit/offset from ReportsRequest; D and peers use them)",
    "columns": "API-NOTES §5.1 (D merges grouping and metrics into columns)",
}
REPORT_QUERY: tuple[BodyField, ...] = (
    *(f.model_copy(update={"source": NOT_IN_REPORTS_SPEC[f.name]})
      if f.name in NOT_IN_REPORTS_SPEC else f for f in LOG_QUERY),
    BodyField(name="grouping", type=T.TAGS),
    BodyField(name="metrics", type=T.TAGS),
    BodyField(name="dimensions", type=T.TAGS,
              source="API-NOTES §5.1 (alias of grouping: D, M, F)"),
    BodyField(name="measures", type=T.TAGS,
              source="API-NOTES §5.1 (alias of metrics on newer trackers: M, F)"),
    BodyField(name="summary", type=T.BOOL,
              source="API-NOTES §5.1 (D)"),
)

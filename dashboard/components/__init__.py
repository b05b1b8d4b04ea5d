"""Components more than one page uses: the chart card (Panel, card, table, CSV, source line), notices, claim charts.

Pages import these from here and never from each other.
"""

from dashboard.components.cards import (
    CSV_COLUMNS,
    TABLE_COLUMNS,
    Claims,
    Panel,
    card,
    claims_by_chart,
    csv_send,
    csv_text,
    notice_items,
    short,
    source_line,
    table,
)
from dashboard.components.claim_chart import CHANCAY_JOB_METRICS, TIMELINE_CATEGORIES, claim_figure
from dashboard.components.wire import (
    apply_changes,
    as_patch,
    changes,
    is_patch,
    patch_changes,
    plain,
)
from dashboard.fmt import fmt_value

__all__ = [
    "CHANCAY_JOB_METRICS",
    "CSV_COLUMNS",
    "TABLE_COLUMNS",
    "TIMELINE_CATEGORIES",
    "Claims",
    "Panel",
    "apply_changes",
    "as_patch",
    "card",
    "changes",
    "claim_figure",
    "claims_by_chart",
    "csv_send",
    "csv_text",
    "fmt_value",
    "is_patch",
    "notice_items",
    "patch_changes",
    "plain",
    "short",
    "source_line",
    "table",
]

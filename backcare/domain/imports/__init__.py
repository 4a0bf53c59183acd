"""Daily steps and sleep from phone and watch exports (Apple Health, Google Fit, Health
Connect, Fitbit), streamed in bounded memory. Storage (upsert by user, day and kind, in one
transaction) belongs to the delivery layer; see docs/insights.md for formats and rules.
"""

from backcare.domain.imports.common import (
    DailyMeasure,
    ImportFormatError,
    ImportLimits,
    Kind,
    Progress,
)
from backcare.domain.imports.reader import ExportFormat, ImportResult, read_export

__all__ = [
    "DailyMeasure",
    "ExportFormat",
    "ImportFormatError",
    "ImportLimits",
    "ImportResult",
    "Kind",
    "Progress",
    "read_export",
]

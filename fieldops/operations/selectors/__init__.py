"""Reads shared by the public pages, the API, the exports and the data health.

Import from here. Submodules depend downwards only: records <- profile <- documents;
access stands apart.
"""

from .access import operations_of  # noqa: F401
from .documents import DocumentFact, facts_resting_on  # noqa: F401
from .profile import (  # noqa: F401
    NAME_CHANGE_TEXT,
    PROFILE_PARTS,
    Finance,
    Head,
    OfficeOnDay,
    OperationSummary,
    Profile,
    Staffing,
    TimelineDay,
    TimelineEntry,
    established_on,
    is_stale,
    months_before,
    operation_list,
    profile_as_of,
)
from .records import PARTS, OperationRecords, published_records  # noqa: F401

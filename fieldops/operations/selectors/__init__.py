"""Reads shared by the public pages, the API, the exports and the data health.

Import from here. Submodules depend downwards only: records <- standing,
timeline <- profile <- listing, documents; access stands apart.
"""

from .access import operations_of  # noqa: F401
from .documents import (  # noqa: F401
    CITATIONS,
    DocumentFact,
    document_adoptions,
    facts_resting_on,
)
from .listing import OperationSummary, operation_list  # noqa: F401
from .profile import (  # noqa: F401
    PROFILE_PARTS,
    Finance,
    Head,
    OfficeOnDay,
    Profile,
    Staffing,
    is_stale,
    months_before,
    profile_as_of,
)
from .records import PARTS, OperationRecords, published_records  # noqa: F401
from .standing import (  # noqa: F401
    Lineage,
    closed_on,
    established_on,
    establishment,
    host_name_on,
    status_on,
)
from .timeline import (  # noqa: F401
    NAME_CHANGE_TEXT,
    TimelineDay,
    TimelineEntry,
    change_text,
    timeline,
)

"""Field operations and their dated, sourced facts.

Import from here, never from a submodule. Submodules depend downwards only:
choices <- records <- people, figures, history <- pages <- review.
"""

from ..access.log import RecordLogEntry  # noqa: F401  (a model of this app)
from .figures import (  # noqa: F401
    Basis,
    ContractType,
    FinancialFigure,
    FinancialFigureQuerySet,
    Fund,
    Measure,
    StaffCategory,
    StaffFunding,
    StaffingLine,
    StaffingSnapshot,
    StaffingSnapshotQuerySet,
    StaffMeaning,
    validate_currency,  # named by migration 0001_initial
)
from .history import (  # noqa: F401
    ChangeKind,
    DecidingBody,
    HostStateName,
    OperationChange,
    Succession,
    SuccessionKind,
)
from .pages import (  # noqa: F401
    INDEX_CONTEXT_HOOK,
    INDEX_VIEWS,
    PROFILE_CONTEXT_HOOK,
    FieldOperationIndexPage,
    FieldOperationPage,
    FieldOperationPageQuerySet,
)
from .people import Appointment, Person, Post, PostRole  # noqa: F401
from .records import (  # noqa: F401
    Coverage,
    Dimension,
    FieldOperation,
    Mandate,
    NameChange,
    Office,
    OfficeRole,
    OperationName,
    OperationNameQuerySet,
    OperationStatus,
    Place,
    PlaceName,
    PresenceKind,
    Region,
)
from .review import (  # noqa: F401
    OperationApprovalSubmissionNotifier,
    OperationApprovalTask,
    OperationRole,
    submitters_of,
)

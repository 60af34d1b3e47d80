"""The demo's single office for tests whose subject is one real field operation."""

import logging

from .services import ASTANA_FILE, demo_load


def load_astana_demo() -> None:
    """Load astana.json (the Programme Office in Astana, as its own profile page
    describes it) with the example vacancies, as `load_demo` loads the whole
    demo; quicker than the organisation's 23 operations."""
    wagtail_logger = logging.getLogger("wagtail")
    level = wagtail_logger.level
    wagtail_logger.setLevel(logging.WARNING)
    try:
        demo_load(path=ASTANA_FILE)
    finally:
        wagtail_logger.setLevel(level)

"""Where Thin Slice keeps its data, declared once and cheap to import.

`storage` builds its engine from these; commands that never open the database
(`cli.py score`) read them too, to keep the files they write off the database's own,
without loading SQLAlchemy.
"""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_ENV_VAR = "THINSLICE_DATABASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_DATABASE_PATH = PROJECT_ROOT / "data" / "thinslice.db"


def configured_database_url() -> str:
    """The database URL as configured, or the default SQLite file under data/ (not yet normalised)."""
    return os.environ.get(DATABASE_ENV_VAR, "").strip() or f"sqlite:///{DEFAULT_DATABASE_PATH}"

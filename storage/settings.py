"""Each person's own settings: read all at once, written one at a time.

A setting is no part of the portfolio: writing one leaves the data version alone, so no
list any session has cached is read again because someone chose another language.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage import convert
from storage.base import Store
from storage.engine import write_transaction
from storage.errors import translated
from storage.schema import settings

#: The longest value a setting keeps (a name, a language code, "je" or "u").
VALUE_MAX = 200


class Settings(Store):
    def settings(self, owner: str) -> dict[str, str]:
        with self._read() as conn:
            rows = conn.execute(
                select(settings.c.name, settings.c.value).where(settings.c.owner == owner)
            ).all()
        return {name: value for name, value in rows}

    def save_setting(self, owner: str, name: str, value: str) -> None:
        """Keep `value` as `owner`'s `name`, replacing what was there (one short transaction)."""
        value = value[:VALUE_MAX]
        insert = sqlite.insert if self.is_sqlite else postgresql.insert
        row = {"owner": owner, "name": name, "value": value, "updated_at": convert.now()}
        # One upsert: two sessions saving the same setting at once both succeed, the last one wins.
        statement = insert(settings).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=[settings.c.owner, settings.c.name],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
        with translated(), write_transaction(self._engine) as conn:
            conn.execute(statement)

"""Tables for `st.dataframe`, built as Arrow without pandas.

The lists (Home, Prospects, Clients) are what the first view after a restart draws, and
pandas would be the heaviest import that view makes: about 0.6 s of CPU on the machine the
benchmark runs on, while the server is also reading every account and the browser fetching
its code. Streamlit sends an Arrow table to the browser as it is, so the lists need no pandas.

pyarrow's constructors from Python objects (`pa.array`, `pa.table`, `Table.from_pylist`) import
pandas the first time they run, to recognise pandas objects among their input; its JSON reader
does not. So rows reach Arrow as JSON lines read against a schema given in full, never
inferred: a column keeps its type when every row of a page is empty in it, and a row with a key
the schema lacks is an error, not a silent extra column. tests/unit/test_tables.py fails if
building one, or drawing Home's, imports pandas.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence

import pyarrow as pa
import pyarrow.json as arrow_json

#: Arrow's date32 counts days from 1970-01-01; JSON carries a date as that count.
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _day(value: object) -> int:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.toordinal() - _EPOCH
    raise TypeError(f"a table cell holds {type(value).__name__}, which no column type here takes")


def empty_table(schema: pa.Schema) -> pa.Table:
    """A table of `schema` with no rows (`Schema.empty_table` imports pandas; this does not)."""
    return pa.Table.from_batches([], schema=schema)


def arrow_table(schema: pa.Schema, rows: Sequence[Mapping[str, object]]) -> pa.Table:
    """The rows as an Arrow table of `schema`: each row a mapping from column name to a value of
    the column's type (str, int, float, bool, a date for date32, a list for a list column) or
    None. Columns come in the schema's order."""
    if not rows:
        return empty_table(schema)
    lines = "\n".join(json.dumps(row, ensure_ascii=False, allow_nan=False, default=_day) for row in rows)
    data = lines.encode()
    return arrow_json.read_json(
        io.BytesIO(data),
        # One block, read on this thread: a table here is a page of rows, and Arrow's pool would
        # start a thread per processor for it.
        read_options=arrow_json.ReadOptions(use_threads=False, block_size=len(data) + 1),
        parse_options=arrow_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
    )

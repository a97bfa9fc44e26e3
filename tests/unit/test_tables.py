"""Rows become Arrow tables for `st.dataframe` without pandas (`ui.tables`), keeping every type."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from ui.tables import arrow_table

ROOT = Path(__file__).resolve().parents[2]

SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("Name", pa.string()),
        ("Status", pa.list_(pa.string())),
        ("Score", pa.float64()),
        ("Trend", pa.list_(pa.float64())),
        ("Last", pa.date32()),
        ("Agreed", pa.bool_()),
    ]
)

ROWS = [
    {
        "id": 1,
        "Name": "Zoë Bakker",
        "Status": ["Hell yes"],
        "Score": 92.5,
        "Trend": [80.0, 85.5],
        "Last": dt.date(2026, 11, 9),
        "Agreed": True,
    },
    {
        # Quotes, a newline, a tab, a backslash, a character outside the BMP, a formula.
        "id": 2,
        "Name": 'Pieter "PJ" van\nDijk\t\\ 🦊 =SUM(A1)',
        "Status": ["Watch"],
        "Score": None,
        "Trend": [],
        "Last": None,
        "Agreed": None,
    },
    {
        "id": 3,
        "Name": "",
        "Status": ["Let go"],
        "Score": 0.0,
        "Trend": [0.0],
        "Last": dt.date(1969, 12, 31),
        "Agreed": False,
    },
]


def test_rows_come_back_as_they_went_in_with_the_schemas_types() -> None:
    table = arrow_table(SCHEMA, ROWS)
    assert table.schema == SCHEMA
    assert table.to_pylist() == ROWS


def test_a_column_keeps_its_type_when_every_row_is_empty_in_it() -> None:
    rows = [{**row, "Score": None, "Last": None, "Trend": []} for row in ROWS]
    table = arrow_table(SCHEMA, rows)
    assert table.schema == SCHEMA
    assert table.column("Score").null_count == len(rows)


def test_no_rows_give_an_empty_table_with_every_column() -> None:
    table = arrow_table(SCHEMA, [])
    assert table.num_rows == 0
    assert table.schema == SCHEMA


def test_a_key_the_schema_lacks_is_an_error_not_a_new_column() -> None:
    with pytest.raises(pa.ArrowInvalid):
        arrow_table(SCHEMA, [{**ROWS[0], "Surprise": 1}])


@pytest.mark.parametrize(
    "bad",
    [
        {"Score": float("nan")},  # JSON has no NaN: refused, not turned into text
        {"Last": dt.datetime(2026, 11, 9, 12, 0)},  # a moment is not a day
        {"Name": object()},
    ],
    ids=["nan", "datetime", "object"],
)
def test_a_value_no_column_type_takes_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        arrow_table(SCHEMA, [{**ROWS[0], **bad}])


def test_a_page_of_thousands_of_rows_and_long_text_reads_in_one_piece() -> None:
    rows = [{**ROWS[0], "id": n, "Name": "x" * 5000} for n in range(3000)]
    table = arrow_table(SCHEMA, rows)
    assert table.num_rows == 3000
    assert table.column("id").to_pylist() == list(range(3000))


#: Run in a process of its own, whose modules are its own: the lists, drawn through the real pages
#: on a demo database, and whether pandas was imported on the way.
_LISTS_WITHOUT_PANDAS = """
import datetime as dt, json, sys
from streamlit.testing.v1 import AppTest
from services.demo import load_demo

load_demo(sys.argv[1], dt.date.today())
drawn = {}
app = AppTest.from_file(sys.argv[2], default_timeout=60)
for page in ("home.py", "pages/prospects.py", "pages/clients.py"):
    app.run() if page == "home.py" else app.switch_page(page).run()
    drawn[page] = {"exception": [str(e.value) for e in app.exception], "tables": len(app.dataframe)}
# Before anything reads a table's values: AppTest turns them into pandas.
drawn["pandas"] = "pandas" in sys.modules
print(json.dumps(drawn))
"""


def test_home_and_the_lists_draw_without_importing_pandas(tmp_path: Path) -> None:
    """pandas is the heaviest import a first Home after a restart would make (see `ui.tables`)."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    done = subprocess.run(
        [sys.executable, "-c", _LISTS_WITHOUT_PANDAS, url, str(ROOT / "home.py")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "THINSLICE_DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    drawn = json.loads(done.stdout.strip().splitlines()[-1])
    # The clients under contract, then the ended ones.
    for page, tables in (("home.py", 1), ("pages/prospects.py", 1), ("pages/clients.py", 2)):
        assert drawn[page] == {"exception": [], "tables": tables}, page
    assert drawn["pandas"] is False

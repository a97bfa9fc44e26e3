"""Writing an assessment file: rows or whole columns to CSV text, each cell as `cells` makes it.

Changes when the assessments download is laid out or built differently. It is built
column by column, each distinct value turned into its cell once, so an export of tens
of thousands of rows costs little more than joining the cells. A dimension a stored row
was not asked (it was added after the row was taken, `scoring.rules.NOT_ASKED`) is an
empty cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from formats._csv.cells import quoted, safe_cell, to_cell
from formats._csv.columns import COUNT_COLUMNS, PORTABLE_COLUMNS, SIGNAL_COLUMNS, columns, dimension_places
from formats._csv.dialect import check_separator, decimal_mark
from formats._csv.row import Row, Scored
from scoring import batch
from scoring.models import MAX_POINTS, Answer, Kind, Result, Rubric, Stage, Verdict
from scoring.rules import NOT_ASKED
from scoring.status import Status

# `write_sheet` numbers answer sets in base 6 in an int64 (the five answers and a question not
# asked): 6**24 < 2**63.
_CODES = MAX_POINTS + 2
_MAX_CODED_DIMENSIONS = 24


@dataclass(frozen=True)
class Sheet:
    """An assessment file as columns, one entry per row: what `write_sheet` writes.

    `points` holds the answers (rows × dimensions, rubric order, 0-4); `signals` one
    sequence per name in `SIGNAL_COLUMNS`. Computed columns may be None throughout.
    """

    account: Sequence[str]
    stage: Sequence[Stage]
    date: Sequence[dt.date]
    kind: Sequence[Kind]
    gut: Sequence[Verdict | None]
    points: batch.Points
    signals: Mapping[str, Sequence[int | bool | None]]
    note: Sequence[str]
    score: Sequence[float | None]
    verdict: Sequence[Verdict | None]
    status: Sequence[Status | None]
    reason: Sequence[str | None]
    #: `PORTABLE_COLUMNS` by name, each written last when given (the app's own download gives all).
    extra: Mapping[str, Sequence[object]] = field(default_factory=dict)


def write_rows(rows: Iterable[Scored | tuple[Row, Result | None]], rubric: Rubric, sep: str = ",") -> str:
    """The file for these rows, computed columns filled in where they are given.

    A `(row, result)` pair fills `score` and `verdict` only; a `Scored` also fills
    `status` and `reason`, which depend on the account's history (`score_rows`). A row is read
    as a stored one (`scoring.batch.points_matrix`): a dimension it does not answer is an
    empty cell, an answer to a key the rubric does not ask is left out.
    """
    items = [item if isinstance(item, Scored) else Scored.of(*item) for item in rows]
    sheet = Sheet(
        account=[item.row.account for item in items],
        stage=[item.row.stage for item in items],
        date=[item.row.taken_on for item in items],
        kind=[item.row.kind for item in items],
        gut=[item.row.gut for item in items],
        points=batch.points_matrix(rubric, (item.row.answers for item in items), stored=True),
        signals={name: [getattr(item.row, name) for item in items] for name in SIGNAL_COLUMNS},
        note=[item.row.note for item in items],
        score=[item.score for item in items],
        verdict=[item.verdict for item in items],
        status=[item.status for item in items],
        reason=[item.reason for item in items],
    )
    return write_sheet(sheet, rubric, sep)


def write_sheet(sheet: Sheet, rubric: Rubric, sep: str = ",") -> str:
    """The file for a whole sheet, each cell `quoted(to_cell(value))` as in every download.

    Column by column: each distinct value of a column is turned into its cell once,
    so a file of tens of thousands of rows costs little more than joining the cells.
    """
    check_separator(sep)
    decimal = decimal_mark(sep)
    rows = len(sheet.account)
    if sheet.points.shape != (rows, len(rubric.keys)):
        raise ValueError(f"the answers need {rows} rows of {len(rubric.keys)}, not {sheet.points.shape}")
    inside, added = dimension_places(rubric)
    # The usual case, the built-in rubric's dimensions in its order: the matrix as it is, no copy.
    in_place = not added and inside == tuple(range(len(inside)))
    answers = sheet.points if in_place else sheet.points[:, list(inside)]
    cells: list[list[str]] = [
        _column(sheet.account),
        _column(sheet.stage),
        _column(sheet.date),
        _column(sheet.kind),
        _column(sheet.gut),
        *([_answer_cells(answers, sep)] if inside else []),
        *(_column(sheet.signals[name], numeric=True, decimal=decimal) for name in COUNT_COLUMNS),
        _column(sheet.signals["leadership_change"]),
        _column(sheet.note),
        _column(sheet.score, numeric=True, score=True, decimal=decimal),
        _column(sheet.verdict),
        _column(sheet.status),
        _column(sheet.reason),
    ]
    extra = [name for name in PORTABLE_COLUMNS if name in sheet.extra]
    cells += [_column(sheet.extra[name], numeric=name == "rubric_version") for name in extra]
    if added:  # dimensions added since the built-in rubric: at the end of the row
        cells.append(_answer_cells(sheet.points[:, list(added)], sep))
    if any(len(column) != rows for column in cells):
        raise ValueError(f"every column of the sheet needs {rows} rows")
    names = columns(rubric, portable=bool(extra))
    if len(extra) not in (0, len(PORTABLE_COLUMNS)):
        names = tuple(name for name in names if name not in PORTABLE_COLUMNS or name in extra)
    header = sep.join(quoted(safe_cell(name)) for name in names)
    lines = map(sep.join, zip(*cells, strict=True)) if rows else iter(())
    return "\r\n".join((header, *lines)) + "\r\n"


def _answer_cells(points: batch.Points, sep: str) -> list[str]:
    """The answer cells of each row, already joined; each distinct answer set is written once."""
    words = {p: quoted(to_cell(Answer.from_points(p))) for p in range(MAX_POINTS + 1)}
    words[NOT_ASKED] = to_cell(None)
    if points.shape[1] > _MAX_CODED_DIMENSIONS:
        return [sep.join(map(words.__getitem__, row)) for row in points.tolist()]
    # Each answer set as one number in base 6 (points + 1: a question not asked is 0), exact in
    # an int64 for up to 24 dimensions.
    digits = _CODES ** np.arange(points.shape[1], dtype=np.int64)
    coded = (points.astype(np.int64) - NOT_ASKED) @ digits
    _, first, inverse = np.unique(coded, return_index=True, return_inverse=True)
    joined = [sep.join(map(words.__getitem__, row)) for row in points[first].tolist()]
    return list(map(joined.__getitem__, inverse.tolist()))


def _column(
    values: Sequence[object], *, numeric: bool = False, score: bool = False, decimal: str = "."
) -> list[str]:
    """The cells of one column, each distinct value written once (a column holds one type, so
    values that are equal as keys, like True and 1, never meet)."""
    cells = {
        value: quoted(to_cell(value, numeric=numeric, score=score, decimal=decimal)) for value in set(values)
    }
    return list(map(cells.__getitem__, values))

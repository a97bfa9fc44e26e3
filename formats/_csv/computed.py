"""The computed columns of an assessment file: `score`, `verdict`, `status` and `reason`.

Changes only when how a file's rows are grouped into histories changes; the rules
themselves are `scoring`'s, applied to all rows at once by `scoring.batch`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from formats._csv.errors import RowError
from formats._csv.row import Row, Scored
from i18n import lazy_gettext
from scoring import batch
from scoring.models import Kind, Rubric

#: Rendered in the reader's language when a row is rejected for it.
NO_BASELINE = lazy_gettext("a check-in needs a screen before it (the baseline)")


def score_rows(
    rows: Sequence[tuple[int, Row]], rubric: Rubric, today: dt.date
) -> tuple[list[Scored], list[RowError]]:
    """Every computed column of a file, for rows numbered by line as `read_numbered_rows` gives them.

    Rows are grouped by account (the exact name) and each account's rows put in date
    order; on one day screens come before check-ins, then file order.

    - A screen gets no status; its reason is why it is a hell no: its first knockout,
      else its first dimension on the floor, else its weakest answer.
    - A check-in gets `client_status` over the account's rows up to and including
      it: the baseline is the last screen on or before the first check-in, the
      check-ins are all of them so far. It is judged as of its own date, except the
      account's newest row, which is judged as of `today`: only that one can be stale.
    - A check-in with no screen on or before it has no baseline: it is an error on
      `kind` and is left out, also from the history of the account's later rows.

    All rows are judged at once (`scoring.batch.judge_histories`). Returns the scored
    rows in the order given, without the rejected ones, and the errors.
    """
    judged = judge_rows([row for _, row in rows], rubric, today)
    scored = [
        Scored(row, score, verdict, status, reason)
        for (_, row), (keep, score, verdict, status, reason) in zip(rows, judged.rows(), strict=True)
        if keep
    ]
    rejected = (line for (line, _), keep in zip(rows, judged.kept.tolist(), strict=True) if not keep)
    errors = [RowError(line, "kind", str(NO_BASELINE)) for line in rejected]
    return scored, errors


def judge_rows(rows: Sequence[Row], rubric: Rubric, today: dt.date) -> batch.Judged:
    """`scoring.batch.judge_histories` for rows of a file: accounts told apart by exact name.

    A row read from a file answers every dimension (`reading` refuses one that does not); rows
    built from stored assessments may not, and are judged as those are (`points_matrix`'s
    `stored`): over the dimensions each was asked."""
    names: dict[str, int] = {}
    return batch.judge_histories(
        rubric,
        batch.points_matrix(rubric, (row.answers for row in rows), stored=True),
        np.array([names.setdefault(row.account, len(names)) for row in rows], dtype=np.int64),
        np.array([row.taken_on.toordinal() for row in rows], dtype=np.int64),
        np.array([row.kind is Kind.CHECKIN for row in rows], dtype=np.bool_),
        today,
    )

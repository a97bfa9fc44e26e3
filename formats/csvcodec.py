"""The assessment CSV: one row per assessment, the same schema going out and coming in.

A codec of our own rather than a data-frame reader, because an import has to say
"line 7, column payment" about a bad cell (counting a quoted note that spans lines
as the lines it really spans) and still keep the good rows. The two promises of the
product brief live here too: no written cell can run as a formula in a spreadsheet,
and reading an export gives back exactly the rows that were written.

Columns, in this order: the account columns, the dimension keys of the built-in rubric in
its order (a retired one too, `scoring.versions.as_written`), the signal columns, `note`, the
computed columns, then the keys of dimensions added since, at the very end, so no column ever
moves. A row not asked a dimension added since leaves its cell empty, and reads back so.
Computed columns are written by `write_rows` and ignored by `read_rows`.

`score_rows` fills the computed columns of a whole file: `score` and `verdict` from
each row alone, `status` and `reason` from the account's rows in date order (see
its docstring for the exact rules).

Two more downloads have fixed columns of their own, written only (never imported):

- accounts, one row per prospect or client (`ACCOUNT_EXPORT_COLUMNS`, `write_accounts`);
- the evidence log, one row per note (`EVIDENCE_EXPORT_COLUMNS`, `write_evidence`).

A new version may add columns at the end of a schema, never rename or drop one.

Safe in a spreadsheet, whatever separator it splits on. Dutch or German Excel opens a
`,` file on `;`, LibreOffice may be told tab or `|`, so a cell of ours can be cut in
two anywhere one of the break characters `,` `;` tab `|` `"` CR LF stands, and what
follows the cut starts a cell of its own. Hence, in every file whatever its separator:

- a cell holding any break character is quoted; otherwise no quotes;
- at the start of a text cell, when the first character past any `'` and spaces is
  `=` `+` `-` `@` tab CR LF or a full-width `＝＋－＠`, one `'` goes in front;
- after each break character in it, when the first character past any `'` and spaces
  is `=` `+` `-` `@` or a full-width `＝＋－＠`, one `'` goes right after the break
  character (tab, CR and LF are break characters themselves, so what follows them is
  judged in turn).

`safe_cell` adds exactly those quotes and `unsafe_cell` takes exactly those off, so
reading gives back what was typed; looking past `'` is what tells our quote from an
author's. A file written before the rule after break characters reads as it did,
unless a cell holds an author's `'` between a break character and a formula character
(`a;'=1` then reads as `a;=1`). Numeric columns are written as plain numbers and never
prefixed. A `;` file writes a number's fraction after a decimal comma (`92,5`, which Dutch
Excel and LibreOffice in a `;` language read as a number; `decimal_mark`); such a cell holds
a break character, so it is quoted like any other. Every other file keeps the point.
Dates are ISO 8601. A download is encoded by `to_excel_bytes` (UTF-8 with a BOM, so
Excel reads it as UTF-8); an upload goes through `check_import` (size limit, then
`decode`: UTF-8 with or without BOM, UTF-16, Windows-1252, or one clear error).

Problems in a file stay values until they are shown: a `RowError` per bad cell or row
(line, column, message), and a `HeaderError` whose `problems` say what is wrong with
the header (`HeaderProblem`: an issue and the column names). `str()` of either is the
command line's wording.

This module is the public surface; the code lives in private modules under
`formats._csv`, one reason to change each: `decoding` (bytes to text, separators),
`cells` (formula-safe, quoted cells), `columns` (every schema's names), `row`,
`reading` and `writing` (the assessment file), `downloads` (accounts, evidence),
`computed` (score, verdict, status, reason) and `errors`.
"""

from __future__ import annotations

from formats._csv.cells import safe_cell, unsafe_cell
from formats._csv.columns import (
    ACCOUNT_COLUMNS,
    ACCOUNT_EXPORT_COLUMNS,
    ACCOUNT_NUMERIC_COLUMNS,
    COMPUTED_COLUMNS,
    COUNT_COLUMNS,
    EVIDENCE_EXPORT_COLUMNS,
    FIXED_COLUMNS,
    NOTE_COLUMN,
    PORTABLE_COLUMNS,
    SIGNAL_COLUMNS,
    columns,
    required_columns,
)
from formats._csv.computed import NO_BASELINE, judge_rows, score_rows
from formats._csv.decoding import CsvDecodeError, check_import, decode, sniff_separator, to_excel_bytes
from formats._csv.dialect import READ_SEPARATORS, SEPARATORS, decimal_mark, separator_for
from formats._csv.downloads import write_accounts, write_evidence
from formats._csv.errors import HeaderError, HeaderIssue, HeaderProblem, RowError
from formats._csv.reading import (
    Columns,
    account_uid,
    parse_date,
    read_columns,
    read_numbered_rows,
    read_rows,
    suggested_answers,
    suggested_cell,
)
from formats._csv.row import Fingerprints, Row, Scored, row_fingerprint, to_assessment
from formats._csv.writing import Sheet, write_rows, write_sheet
from scoring.limits import COUNT_MAX, MAX_IMPORT_BYTES, NOTE_MAX

__all__ = [
    "ACCOUNT_COLUMNS",
    "ACCOUNT_EXPORT_COLUMNS",
    "ACCOUNT_NUMERIC_COLUMNS",
    "COMPUTED_COLUMNS",
    "COUNT_COLUMNS",
    "COUNT_MAX",
    "EVIDENCE_EXPORT_COLUMNS",
    "FIXED_COLUMNS",
    "MAX_IMPORT_BYTES",
    "NOTE_COLUMN",
    "NOTE_MAX",
    "NO_BASELINE",
    "PORTABLE_COLUMNS",
    "READ_SEPARATORS",
    "SEPARATORS",
    "SIGNAL_COLUMNS",
    "Columns",
    "CsvDecodeError",
    "Fingerprints",
    "HeaderError",
    "HeaderIssue",
    "HeaderProblem",
    "Row",
    "RowError",
    "Scored",
    "Sheet",
    "account_uid",
    "check_import",
    "columns",
    "decimal_mark",
    "decode",
    "judge_rows",
    "parse_date",
    "read_columns",
    "read_numbered_rows",
    "read_rows",
    "required_columns",
    "row_fingerprint",
    "safe_cell",
    "score_rows",
    "separator_for",
    "sniff_separator",
    "suggested_answers",
    "suggested_cell",
    "to_assessment",
    "to_excel_bytes",
    "unsafe_cell",
    "write_accounts",
    "write_evidence",
    "write_rows",
    "write_sheet",
]

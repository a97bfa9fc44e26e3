"""What is wrong with a file, kept as values (where, which column, what) until someone words it.

The command line prints `str(error)` after the file's name; the Data page lays the same
values out as a table and a list. Neither has to take a sentence apart again.

The words are in the language current when they are made (a `message`) or read (`str()`): a
file's problems are read and shown in one go, in the reader's language, and never kept between
sessions. Column names and answer words are keys of the file and stay English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from i18n import _


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in a file. `line` is the physical line (the header is line 1); `column`
    is the column's name, or empty when the problem is the row (or the file) as a whole."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("line {line}, column {column}: {problem}").format(
                line=self.line, column=self.column, problem=self.message
            )
        return _("line {line}: {problem}").format(line=self.line, problem=self.message)


class HeaderIssue(StrEnum):
    """What a header line can get wrong, in the order a `HeaderError` lists them."""

    EMPTY = "empty"  # no line of the file names any column
    NO_HEADER = "no_header"  # goes with EMPTY: the columns the first line should name
    MISSING = "missing"
    TWICE = "twice"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class HeaderProblem:
    """One thing wrong with the header, and the column names it concerns."""

    issue: HeaderIssue
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        names = ", ".join(self.names)
        if self.issue is HeaderIssue.EMPTY:
            return _("the file is empty")
        if self.issue is HeaderIssue.NO_HEADER:
            return _("the first line must name the columns ({names}, ...)").format(names=names)
        if self.issue is HeaderIssue.MISSING:
            return _("missing columns: {names}").format(names=names)
        if self.issue is HeaderIssue.TWICE:
            return _("columns named twice: {names}").format(names=names)
        return _("unknown columns: {names}").format(names=names)


@dataclass(frozen=True, slots=True)
class HeaderError(RowError):
    """The header does not fit the schema, so no row of the file could be read.

    `problems` says what, one value each; `message` is them in one line, `; ` between,
    for a reader that shows one line (the command line). Two header errors are equal
    when they say the same.
    """

    problems: tuple[HeaderProblem, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, line: int, problems: tuple[HeaderProblem, ...]) -> HeaderError:
        return cls(line, "", "; ".join(map(str, problems)), problems)

"""`python cli.py` in English or Dutch: `--lang`, else LC_ALL, LC_MESSAGES, LANG (POSIX order).

Run as a person would, in a fresh process with a chosen environment. The files stay the same in
every language: column names and answer words are keys, only the messages change.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commands.language import from_environment, requested
from tests.cli.test_cli_score import CLI, csv_file, data_line

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def run(*args: str | Path, cwd: Path, **locale: str) -> subprocess.CompletedProcess[str]:
    """The CLI with only the locale variables given (the rest of the environment as it is)."""
    env = {name: value for name, value in os.environ.items() if name not in LOCALE_VARIABLES} | locale
    result = subprocess.run(
        [sys.executable, str(CLI), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def bad_date(tmp_path: Path) -> Path:
    """A good row on line 2 and a row with no real date on line 3."""
    return csv_file(tmp_path, data_line("Good Row"), data_line("Bad Date", date="2025-13-01"))


def test_lang_nl_gives_the_error_line_in_dutch_naming_line_and_column(tmp_path: Path, bad_date: Path) -> None:
    result = run("score", bad_date, "--today", "2025-06-30", cwd=tmp_path, LANG="nl_NL.UTF-8")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad_date}: regel 3, kolom date: '2025-13-01' is geen datum; gebruik JJJJ-MM-DD"
    ]
    # The file itself stays in its English keys: columns and verdict words.
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(row["account"], row["verdict"]) for row in rows] == [("Good Row", "hell_yes")]


def test_lang_option_wins_over_lc_all(tmp_path: Path, bad_date: Path) -> None:
    result = run(
        "--lang", "en", "score", bad_date, "--today", "2025-06-30", cwd=tmp_path, LC_ALL="nl_NL.UTF-8"
    )

    assert result.stderr.splitlines() == [
        f"{bad_date}: line 3, column date: '2025-13-01' is not a date; use YYYY-MM-DD"
    ]


def test_lang_option_may_follow_the_command(tmp_path: Path, bad_date: Path) -> None:
    result = run("score", bad_date, "--today", "2025-06-30", "--lang", "nl", cwd=tmp_path, LANG="C")

    assert "regel 3, kolom date:" in result.stderr


@pytest.mark.parametrize(
    "locale",
    [{"LANG": "C"}, {"LANG": "POSIX"}, {}, {"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, {"LANG": "de_DE.UTF-8"}],
    ids=["C", "POSIX", "unset", "LC_ALL=C over LANG=nl", "a language the app does not speak"],
)
def test_c_posix_unset_or_unknown_locale_is_english(
    tmp_path: Path, bad_date: Path, locale: dict[str, str]
) -> None:
    result = run("score", bad_date, "--today", "2025-06-30", cwd=tmp_path, **locale)

    assert "line 3, column date: '2025-13-01' is not a date" in result.stderr


def test_lc_messages_comes_before_lang(tmp_path: Path, bad_date: Path) -> None:
    result = run(
        "score",
        bad_date,
        "--today",
        "2025-06-30",
        cwd=tmp_path,
        LC_MESSAGES="nl_NL.UTF-8",
        LANG="en_US.UTF-8",
    )

    assert "regel 3, kolom date:" in result.stderr


def test_help_is_in_dutch(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path, LANG="nl_NL.UTF-8")

    assert result.returncode == 0
    assert result.stdout.startswith("gebruik: cli.py")
    assert "opties:" in result.stdout
    assert "vul de database met voorbeeldrelaties" in result.stdout
    assert "Afsluitstatus: 0 alles goed" in result.stdout


def test_a_command_help_is_in_dutch(tmp_path: Path) -> None:
    result = run("--lang", "nl", "score", "--help", cwd=tmp_path)

    assert result.returncode == 0
    assert "de CSV om te scoren; - leest stdin" in result.stdout


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        (
            {"LANG": "C"},
            "cli.py: error: argument --lang: 'de' is not a language this app speaks; use one of: en, nl",
        ),
        (
            {"LANG": "nl_NL.UTF-8"},
            "cli.py: fout: argument --lang: 'de' is geen taal van deze app; kies uit: en, nl",
        ),
    ],
)
def test_an_unknown_lang_is_one_clear_error_line(tmp_path: Path, locale: dict[str, str], words: str) -> None:
    result = run("--lang", "de", "score", "whatever.csv", cwd=tmp_path, **locale)

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == words
    assert result.stdout == ""


# -- choosing the language, without a process ------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE"}, "nl"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "nl_NL.UTF-8"}, "nl"),  # an empty variable counts as unset
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "nl_NL", "LANG": "nl_NL"}, "en"),
        ({"LC_MESSAGES": "nl_NL", "LANG": "en_US"}, "nl"),
        ({"LC_ALL": "POSIX", "LANG": "nl_NL"}, "en"),
    ],
)
def test_the_environment_is_read_in_posix_order(environ: dict[str, str], language: str) -> None:
    assert from_environment(environ) == language


def test_the_lang_option_is_found_in_either_spelling_and_the_last_wins() -> None:
    assert requested(["--lang", "nl", "score", "f.csv"]) == "nl"
    assert requested(["score", "f.csv", "--lang=nl"]) == "nl"
    assert requested(["--lang", "nl", "score", "--lang", "en"]) == "en"
    assert requested(["score", "--", "--lang", "nl"]) is None


def test_an_export_in_dutch_is_for_dutch_excel_and_in_english_for_english_excel(tmp_path: Path) -> None:
    """Unless told, the separator follows the language: `;` with decimal commas in Dutch."""
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run("demo", cwd=tmp_path, THINSLICE_DATABASE_URL=db, LANG="C").returncode == 0

    dutch = run("export", "--what", "accounts", cwd=tmp_path, THINSLICE_DATABASE_URL=db, LANG="nl_NL.UTF-8")
    english = run("export", "--what", "accounts", cwd=tmp_path, THINSLICE_DATABASE_URL=db, LANG="en_GB.UTF-8")
    told = run(
        "--lang", "nl", "export", "--what", "accounts", "--sep", ",", cwd=tmp_path, THINSLICE_DATABASE_URL=db
    )

    dutch_rows = list(csv.DictReader(io.StringIO(dutch.stdout, newline=""), delimiter=";"))
    english_rows = list(csv.DictReader(io.StringIO(english.stdout, newline=""), delimiter=","))
    # The same columns (English keys) and the same accounts in both.
    assert dutch.stdout.splitlines()[0] == english.stdout.splitlines()[0].replace(",", ";")
    assert [r["account"] for r in dutch_rows] == [r["account"] for r in english_rows]
    fractions = [
        (d["score"], e["score"]) for d, e in zip(dutch_rows, english_rows, strict=True) if "." in e["score"]
    ]
    assert fractions, "the demo has a score with a fraction"
    assert all(d == e.replace(".", ",") for d, e in fractions)
    # A separator asked for wins over the language.
    assert told.stdout == english.stdout

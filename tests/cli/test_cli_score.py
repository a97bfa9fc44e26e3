"""`python cli.py score`: run as a person would, in a fresh process, on files in a temp folder."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from formats.csvcodec import COMPUTED_COLUMNS, SIGNAL_COLUMNS, columns
from scoring import default_rubric

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "cli.py"
RUBRIC = default_rubric()
HEADER = [c for c in columns(RUBRIC) if c not in COMPUTED_COLUMNS]


def data_line(account: str, date: str = "2025-03-01", sep: str = ",", **cells: str) -> str:
    values = {key: "hell_yes" for key in RUBRIC.keys} | cells
    answer_cells = [values[key] for key in RUBRIC.keys]
    signal_cells = [values.get(name, "") for name in SIGNAL_COLUMNS]
    gut = values.get("gut", "hell_yes")
    return sep.join(
        [account, "prospect", date, "screen", gut, *answer_cells, *signal_cells, values.get("note", "")]
    )


def csv_file(tmp_path: Path, *lines: str, sep: str = ",", encoding: str = "utf-8") -> Path:
    path = tmp_path / "prospects.csv"
    path.write_bytes(("\n".join([sep.join(HEADER), *lines]) + "\n").encode(encoding))
    return path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CLI), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
        check=False,
    )


def scored(stdout: str, sep: str = ",") -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(stdout, newline=""), delimiter=sep))
    return {row["account"]: row for row in rows}


def test_a_good_file_is_scored_with_the_right_verdicts(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        data_line("Dream Client"),
        data_line("Rude But Rich", respect="no"),
        data_line("Lukewarm", **{key: "yes" for key in RUBRIC.keys}),
    )

    done = run("score", str(path), "--today", "2025-06-01", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = scored(done.stdout)
    assert {name: (row["score"], row["verdict"]) for name, row in out.items()} == {
        "Dream Client": ("100", "hell_yes"),
        "Rude But Rich": ("92.5", "hell_no"),
        "Lukewarm": ("75", "hell_no"),
    }
    assert list(out["Dream Client"]) == list(columns(RUBRIC))


def test_bad_rows_get_one_line_each_and_the_good_rows_are_still_written(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        data_line("One"),  # line 2
        data_line("Two", payment="maybe"),  # line 3
        data_line("Three", respect="no"),  # line 4
        data_line("Four", date="03/01/2025"),  # line 5
        data_line("Five"),  # line 6
    )

    done = run("score", str(path), "--today", "2025-06-01", cwd=tmp_path)

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{path}: line 3, column payment: 'maybe' is not an answer; "
        "use one of hell_no, no, unsure, yes, hell_yes or 0-4",
        f"{path}: line 5, column date: '03/01/2025' is not a date; use YYYY-MM-DD",
    ]
    assert list(scored(done.stdout)) == ["One", "Three", "Five"]


def test_a_missing_file_is_one_line_and_exit_2_without_a_traceback(tmp_path: Path) -> None:
    done = run("score", str(tmp_path / "nope.csv"), cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{tmp_path / 'nope.csv'}: cannot read the file: No such file or directory"
    ]
    assert done.stdout == ""


@pytest.mark.parametrize("today", ["tomorrow", "2025-02-30", "01-06-2025"])
def test_an_invalid_today_is_a_usage_error(tmp_path: Path, today: str) -> None:
    path = csv_file(tmp_path, data_line("One"))

    done = run("score", str(path), "--today", today, cwd=tmp_path)

    assert done.returncode == 2
    assert "--today" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_rows_dated_after_today_are_rejected(tmp_path: Path) -> None:
    path = csv_file(tmp_path, data_line("Past", date="2025-05-31"), data_line("Future", date="2025-06-02"))

    done = run("score", str(path), "--today", "2025-06-01", cwd=tmp_path)

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{path}: line 3, column date: 2025-06-02 is after today (2025-06-01)"
    ]
    assert list(scored(done.stdout)) == ["Past"]


def test_a_header_that_does_not_fit_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text("name,email\nAcme,a@example.com\n", encoding="utf-8")

    done = run("score", str(path), cwd=tmp_path)

    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "line 1: missing columns: account, date, kind, negotiation_tone" in done.stderr
    assert done.stdout == ""


def test_a_dutch_excel_file_in_cp1252_keeps_its_separator_and_accents(tmp_path: Path) -> None:
    path = csv_file(tmp_path, data_line("Café Zoë", sep=";"), sep=";", encoding="cp1252")

    done = run("score", str(path), "--today", "2025-06-01", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("account;stage;date;")
    assert scored(done.stdout, ";")["Café Zoë"]["verdict"] == "hell_yes"


def test_out_writes_a_file_excel_reads_as_utf8_in_the_separator_asked(tmp_path: Path) -> None:
    path = csv_file(tmp_path, data_line("Zoë"))
    target = tmp_path / "scored.csv"

    done = run("score", str(path), "--today", "2025-06-01", "--out", str(target), "--sep", ";", cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfaccount;stage;")
    assert scored(raw.decode("utf-8-sig"), ";")["Zoë"]["score"] == "100"


def test_no_arguments_prints_help_and_exits_2(tmp_path: Path) -> None:
    done = run(cwd=tmp_path)

    assert done.returncode == 2
    assert "score" in done.stderr and "demo" in done.stderr
    assert "usage: cli.py" in done.stderr


def test_scoring_never_loads_the_database_layer(tmp_path: Path) -> None:
    path = csv_file(tmp_path, data_line("One"))
    probe = (
        "import sys, cli\n"
        f"code = cli.main(['score', {str(path)!r}, '--out', {str(tmp_path / 'o.csv')!r}])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'storage', 'sqlalchemy', 'streamlit'})\n"
        "print(code, loaded)\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60, check=False
    )

    assert done.stdout.strip() == "0 []", done.stderr

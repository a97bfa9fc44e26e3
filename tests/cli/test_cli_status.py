"""`python cli.py score` fills `status` and `reason` from each account's rows in date order.

Expected values are worked out by hand from PRODUCT.md ("Over time"). The default
rubric has ten dimensions of equal weight answered 0-4 points, so one answer step on
one dimension moves the score by exactly 2.5 points. Rules used below: a knockout
(respect at `no` or worse) or a dimension at `hell_no` makes a hell no; otherwise hell
yes iff the score is 80 or more. Status: fire now on a knockout; let go on two hell-no
check-ins in a row or 25+ points below baseline; watch on a 15+ point fall since the
previous check-in, a dimension two steps below its baseline, or a hell no; stale when
the newest row is more than 45 days before --today and the status is hell yes or watch.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from formats.csvcodec import COMPUTED_COLUMNS, SIGNAL_COLUMNS, columns, read_rows
from scoring import default_rubric

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "cli.py"
RUBRIC = default_rubric()
HEADER = [c for c in columns(RUBRIC) if c not in COMPUTED_COLUMNS]


def row(account: str, date: str, kind: str = "checkin", **cells: str) -> str:
    """One data line: every answer hell_yes unless `cells` says otherwise; screens get a gut call."""
    values = {key: "hell_yes" for key in RUBRIC.keys} | {
        "account": account,
        "stage": "client",
        "date": date,
        "kind": kind,
        "gut": "hell_yes" if kind == "screen" else "",
        "note": "",
    }
    values |= cells
    return ",".join(values.get(name, "") for name in HEADER)


def screen(account: str, date: str, **cells: str) -> str:
    return row(account, date, "screen", **cells)


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text("\n".join([",".join(HEADER), *lines]) + "\n", encoding="utf-8")
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


def score(tmp_path: Path, *lines: str, today: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    path = csv_file(tmp_path, *lines)
    return run("score", str(path), "--today", today, cwd=tmp_path), path


def out_rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout, newline="")))


def computed(stdout: str) -> list[tuple[str, str, str, str, str, str]]:
    """(account, date, score, verdict, status, reason) per written row, in output order."""
    return [
        (r["account"], r["date"], r["score"], r["verdict"], r["status"], r["reason"])
        for r in out_rows(stdout)
    ]


PAYMENT_SLIPS = (
    screen("Slow Payer", "2025-01-06"),
    row("Slow Payer", "2025-02-06", payment="yes", invoice_days_late="5"),
    row("Slow Payer", "2025-03-06", payment="no", invoice_days_late="40"),
    row("Slow Payer", "2025-04-06", payment="hell_no", invoice_days_late="70"),
    row("Slow Payer", "2025-05-06", payment="hell_no", invoice_days_late="75"),
)


def test_payment_getting_worse_goes_hell_yes_watch_watch_let_go(tmp_path: Path) -> None:
    done, _ = score(tmp_path, *PAYMENT_SLIPS, today="2025-05-20")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert computed(done.stdout) == [
        # The baseline: all hell yes. A screen has no status; a hell-yes screen no reason.
        ("Slow Payer", "2025-01-06", "100", "hell_yes", "", ""),
        # Payment one step down: 97.5, a hell yes, no watch rule applies.
        ("Slow Payer", "2025-02-06", "97.5", "hell_yes", "hell_yes", ""),
        # Payment `no`: 92.5 is still a hell yes (payment is no knockout), but payment is
        # three steps below its baseline answer: watch, because of payment.
        ("Slow Payer", "2025-03-06", "92.5", "hell_yes", "watch", "payment"),
        # Payment `hell_no`: 90 and a hell no (the floor). Only one hell no in a row, 10
        # points below baseline, 2.5 below the previous: still watch, not yet let go.
        ("Slow Payer", "2025-04-06", "90", "hell_no", "watch", "payment"),
        # A second hell no in a row: let go, and payment is the reason.
        ("Slow Payer", "2025-05-06", "90", "hell_no", "let_go", "payment"),
    ]


def test_a_knockout_checkin_is_fire_now_because_abusive_and_signals_are_kept(tmp_path: Path) -> None:
    done, _ = score(
        tmp_path,
        screen("Shouter", "2025-01-10"),
        row("Shouter", "2025-02-10", respect="no", after_hours_demands="6", leadership_change="yes"),
        today="2025-02-12",
    )

    assert done.returncode == 0, done.stderr
    assert computed(done.stdout)[1] == ("Shouter", "2025-02-10", "92.5", "hell_no", "fire_now", "abusive")
    written = out_rows(done.stdout)[1]
    assert [written[name] for name in SIGNAL_COLUMNS] == ["", "", "", "6", "true"]
    assert written["respect"] == "no"  # the signal suggests, it never overwrites the answer


@pytest.mark.parametrize(
    ("today", "last_payment", "expected"),
    [
        ("2025-04-15", "hell_yes", ("hell_yes", "")),  # 45 days: not yet stale
        ("2025-04-16", "hell_yes", ("stale", "")),  # 46 days: an old green is no longer green
        ("2025-04-16", "no", ("stale", "payment")),  # stale replaces watch and keeps its reason
    ],
)
def test_only_the_newest_row_is_judged_as_of_today_and_can_be_stale(
    tmp_path: Path, today: str, last_payment: str, expected: tuple[str, str]
) -> None:
    done, _ = score(
        tmp_path,
        screen("Quiet", "2025-01-01"),
        row("Quiet", "2025-02-01"),
        row("Quiet", "2025-03-01", payment=last_payment),
        today=today,
    )

    assert done.returncode == 0, done.stderr
    statuses = [(r["status"], r["reason"]) for r in out_rows(done.stdout)]
    # The first check-in is 74 days before today too, but it is judged as of its own date.
    assert statuses == [("", ""), ("hell_yes", ""), expected]


def test_let_go_is_never_hidden_by_stale(tmp_path: Path) -> None:
    done, _ = score(tmp_path, *PAYMENT_SLIPS, today="2025-12-31")

    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in out_rows(done.stdout)] == ["", "hell_yes", "watch", "watch", "let_go"]


def test_a_checkin_without_a_screen_before_it_is_a_bad_row(tmp_path: Path) -> None:
    done, path = score(
        tmp_path,
        row("Orphan", "2025-02-01"),  # line 2: nothing before it to compare with
        screen("Orphan", "2025-03-01"),  # line 3
        row("Orphan", "2025-04-01", payment="no"),  # line 4: the March screen is its baseline
        screen("Fine", "2025-01-01"),  # line 5
        row("Fine", "2025-04-01"),  # line 6
        today="2025-04-10",
    )

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"{path}: line 2, column kind: a check-in needs a screen before it (the baseline)"
    ]
    assert [(a, d, s, r) for a, d, _, _, s, r in computed(done.stdout)] == [
        ("Orphan", "2025-03-01", "", ""),
        ("Orphan", "2025-04-01", "watch", "payment"),
        ("Fine", "2025-01-01", "", ""),
        ("Fine", "2025-04-01", "hell_yes", ""),
    ]


def test_a_screen_on_the_same_day_counts_as_before_the_checkin_whatever_the_file_order(
    tmp_path: Path,
) -> None:
    done, _ = score(
        tmp_path,
        row("Same Day", "2025-02-01", payment="no"),
        screen("Same Day", "2025-02-01"),
        today="2025-02-01",
    )

    assert done.returncode == 0, done.stderr
    assert [(r["kind"], r["status"], r["reason"]) for r in out_rows(done.stdout)] == [
        ("checkin", "watch", "payment"),
        ("screen", "", ""),
    ]


def test_interleaved_accounts_are_grouped_and_put_in_date_order_and_output_keeps_file_order(
    tmp_path: Path,
) -> None:
    done, _ = score(
        tmp_path,
        screen("Beta", "2025-01-10"),
        row("Alpha", "2025-03-01"),  # Alpha's newest, listed before Alpha's screen
        screen("Alpha", "2025-01-05"),
        row("Beta", "2025-02-10", respect="no"),
        row("Alpha", "2025-02-01", payment="no"),
        row("Beta", "2025-03-10"),
        row(" Alpha ", "2025-02-15", payment="unsure"),  # the same account once stripped
        today="2025-03-20",
    )

    assert done.returncode == 0, done.stderr
    assert [(a, d, s, r) for a, d, _, _, s, r in computed(done.stdout)] == [
        ("Beta", "2025-01-10", "", ""),
        # Alpha's last check-in: back to all hell yes after 95 (unsure): hell yes.
        ("Alpha", "2025-03-01", "hell_yes", ""),
        ("Alpha", "2025-01-05", "", ""),
        # Beta's knockout, judged on Beta's history only.
        ("Beta", "2025-02-10", "fire_now", "abusive"),
        # Alpha's first check-in: payment three steps below the baseline.
        ("Alpha", "2025-02-01", "watch", "payment"),
        # Beta recovers: no knockout any more, a hell yes, no rule applies.
        ("Beta", "2025-03-10", "hell_yes", ""),
        # Alpha's second check-in: payment still two steps below the baseline.
        ("Alpha", "2025-02-15", "watch", "payment"),
    ]


@pytest.mark.parametrize(
    ("cells", "verdict", "reason"),
    [
        ({}, "hell_yes", ""),
        ({"respect": "no", "payment": "hell_no"}, "hell_no", "abusive"),  # the knockout comes first
        ({"scope": "hell_no", "price_pushback": "no"}, "hell_no", "scope_creep"),  # then the floor
        ({key: "yes" for key in RUBRIC.keys}, "hell_no", "price_fighter"),  # 75: the first weakest
        ({"work_joy": "no", "champion": "no", "style_fit": "no"}, "hell_no", "checked_out_champion"),  # 77.5
    ],
)
def test_a_screen_has_no_status_and_its_reason_says_why_it_is_a_hell_no(
    tmp_path: Path, cells: dict[str, str], verdict: str, reason: str
) -> None:
    done, _ = score(tmp_path, screen("Prospect", "2025-01-01", stage="prospect", **cells), today="2025-06-01")

    assert done.returncode == 0, done.stderr
    [written] = out_rows(done.stdout)
    assert (written["verdict"], written["status"], written["reason"]) == (verdict, "", reason)


def test_the_output_reads_back_without_errors_as_the_same_rows_and_scores_the_same_again(
    tmp_path: Path,
) -> None:
    path = csv_file(tmp_path, *PAYMENT_SLIPS, screen("Other", "2025-01-01", respect="no"))
    first = run(
        "score", str(path), "--today", "2025-05-20", "--out", str(tmp_path / "once.csv"), cwd=tmp_path
    )
    second = run("score", str(tmp_path / "once.csv"), "--today", "2025-05-20", cwd=tmp_path)

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    output = (tmp_path / "once.csv").read_text(encoding="utf-8-sig")
    rows, errors = read_rows(output, RUBRIC)
    original, _ = read_rows(path.read_text(encoding="utf-8"), RUBRIC)
    assert errors == []
    assert rows == original
    assert second.stdout == output

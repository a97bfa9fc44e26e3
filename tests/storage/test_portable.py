"""The portable export: every kind of data out as one ZIP, and back in, on SQLite and PostgreSQL.

The demo, with a saved rubric version, settings, share and questionnaire links (one answered, one
revoked), remembered customer names and an invoice layout on top, is exported whole, imported into
an empty database of the other backend and exported again: every file the same, byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from formats import portable as layout
from scoring import AccountDraft, Answer, Assessment, Verdict, default_rubric
from scoring.models import Rubric
from scoring.questionnaires import QuestionnaireKind
from services import portable, rubrics
from services.demo import load_demo
from storage import Repository, open_repository
from storage.schema import accounts, assessments, evidence, invoices, payments, share_links
from tests.helpers import archive_files, rezipped

TODAY = dt.date(2026, 11, 23)
NewDatabase = Callable[[], str]


def _heavier_payment(rubric: Rubric) -> Rubric:
    dims = tuple(d.model_copy(update={"weight": 2.0}) if d.key == "payment" else d for d in rubric.dimensions)
    return rubric.model_copy(update={"dimensions": dims})


def _everything(url: str) -> Repository:
    """The demo and one of every other kind of data the app keeps."""
    load_demo(url, today=TODAY)
    repo = open_repository(url)
    people = {a.name: a for a in repo.accounts()}
    client = next(a for a in people.values() if a.stage.value == "client" and a.ended_on is None)
    rubrics.save(
        repo, _heavier_payment(default_rubric()), based_on=1, saved_by="ann@example.com", reason="pay"
    )
    repo.save_setting("", "language", "nl")
    repo.save_setting("ann@example.com", "capacity_hours", "32,5")
    repo.create_share(client.id, 30, include_notes=True, label='For "the board", =1+1')
    _token, gone = repo.create_share(client.id, None)
    repo.revoke_share(gone.id)
    token, _link = repo.create_questionnaire(client.id, QuestionnaireKind.REVIEW, 7, "Ann", "Hoe gaat het?")
    repo.submit_answers(token, 1, {"recommend": 8, "one_change": "=Faster replies, please"}, "nl")
    repo.remember_customers({f"{client.name} B.V.": client.id})
    repo.remember_layout("a" * 32, {"Klant": "client", "Bedrag": "amount", "Notes": None})
    return repo


def _without_moment(manifest: bytes) -> dict[str, object]:
    found = json.loads(manifest)
    found.pop("exported_at")
    return found


def _import(repo: Repository, archive: bytes) -> portable.PortableReport:
    bundle = portable.read_bundle(repo, archive)
    assert bundle.problems == []
    return portable.run(repo, bundle)


def _counts(repo: Repository) -> dict[str, int]:
    with repo._engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (accounts, assessments, evidence, invoices, payments, share_links)
        }


@pytest.mark.parametrize("first", ["sqlite", "postgresql"])
def test_everything_moves_to_the_other_backend_and_back_byte_for_byte(
    first: str, tmp_path: object, new_postgres_database: NewDatabase
) -> None:
    made = iter(range(10))
    sqlite = lambda: f"sqlite:///{tmp_path}/db-{next(made)}.db"  # noqa: E731
    urls = {"sqlite": sqlite, "postgresql": new_postgres_database}
    other = "postgresql" if first == "sqlite" else "sqlite"
    source = _everything(urls[first]())
    original = portable.export_all(source, TODAY)

    there = open_repository(urls[other]())
    report = _import(there, original)
    moved = portable.export_all(there, TODAY)
    back = open_repository(urls[first]())
    _import(back, moved)
    returned = portable.export_all(back, TODAY)

    files = archive_files(original)
    assert list(files) == ["manifest.json", *layout.FILES]
    for name in layout.FILES:
        assert archive_files(moved)[name] == files[name], name
        assert archive_files(returned)[name] == files[name], name
    assert _without_moment(archive_files(moved)["manifest.json"]) == _without_moment(files["manifest.json"])
    # Every kind of data made the trip: nothing is equal only because it is empty.
    rows = {name: facts["rows"] for name, facts in json.loads(files["manifest.json"])["files"].items()}
    assert all(rows[name] > 0 for name in layout.FILES), rows
    assert report.tallies["accounts"].added == len(source.accounts())
    assert report.left == [] and report.changes == []
    assert _counts(there) == _counts(source) == _counts(back)
    # The same account keeps its number, and the next account made there takes a new one.
    assert [(a.id, a.uid, a.name) for a in there.accounts()] == [
        (a.id, a.uid, a.name) for a in source.accounts()
    ]
    newcomer = there.screen_prospect(AccountDraft(name="After the move"), _screen(TODAY, Answer.YES), "after")
    assert newcomer.account_id > max(a.id for a in source.accounts())


def test_the_same_archive_twice_changes_nothing_and_into_its_own_database_adds_nothing(db_url: str) -> None:
    source = _everything(db_url)
    archive = portable.export_all(source, TODAY)
    before = _counts(source)

    report = _import(source, archive)

    assert all(t.added == 0 and t.changed == 0 for t in report.tallies.values()), report.tallies
    assert (
        report.tallies["assessments"].skipped
        == json.loads(archive_files(archive)["manifest.json"])["files"]["assessments.csv"]["rows"]
    )
    assert report.left == []
    assert _counts(source) == before
    again = archive_files(portable.export_all(source, TODAY))
    assert all(again[name] == archive_files(archive)[name] for name in layout.FILES)


def test_one_damaged_line_adds_nothing_and_names_the_file_and_the_line(db_url: str, tmp_path: object) -> None:
    source = _everything(f"sqlite:///{tmp_path}/source.db")
    archive = portable.export_all(source, TODAY)
    lines = archive_files(archive)["evidence.csv"].decode("utf-8-sig").split("\r\n")
    damaged = rezipped(
        archive, "evidence.csv", lambda text: text.replace(lines[3].split(",")[1], "2026-02-30", 1)
    )
    target = open_repository(db_url)

    bundle = portable.read_bundle(target, damaged)
    report = portable.run(target, bundle)

    assert [(p.file, p.error.line, p.error.column) for p in bundle.problems] == [("evidence.csv", 4, "date")]
    assert "evidence.csv: line 4, column date:" in str(bundle.problems[0])
    assert not bundle.whole
    assert report.tallies["accounts"].added == 0
    assert _counts(target) == dict.fromkeys(_counts(target), 0)


def test_a_file_changed_after_the_export_is_named_before_anything_is_read(
    db_url: str, tmp_path: object
) -> None:
    archive = portable.export_all(_everything(f"sqlite:///{tmp_path}/source.db"), TODAY)
    files = archive_files(archive)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in files.items():
            out.writestr(
                name, content.replace(b"hell_yes", b"hell_no") if name == "assessments.csv" else content
            )

    with pytest.raises(portable.NotAnExport, match=r"assessments\.csv is not the file that was exported"):
        portable.read_bundle(open_repository(db_url), buffer.getvalue())
    with pytest.raises(portable.NotAnExport, match="not a ZIP archive"):
        portable.read_bundle(open_repository(db_url), archive[:200])


def _screen(day: dt.date, answer: Answer) -> Assessment:
    rubric = default_rubric()
    return Assessment(
        taken_on=day,
        gut=Verdict.HELL_YES,
        answers=dict.fromkeys(rubric.keys, answer),
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )


def test_two_accounts_of_one_name_stay_apart_and_a_file_without_ids_is_not_guessed(
    new_url: Callable[[], str],
) -> None:
    source = open_repository(new_url())
    source.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Bakkerij"), _screen(TODAY, Answer.YES), "a"
    )
    source.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Garage"), _screen(TODAY, Answer.HELL_NO), "b"
    )
    archive = portable.export_all(source, TODAY)
    target = open_repository(new_url())

    _import(target, archive)

    twins = [(a.company, a.uid) for a in target.accounts()]
    assert twins == [(a.company, a.uid) for a in source.accounts()]
    histories = {a.company: target.assessments(a.id) for a in target.accounts()}
    assert [s.assessment.answers["payment"] for s in histories["Bakkerij"]] == [Answer.YES]
    assert [s.assessment.answers["payment"] for s in histories["Garage"]] == [Answer.HELL_NO]

    # The assessments file alone, its ids cut off (a file made outside the app): listed, not merged.
    records = list(csv.reader(io.StringIO(archive_files(archive)["assessments.csv"].decode("utf-8-sig"))))
    keep = [
        i for i, name in enumerate(records[0]) if name not in ("account_uid", "rubric_version", "suggested")
    ]
    outside = "".join(",".join(f'"{r[i]}"' for i in keep) + "\r\n" for r in records)
    bundle = portable.read_bundle(target, outside.encode())
    report = portable.run(target, bundle)
    assert report.tallies["assessments"].added == 0
    assert [left.reason for left in report.left] == ["refused", "refused"]
    assert "2 accounts are called 'Pieter van Dijk'" in report.left[0].detail


def test_an_accounts_file_fills_and_moves_forward_never_back(db_url: str) -> None:
    repo = open_repository(db_url)
    stored = repo.screen_prospect(AccountDraft(name="Noor", company=""), _screen(TODAY, Answer.YES), "n")
    account = repo.account(stored.account_id)
    repo.sign(account.id, TODAY)
    head = ",".join(layout.ACCOUNTS.columns)

    def row(**cells: str) -> bytes:
        values = {"account": "Noor", "account_uid": account.uid, **cells}
        return (
            head + "\r\n" + ",".join(values.get(c, "") for c in layout.ACCOUNTS.columns) + "\r\n"
        ).encode()

    first = portable.run(repo, portable.read_bundle(repo, row(company="Haddad & Co", stage="prospect")))
    again = portable.run(repo, portable.read_bundle(repo, row(company="Haddad & Co", stage="prospect")))
    empty = portable.run(repo, portable.read_bundle(repo, row()))

    now = repo.account(account.id)
    assert (now.company, now.stage.value, now.signed_on) == ("Haddad & Co", "client", TODAY)
    assert [c.fields for c in first.changes] == [("company",)]
    assert again.tallies["accounts"].skipped == 1 and empty.tallies["accounts"].skipped == 1


def test_an_accounts_file_from_a_dutch_spreadsheet_adds_its_accounts_and_names_bad_lines(db_url: str) -> None:
    repo = open_repository(db_url)
    text = (
        "account;company;stage;deal_value;signed_on;ended_on;outcome;weekly_hours\r\n"
        "Bakkerij Jansen;Jansen B.V.;client;15000,50;2026-02-01;;;7,5\r\n"
        "Visser;;prospect;;;;;\r\n"
        "Zonder datum;;client;;;;;\r\n"
        "Half afgerond;;client;;2026-01-01;2026-03-01;;\r\n"
    )

    bundle = portable.read_bundle(repo, text.encode("cp1252"))
    report = portable.run(repo, bundle)

    assert bundle.files == ["accounts.csv"] and not bundle.archive
    assert [(p.error.line, p.error.column) for p in bundle.problems] == [(4, "signed_on"), (5, "outcome")]
    assert report.tallies["accounts"].added == 2
    people = {a.name: a for a in repo.accounts()}
    assert people["Bakkerij Jansen"].deal_value == 15000.5 and people["Bakkerij Jansen"].weekly_hours == 7.5
    assert people["Bakkerij Jansen"].signed_on == dt.date(2026, 2, 1) and len(people["Visser"].uid) == 32
    # The same file again, now that the accounts exist by name and company: nothing new.
    again = portable.run(repo, portable.read_bundle(repo, text.encode("cp1252")))
    assert again.tallies["accounts"].added == 0 and again.tallies["accounts"].skipped == 2


def test_an_evidence_file_leaves_out_rows_of_no_account_or_of_a_shared_name_and_says_why(db_url: str) -> None:
    repo = open_repository(db_url)
    for key, company in (("a", "Bakkerij"), ("b", "Garage")):
        repo.screen_prospect(
            AccountDraft(name="Pieter van Dijk", company=company), _screen(TODAY, Answer.YES), key
        )
    repo.screen_prospect(AccountDraft(name="Noor"), _screen(TODAY, Answer.YES), "n")
    text = (
        "account,date,note\r\n"
        "Noor,2026-11-01,Asked for a discount again\r\n"
        "Pieter van Dijk,2026-11-02,Which Pieter?\r\n"
        "Nobody,2026-11-03,No such account\r\n"
    )

    report = portable.run(repo, portable.read_bundle(repo, text.encode()))

    assert report.tallies["evidence"].added == 1
    assert [(left.line, left.reason) for left in report.left] == [(3, "ambiguous"), (4, "no_account")]
    said = [portable.left_text(left) for left in report.left]
    assert said[0].startswith("2 accounts are called 'Pieter van Dijk'")
    assert said[1].startswith("no account 'Nobody' here")
    assert [n.text for n in repo.all_evidence()] == ["Asked for a discount again"]

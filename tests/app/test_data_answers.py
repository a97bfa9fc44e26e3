"""The Data page and their answers: a download of every answer set, and an upload of that file
that previews, imports into the accounts of those names, and adds nothing the second time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from formats.answers_csv import answer_columns
from scoring import default_rubric
from scoring.questionnaires import QuestionnaireKind
from storage import Repository
from ui.data_view import download_bytes, file_name, preview

RUBRIC = default_rubric()
TODAY = dt.date.today()
BOM = b"\xef\xbb\xbf"


def _open(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("pages/data.py").run()


def _upload(app: AppTest, data: bytes, name: str = "answers.csv") -> AppTest:
    return app.file_uploader(key="data.upload").set_value((name, data, "text/csv")).run()


def _answered(repo: Repository, account_id: int) -> None:
    token, _ = repo.create_questionnaire(account_id, QuestionnaireKind.FIT, 30, "Studio Noord")
    repo.submit_answers(token, 1, {"rate": "fair", "worries": "=1+1"}, "en")


def test_the_answers_download_has_the_documented_columns_and_a_bom(
    repo: Repository, add_prospect: Callable[..., int]
) -> None:
    _answered(repo, add_prospect("Ann"))
    data = download_bytes(repo, RUBRIC, "answers", ";", TODAY)
    assert data.startswith(BOM)
    header, row = data[len(BOM) :].decode("utf-8").split("\r\n")[:2]
    assert header == ";".join(answer_columns())
    assert row.startswith("Ann;fit;") and ";'=1+1;" in row
    assert file_name("answers", TODAY).startswith("thinslice-answers-")


def test_an_answers_file_is_previewed_as_one() -> None:
    shown = preview(b"account,kind,submitted_at,rate\nAnn,fit,2026-05-04T09:30:00Z,fair\n", RUBRIC)
    assert shown.answers is not None and shown.plan is None and shown.rows == 1
    broken = preview(b"account,submitted_at,rate\nAnn,2026-05-04T09:30:00Z,fair\n", RUBRIC)
    assert broken.of_answers and broken.header == ("Missing columns: kind",)


def test_uploading_their_answers_imports_them_once(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    ann = add_prospect("Ann")
    data = (
        b"account,kind,submitted_at,rate,recommend\n"
        b"Ann,fit,2026-05-04T09:30:00Z,fair,\n"
        b"Nobody,fit,2026-05-04T09:30:00Z,fair,\n"
        b"Ann,fit,2026-05-04T09:31:00Z,cheap,\n"
    )
    _upload(_open(app), data)
    assert not app.exception
    assert {m.label: m.value for m in app.metric} == {
        "Answer sets to import": "2",
        "Accounts": "2",
        "Bad rows": "1",
    }
    assert repo.their_answers() == []
    app.button(key="data.import.answers").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["1 added, 0 already there."]
    assert len(app.warning) == 1
    assert [side.account_id for side in repo.their_answers()] == [ann]
    assert [a.name for a in repo.accounts()] == ["Ann"], "an unknown name makes no account"

    _upload(app, data, name="answers-again.csv")
    app.button(key="data.import.answers").click().run()
    assert [i.value for i in app.info] == ["0 added, 1 already there."]
    assert len(repo.their_answers()) == 1

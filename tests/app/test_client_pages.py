"""Signed clients through the pages: signing, check-ins, evidence, letting go, ending."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from i18n import format_date
from scoring import AccountDraft, Answer, Assessment, Kind, Outcome, Verdict, default_rubric
from scoring.limits import COUNT_MAX, NOTE_MAX
from services.accounts import account_card, account_view
from storage import Repository
from tests import factories

RUBRIC = default_rubric()
TODAY = dt.date.today()


def _assessment(days_ago: int, kind: Kind = Kind.CHECKIN, **answers: Answer) -> Assessment:
    return factories.assessment(
        TODAY - dt.timedelta(days=days_ago), kind=kind, answer=Answer.HELL_YES, overrides=answers
    )


def _client(repo: Repository, name: str, baseline_days_ago: int = 200) -> int:
    stored = repo.add_client(
        AccountDraft(name=name),
        _assessment(baseline_days_ago, Kind.SCREEN),
        TODAY - dt.timedelta(days=baseline_days_ago),
        f"client-{name}",
    )
    return stored.account_id


def _open_client(app: AppTest, account_id: int, tab: str = "History") -> AppTest:
    """The client page on one tab, as a link with `&tab=` opens it: only the open tab runs."""
    app.switch_page("pages/client.py")
    app.query_params["account"] = str(account_id)
    if tab != "History":
        app.query_params["tab"] = tab
    return app.run()


def _text(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown).replace("\\", "")


def test_signing_a_prospect_turns_its_screen_into_the_baseline(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Future Client")
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    app.button(key=f"FormSubmitter:sign-form-{account}-Sign as client").click().run()
    assert not app.exception
    record = repo.account(account)
    assert record.stage.value == "client" and record.signed_on == TODAY


def test_a_check_in_takes_suggestions_from_signals_and_stores_both(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Slow Payer")
    _open_client(app, account, "Check-in")
    app.number_input(key=f"checkin.{account}.signal.invoice_days_late").set_value(65).run()
    assert app.session_state[f"checkin.{account}.q.payment"] == Answer.HELL_NO
    assert any("Suggested: **Hell no**" in c.value for c in app.caption)
    # The person overrules the suggestion; both are kept.
    app.segmented_control(key=f"checkin.{account}.q.payment").set_value(Answer.NO)
    for key in RUBRIC.keys:
        if key != "payment":
            app.segmented_control(key=f"checkin.{account}.q.{key}").set_value(Answer.HELL_YES)
    app.button(key=f"FormSubmitter:checkin-form-{account}-Save the check-in").click().run()
    assert not app.exception
    checkin = repo.assessments(account)[-1].assessment
    assert checkin.kind is Kind.CHECKIN
    assert checkin.answers["payment"] is Answer.NO
    assert checkin.suggested == {"payment": Answer.HELL_NO}
    assert checkin.signals.invoice_days_late == 65


def test_a_second_check_in_on_the_same_day_is_refused_next_to_the_date(
    app: AppTest, repo: Repository
) -> None:
    account = _client(repo, "Twice A Day")
    repo.add_checkin(account, _assessment(0), "first-today")
    _open_client(app, account, "Check-in")
    for key in RUBRIC.keys:
        app.segmented_control(key=f"checkin.{account}.q.{key}").set_value(Answer.YES)
    app.button(key=f"FormSubmitter:checkin-form-{account}-Save the check-in").click().run()
    assert any("already a check-in on" in e.value for e in app.error)
    assert len(repo.assessments(account)) == 2


def test_the_client_page_shows_let_go_with_the_payment_playbook(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Kees Mulder")
    repo.add_checkin(account, _assessment(70, payment=Answer.NO), "c1")
    repo.add_checkin(account, _assessment(40, payment=Answer.HELL_NO), "c2")
    repo.add_checkin(account, _assessment(10, payment=Answer.HELL_NO, responsiveness=Answer.NO), "c3")
    _open_client(app, account, "Let go")
    assert not app.exception
    banner = "\n".join(str(h.proto.body) for h in app.get("html"))
    assert "LET GO" in banner
    text = _text(app)
    assert "Payment problems" in text
    assert "Collect outstanding invoices first" in text
    # Greeted by the first name, which the person can correct; English has no je/u choice.
    assert app.text_input(key=f"letgo.{account}.first_name").value == "Kees"
    assert f"letgo.{account}.register" not in [c.key for c in app.segmented_control]
    message = next(t for t in app.text_area if t.label.startswith("Exit message"))
    assert message.value is not None and message.value.startswith("Hi Kees,\n")
    app.text_input(key=f"letgo.{account}.first_name").input("Cornelis").run()
    message = next(t for t in app.text_area if t.label.startswith("Exit message"))
    assert message.value is not None and message.value.startswith("Hi Cornelis,\n")


def test_evidence_notes_are_dated_and_shown_as_typed(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Paper Trail")
    _open_client(app, account, "Evidence")
    app.text_area(key=f"evidence.{account}.text").input("Asked for **free** work <b>again</b>")
    app.button(key=f"FormSubmitter:evidence-form-{account}-Add note").click().run()
    assert not app.exception
    notes = repo.evidence(account)
    assert [n.text for n in notes] == ["Asked for **free** work <b>again</b>"]
    assert "Asked for **free** work <b>again</b>" in [t.value for t in app.text]


def test_ending_a_relationship_records_the_outcome(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Went Under")
    _open_client(app, account, "Let go")
    app.radio(key=f"end.{account}.outcome").set_value(Outcome.WENT_BUST)
    app.button(key=f"FormSubmitter:end-form-{account}-End it").click().run()
    assert not app.exception
    assert repo.account(account).outcome is Outcome.WENT_BUST


def test_adding_an_existing_client_with_a_backdated_baseline(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/clients.py").run()
    app.text_input(key="screen.client.name").input("Old Friend")
    app.date_input(key="screen.client.date").set_value(TODAY - dt.timedelta(days=400))
    app.date_input(key="screen.client.signed").set_value(TODAY - dt.timedelta(days=390))
    app.segmented_control(key="screen.client.gut").set_value(Verdict.HELL_YES)
    for key in RUBRIC.keys:
        app.segmented_control(key=f"screen.client.q.{key}").set_value(Answer.HELL_YES)
    app.button(key="FormSubmitter:screen-form-client-Add the client").click().run()
    assert not app.exception
    client = repo.overview()[0].account
    assert client.name == "Old Friend" and client.stage.value == "client"
    assert client.signed_on == TODAY - dt.timedelta(days=390)
    assert repo.assessments(client.id)[0].assessment.taken_on == TODAY - dt.timedelta(days=400)


def test_a_client_with_three_years_of_check_ins_renders(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Long Haul", baseline_days_ago=36 * 30 + 5)
    for month in range(36):
        answer = Answer.HELL_YES if month % 5 else Answer.YES
        repo.add_checkin(account, _assessment(36 * 30 - month * 30, scope=answer), f"long-{month}")
    _open_client(app, account)
    assert not app.exception
    assert len(app.get("vega_lite_chart")) >= 2


def test_home_lists_clients_in_trouble_before_healthy_ones(app: AppTest, repo: Repository) -> None:
    healthy = _client(repo, "Healthy")
    repo.add_checkin(healthy, _assessment(5), "h1")
    abusive = _client(repo, "Abusive")
    repo.add_checkin(abusive, _assessment(5, respect=Answer.NO), "a1")
    app.run()
    assert not app.exception
    # Alerts are links to the account (they were error boxes): the first is the fire-now client.
    links = [e for e in app.get("page_link") if isinstance(e, PageLink)]
    alerts = [link.value for link in links if "account=" in link.proto.query_string]
    assert "Abusive" in alerts[0] and "Fire now" in alerts[0]
    names = list(app.dataframe[0].value["Name"])
    assert names.index("Abusive") < names.index("Healthy")


def test_after_a_saved_check_in_the_page_says_what_changed(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Slipping", baseline_days_ago=100)
    repo.add_checkin(account, _assessment(40, payment=Answer.YES), "before")
    _open_client(app, account, "Check-in")
    assert "HELL YES" in "\n".join(str(h.proto.body) for h in app.get("html"))
    for key in RUBRIC.keys:
        app.segmented_control(key=f"checkin.{account}.q.{key}").set_value(Answer.HELL_YES)
    app.segmented_control(key=f"checkin.{account}.q.payment").set_value(Answer.HELL_NO)
    app.segmented_control(key=f"checkin.{account}.q.scope").set_value(Answer.YES)
    app.button(key=f"FormSubmitter:checkin-form-{account}-Save the check-in").click().run()
    assert not app.exception
    # Instead of an empty form: the new status, the score, and which answers moved, against
    # the check-in of 40 days ago.
    assert [s.value for s in app.success] == [f"Check-in of {format_date(TODAY)} saved."]
    text = _text(app)
    assert "**Status:** Hell yes → **Watch**" in text
    earlier = TODAY - dt.timedelta(days=40)
    assert "**Score:** 97.5 → **87.5**" in text
    assert f"Compared with the check-in of {format_date(earlier)}." in [c.value for c in app.caption]
    assert (
        "**Went down**\n\n- Payment reliability: Yes → **Hell no**\n- Scope discipline: Hell yes → **Yes**"
        in text
    )
    assert "Went up" not in text
    # No blank form under it.
    assert not [c for c in app.get("segmented_control") if str(c.key).startswith("checkin.")]
    assert "WATCH" in "\n".join(str(h.proto.body) for h in app.get("html"))


def test_after_a_saved_check_in_the_next_form_starts_empty(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Fresh Form")
    _open_client(app, account, "Check-in")
    app.number_input(key=f"checkin.{account}.signal.invoice_days_late").set_value(20).run()
    for key in RUBRIC.keys:
        app.segmented_control(key=f"checkin.{account}.q.{key}").set_value(Answer.YES)
    app.date_input(key=f"checkin.{account}.date").set_value(TODAY - dt.timedelta(days=3))
    app.button(key=f"FormSubmitter:checkin-form-{account}-Save the check-in").click().run()
    assert len(repo.assessments(account)) == 2
    assert "**Status:** Stale → **Let go**" in _text(app)
    app.button(key=f"checkin.another.{account}").click().run()
    assert not app.success
    # New widgets: nothing of the saved check-in is left on the screen to be sent again.
    assert app.number_input(key=f"checkin.{account}.g1.signal.invoice_days_late").value is None
    assert app.segmented_control(key=f"checkin.{account}.g1.q.payment").value is None
    assert app.date_input(key=f"checkin.{account}.g1.date").value == TODAY


def test_the_client_page_has_six_short_tabs_with_ending_under_let_go(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Short Tabs")
    _open_client(app, account, "Let go")
    assert [t.label for t in app.tabs] == ["History", "Check-in", "Invoices", "Evidence", "Let go", "Share"]
    let_go_tab = app.tabs[4]
    assert let_go_tab.selectbox(key=f"letgo.{account}.reason") is not None
    assert let_go_tab.radio(key=f"end.{account}.outcome") is not None


def test_only_the_open_tab_runs_and_the_address_names_it(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "One Tab At A Time")
    _open_client(app, account)
    # History: its two charts, and none of the other tabs' forms.
    assert len(app.get("vega_lite_chart")) == 2
    assert not app.get("form")
    assert "tab" not in app.query_params
    _open_client(app, account, "Check-in")
    assert not app.get("vega_lite_chart")
    assert len(app.get("form")) == 1
    assert "Save the check-in" in [b.label for b in app.button]
    assert app.query_params["tab"] == "Check-in"
    _open_client(app, account, "Share")
    assert "Create link" in [b.label for b in app.button]
    assert not app.get("vega_lite_chart")


def test_an_unknown_tab_in_the_address_opens_history(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Odd Link")
    _open_client(app, account, "Nonsense")
    assert not app.exception
    assert len(app.get("vega_lite_chart")) == 2
    assert "tab" not in app.query_params


def test_home_items_open_the_client_where_the_person_acts(app: AppTest, repo: Repository) -> None:
    due = _client(repo, "Due For A Talk")
    repo.add_checkin(due, _assessment(35), "due-1")
    abusive = _client(repo, "Shouts A Lot")
    repo.add_checkin(abusive, _assessment(5, respect=Answer.NO), "abusive-1")
    app.run()
    links = {
        link.value.split("**")[1]: link.proto.query_string
        for link in app.get("page_link")
        if isinstance(link, PageLink) and "account=" in link.proto.query_string
    }
    assert links["Due For A Talk"] == f"account={due}&tab=Check-in"
    assert links["Shouts A Lot"] == f"account={abusive}&tab=Let+go"
    # The link's address opens the check-in form, not the history.
    _open_client(app, due, "Check-in")
    assert "Save the check-in" in [b.label for b in app.button]


def test_the_client_page_is_read_once_per_data_version_and_sees_other_writers(
    app: AppTest, repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = _client(repo, "Read Once")
    reads: list[int] = []
    real = account_view

    def counting(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("ui.scorecard.account_view", counting)
    _open_client(app, account)
    app.run()
    app.run()
    assert len(reads) == 1  # clicks that change nothing read nothing again
    assert "0 check-ins" in " ".join(c.value for c in app.caption)
    # Another person records a check-in: `repo` is not the app's own repository, as another
    # server's would not be.
    repo.add_checkin(account, _assessment(1, payment=Answer.NO), "from-elsewhere")
    app.run()
    assert len(reads) == 2
    assert "1 check-in" in " ".join(c.value for c in app.caption)


# --- a check-in in progress, kept in the browser ----------------------------------------------


def _restored_checkin(db_url: str, account_id: int, kept: dict[str, object]) -> None:
    """An app of one check-in form, handed a kept draft on its first run as the browser hands it."""
    import streamlit as st

    from scoring import default_rubric
    from storage import open_repository
    from ui.checkin_form import checkin_form, restore_draft

    repo = open_repository(db_url)
    rubric = default_rubric()
    account = repo.account(account_id)
    if "handed" not in st.session_state:
        st.session_state["handed"] = True
        restore_draft(rubric, account, kept)
    checkin_form(repo, rubric, account)


def _handed(db_url: str, account_id: int, kept: dict[str, object]) -> AppTest:
    return AppTest.from_function(_restored_checkin, args=(db_url, account_id, kept), default_timeout=60).run()


def _keepers(app: AppTest) -> list[dict[str, Any]]:
    return [
        json.loads(c.proto.json)
        for c in app.get("bidi_component")
        if c.proto.component_name == "thinslice.draft"
    ]


def _hints(app: AppTest) -> list[str]:
    return [str(c.value) for c in app.caption if "Suggested:" in str(c.value)]


def test_a_kept_check_in_comes_back_with_its_facts_and_their_suggestions(
    repo: Repository, db_url: str
) -> None:
    account = _client(repo, "Half Done", baseline_days_ago=100)
    day = TODAY - dt.timedelta(days=6)
    kept: dict[str, object] = {
        "signal.invoice_days_late": "65",
        "signal.out_of_scope_requests": "",
        "signal.leadership_change": "Yes",
        "date": day.isoformat(),
        # The person overruled the suggestion for payment: "Unsure" (2), not "Hell no".
        "q.payment": 2,
        "q.scope": 3,
        "q.respect": None,
        "note": "Waiting on the finance team.",
    }
    app = _handed(db_url, account, kept)
    assert not app.exception
    assert app.number_input(key=f"checkin.{account}.signal.invoice_days_late").value == 65
    assert app.number_input(key=f"checkin.{account}.signal.out_of_scope_requests").value is None
    assert app.selectbox(key=f"checkin.{account}.signal.leadership_change").value is True
    assert app.date_input(key=f"checkin.{account}.date").value == day
    assert app.segmented_control(key=f"checkin.{account}.q.payment").value == Answer.UNSURE
    assert app.segmented_control(key=f"checkin.{account}.q.scope").value == Answer.YES
    assert app.segmented_control(key=f"checkin.{account}.q.respect").value is None
    assert app.text_area(key=f"checkin.{account}.note").value == "Waiting on the finance team."
    # The suggestions follow from the kept facts, as when they were typed.
    assert _hints(app) == [
        ":material/lightbulb: Suggested: **Hell no**, because the latest invoice is 65 days overdue.",
        ":material/lightbulb: Suggested: **Unsure**, because the leadership changed this period.",
    ]
    # What came back is what gets saved.
    for key in RUBRIC.keys:
        if key not in ("payment", "scope"):
            app.segmented_control(key=f"checkin.{account}.q.{key}").set_value(Answer.HELL_YES)
    app.button(key=f"FormSubmitter:checkin-form-{account}-Save the check-in").click().run()
    saved = repo.assessments(account)[-1].assessment
    assert saved.taken_on == day
    assert saved.signals.invoice_days_late == 65 and saved.signals.leadership_change is True
    assert saved.answers["payment"] is Answer.UNSURE and saved.answers["scope"] is Answer.YES
    assert saved.suggested == {"payment": Answer.HELL_NO, "business_health": Answer.UNSURE}
    assert saved.note == "Waiting on the finance team."


def test_kept_values_the_check_in_would_not_take_are_left_out(repo: Repository, db_url: str) -> None:
    account = _client(repo, "Tampered", baseline_days_ago=100)
    signed = TODAY - dt.timedelta(days=100)
    kept: dict[str, object] = {
        "signal.invoice_days_late": "-3",
        "signal.out_of_scope_requests": str(COUNT_MAX + 1),
        "signal.missed_meetings": "2.5",
        "signal.after_hours_demands": "4",
        "signal.leadership_change": "Maybe",
        "date": (signed - dt.timedelta(days=1)).isoformat(),
        "q.payment": 5,
        "q.scope": True,
        "q.respect": "3",
        "q.champion": -1,
        "q.work_joy": 4,
        "note": "x" * (NOTE_MAX + 1),
        "unknown": "ignored",
    }
    app = _handed(db_url, account, kept)
    assert not app.exception
    assert app.number_input(key=f"checkin.{account}.signal.invoice_days_late").value is None
    assert app.number_input(key=f"checkin.{account}.signal.out_of_scope_requests").value is None
    assert app.number_input(key=f"checkin.{account}.signal.missed_meetings").value is None
    assert app.number_input(key=f"checkin.{account}.signal.after_hours_demands").value == 4
    assert app.selectbox(key=f"checkin.{account}.signal.leadership_change").value is None
    assert app.date_input(key=f"checkin.{account}.date").value == TODAY
    for key in ("payment", "scope", "respect", "champion"):
        assert app.segmented_control(key=f"checkin.{account}.q.{key}").value is None
    assert app.segmented_control(key=f"checkin.{account}.q.work_joy").value == Answer.HELL_YES
    assert app.text_area(key=f"checkin.{account}.note").value == ""

    # A date after today, or no date at all, is left out as well.
    later = _handed(db_url, account, {"date": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert later.date_input(key=f"checkin.{account}.date").value == TODAY
    odd = _handed(db_url, account, {"date": "30/11/2026", "signal.leadership_change": "No"})
    assert odd.date_input(key=f"checkin.{account}.date").value == TODAY
    assert odd.selectbox(key=f"checkin.{account}.signal.leadership_change").value is False


def test_the_check_in_tab_keeps_its_draft_per_client_and_forgets_it_once_saved(
    app: AppTest, repo: Repository
) -> None:
    account = _client(repo, "Kept Here")
    _open_client(app, account)
    assert _keepers(app) == []  # History is open: no form, nothing to keep
    _open_client(app, account, "Check-in")
    (keeper,) = _keepers(app)
    assert keeper["store"] == f"thinslice.draft.checkin.{account}"
    assert keeper["ask"] is True and keeper["clear"] is None
    fields = {f["name"]: f for f in keeper["fields"]}
    assert fields["signal.leadership_change"]["kind"] == "select"
    assert fields["signal.leadership_change"]["blank"] == "Not noted"
    assert fields["signal.invoice_days_late"]["kind"] == "text"
    # The date shown by default is no choice of the person's: a draft of today is not dated today tomorrow.
    assert fields["date"]["ignore_empty"] is True and fields["date"]["blank"] == TODAY.isoformat()
    assert len([n for n in fields if n.startswith("q.")]) == len(RUBRIC.keys)
    # A fact typed: the server holds the form now, so no kept draft is offered over it.
    app.number_input(key=f"checkin.{account}.signal.invoice_days_late").set_value(20).run()
    assert _keepers(app)[0]["ask"] is False
    for key in RUBRIC.keys:
        app.segmented_control(key=f"checkin.{account}.q.{key}").set_value(Answer.YES)
    app.button(key=f"FormSubmitter:checkin-form-{account}-Save the check-in").click().run()
    assert len(repo.assessments(account)) == 2
    (forget,) = _keepers(app)
    assert forget["store"] == f"thinslice.draft.checkin.{account}" and forget["clear"]
    # A rerun of the summary does not forget again; the next form keeps a draft of its own.
    app.run()
    assert _keepers(app) == []
    app.button(key=f"checkin.another.{account}").click().run()
    (keeper,) = _keepers(app)
    assert keeper["clear"] is None and keeper["ask"] is True
    assert f"st-key-checkin-{account}-g1-q-payment" in {f["css"] for f in keeper["fields"]}


def test_discard_draft_empties_the_check_in_and_tells_the_browser_to_forget(
    app: AppTest, repo: Repository
) -> None:
    account = _client(repo, "Second Thoughts")
    _open_client(app, account, "Check-in")
    app.number_input(key=f"checkin.{account}.signal.missed_meetings").set_value(3).run()
    app.segmented_control(key=f"checkin.{account}.q.payment").set_value(Answer.NO)
    app.button(key=f"checkin.{account}#discard").click().run()
    assert not app.exception
    assert app.number_input(key=f"checkin.{account}.g1.signal.missed_meetings").value is None
    assert app.segmented_control(key=f"checkin.{account}.g1.q.payment").value is None
    assert _hints(app) == []
    (keeper,) = _keepers(app)
    assert keeper["clear"] and keeper["ask"] is True
    app.run()
    assert _keepers(app)[0]["clear"] is None
    assert len(repo.assessments(account)) == 1


def test_a_scorecard_is_read_once_per_data_version_and_sees_other_writers(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    account = add_prospect("Card Read Once")
    reads: list[bool] = []
    real = account_card

    def counting(*args: Any, **kwargs: Any) -> Any:
        reads.append(kwargs["include_notes"])
        return real(*args, **kwargs)

    monkeypatch.setattr("ui.card_view.account_card", counting)
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    app.run()
    app.run()
    assert reads == [True]  # clicks that change nothing read nothing again
    # Another person adds evidence: `repo` is not the app's own repository.
    repo.add_evidence(account, TODAY, "Answered the brief within the hour.", "from-elsewhere")
    app.run()
    assert not app.exception
    assert reads == [True, True]


def test_let_go_offers_a_reason_of_the_users_own_with_its_playbook(app: AppTest, repo: Repository) -> None:
    from scoring.rubric import rubric_from_data
    from services import rubrics

    data = RUBRIC.model_dump(mode="json", by_alias=True)
    data["reasons"] = [
        {
            "key": "slow_to_decide",
            "title": "Slow to decide",
            "why": "Weeks pass between a question and its answer.",
            "steps": ["Set a decision date for every open question."],
        }
    ]
    data["dimensions"][4]["reason"] = "slow_to_decide"  # payment, for this test
    rubrics.save(repo, rubric_from_data(data), based_on=1)
    account = _client(repo, "Kees Mulder")
    repo.add_checkin(account, _assessment(70, payment=Answer.NO), "c1")
    repo.add_checkin(account, _assessment(40, payment=Answer.HELL_NO), "c2")
    repo.add_checkin(account, _assessment(10, payment=Answer.HELL_NO), "c3")
    _open_client(app, account, "Let go")
    assert not app.exception
    text = _text(app)
    assert "The check-ins point at **slow to decide**" in text
    # Its own steps, led by collecting what is owed: payment is the dimension that fails.
    assert "##### Slow to decide\n1. Collect outstanding invoices first" in text
    assert "2. Set a decision date for every open question." in text
    message = next(t for t in app.text_area if t.label.startswith("Exit message"))
    assert message.value is not None and message.value.startswith("Hi Kees,\n")
    assert "time for me to end our collaboration" in message.value

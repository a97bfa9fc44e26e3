"""The domain in Dutch: the rubric and playbooks as data in both languages, reasons that render in
the reader's language however long they are cached, first names, and the two Dutch registers.

The rubric's and playbooks' Dutch is data (no catalog needed). Sentences built in code read Dutch
once the nl catalog holds them (`scripts/i18n.py`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from i18n import use_language
from scoring import Answer, Kind, Rubric, evaluate
from scoring.alerts import prospect_alerts
from scoring.names import first_name
from scoring.playbooks import COLLECT_FIRST, draft_message, playbook, playbooks, steps_for
from scoring.rules import Status
from scoring.status import client_status
from tests.factories import assessment

DAY = dt.date(2026, 11, 9)


def knocked_out(rubric: Rubric) -> dict[str, Answer]:
    return {key: Answer.HELL_NO if key == "respect" else Answer.HELL_YES for key in rubric.keys}


# --- the rubric and the playbooks, as data -------------------------------------------------


def test_every_text_of_the_default_rubric_is_written_in_dutch(rubric: Rubric) -> None:
    assert rubric.name_text.nl
    for dim in rubric.dimensions:
        for text in (dim.label_text, dim.prospect_text, dim.client_text, dim.hint_text):
            assert text.nl and text.nl != text.en, (dim.key, text.en)


def test_the_rubric_reads_in_the_current_language(rubric: Rubric) -> None:
    payment = rubric.dimension("payment")
    assert payment.label == "Payment reliability"
    with use_language("nl"):
        assert payment.label == "Betaalgedrag"
        assert rubric.name == "Thin Slice standaard"
        assert payment.question(Kind.CHECKIN) == "Betaalden ze deze periode elke factuur volledig en op tijd?"
        assert payment.hint.startswith("Te laat")


def test_a_rubric_hashes_and_compares_alike_in_every_language(rubric: Rubric) -> None:
    copy = type(rubric).model_validate(rubric.model_dump(mode="json"))
    english = (hash(rubric), hash(copy), rubric == copy)
    with use_language("nl"):
        assert (hash(rubric), hash(copy), rubric == copy) == english


def test_every_playbook_text_is_written_in_dutch() -> None:
    for key, book in playbooks().items():
        assert book.title_text.nl and book.why_text.nl, key
        assert all(step.nl for step in book.steps_text), key
        assert book.message.je != book.message.u, key
        with use_language("nl"):
            assert book.title == book.title_text.nl
            assert book.steps == tuple(step.nl for step in book.steps_text)


# --- exit messages -----------------------------------------------------------------------


def test_english_greets_by_first_name() -> None:
    assert draft_message("payment", "Kees", "Dana", language="en").startswith("Hi Kees,\n")


@pytest.mark.parametrize("reason", sorted(playbooks()))
def test_dutch_comes_in_je_and_u_and_greets_by_first_name(reason: str) -> None:
    je = draft_message(reason, "Kees", "Dana", language="nl")
    u = draft_message(reason, "Kees", "Dana", formal=True, language="nl")
    assert je != u
    for text in (je, u):
        assert text.startswith("Beste Kees,\n")
        assert text.rstrip().endswith("Dana")
        assert "{" not in text and len(text) < 900
    assert " u " in u and " je " in je
    assert " je " not in u and " jij " not in u


def test_the_current_language_picks_the_message_and_formal_matters_only_in_dutch() -> None:
    with use_language("nl"):
        assert draft_message("scope_creep", "Kees").startswith("Beste Kees,")
        assert draft_message("scope_creep", "Kees").rstrip().endswith("[je naam]")
    assert draft_message("scope_creep", "Kees", formal=True) == draft_message("scope_creep", "Kees")


def test_without_a_first_name_the_dutch_greets_without_one() -> None:
    text = draft_message("payment", "", "Dana", formal=True, language="nl")
    assert text.startswith("Goedendag,\n")


def test_a_first_name_that_looks_like_a_placeholder_is_kept_literally_in_dutch() -> None:
    text = draft_message("scope_creep", "{me}", "Dana", language="nl")
    assert text.startswith("Beste {me},")
    assert text.count("Dana") == 1


# --- first names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("account", "first"),
    [
        ("Kees Mulder", "Kees"),
        ("Zoë Bakker", "Zoë"),
        ("drs. Anna de Vries", "Anna"),
        ("Kees", "Kees"),
        ("  Kees   Mulder ", "Kees"),
        ("Jan-Willem van 't Hek", "Jan-Willem"),
        ("prof. dr. Piet Hein", "Piet"),
    ],
)
def test_a_person_is_greeted_by_first_name(account: str, first: str) -> None:
    assert first_name(account) == first


@pytest.mark.parametrize(
    "account",
    [
        "Bakkerij Zoë B.V.",
        "Acme Ltd",
        "Studio Noord",
        "Kees Mulder 2",
        "Mulder & Zn",
        "Mulder BV",
        "Acme GmbH",
        "Acme Inc",
        "Blue Group",
        "Red Agency",
        "Pixel Design",
        "van Dijk",
        "J. Mulder",
        "Mr Smith",
        "Mulder, Kees",
        "ACME",
        "acme",
        "",
    ],
)
def test_a_name_that_is_not_clearly_a_person_gives_no_first_name(account: str) -> None:
    assert first_name(account) == ""


# --- cached sentences render in the reader's language -------------------------------------


def test_a_verdict_built_in_english_names_its_dimensions_in_dutch_when_read_in_dutch(rubric: Rubric) -> None:
    result = evaluate(rubric, knocked_out(rubric))  # built (and cached) while English is current
    english = str(result.blockers[0].message)
    assert "Respect & ethics" in english
    with use_language("nl"):
        assert "Respect en integriteit" in str(result.blockers[0].message)
        assert evaluate(rubric, knocked_out(rubric)) is result  # the same cached verdict
    assert str(result.blockers[0].message) == english


def test_a_status_built_in_english_names_its_dimensions_in_dutch_when_read_in_dutch(rubric: Rubric) -> None:
    baseline = assessment(DAY, answer=Answer.HELL_YES)
    checkin = assessment(DAY + dt.timedelta(days=30), kind=Kind.CHECKIN, answers=knocked_out(rubric))
    status = client_status(rubric, baseline, [checkin], DAY + dt.timedelta(days=31))
    assert status.status is Status.FIRE_NOW
    with use_language("nl"):
        assert "Respect en integriteit" in str(status.deciding.message)


# The sentences below come from the catalog: they read Dutch once the nl catalog is merged.


def test_a_cached_verdict_reads_dutch_sentences_and_numbers(rubric: Rubric) -> None:
    answers = dict.fromkeys(rubric.keys, Answer.YES) | {"payment": Answer.UNSURE, "scope": Answer.UNSURE}
    result = evaluate(rubric, answers)
    assert str(result.blockers[-1].message) == "The score is 70; a hell yes needs 80 or more."
    knock = evaluate(rubric, knocked_out(rubric))
    with use_language("nl"):
        assert str(result.blockers[-1].message) == "De score is 70; voor een hell yes is 80 of meer nodig."
        assert str(knock.blockers[0].message) == (
            "Respect en integriteit is een knock-out en het antwoord was “Hell no”: alleen daardoor is "
            "het al een hell no, wat de score ook is."
        )


def test_a_score_with_decimals_is_written_the_dutch_way(rubric: Rubric) -> None:
    answers = dict.fromkeys(rubric.keys, Answer.HELL_YES) | {
        "payment": Answer.UNSURE,
        "scope": Answer.UNSURE,
        "champion": Answer.NO,
        "work_joy": Answer.NO,
        "style_fit": Answer.YES,
    }
    result = evaluate(rubric, answers)
    assert "72.5" in str(result.blockers[-1].message)
    with use_language("nl"):
        assert "72,5" in str(result.blockers[-1].message)


def test_labels_and_changes_read_dutch(rubric: Rubric) -> None:
    answers = dict.fromkeys(rubric.keys, Answer.HELL_YES) | {"payment": Answer.HELL_NO}
    (change,) = evaluate(rubric, answers).to_hell_yes  # worked out, and kept, in English
    assert (str(change.label), change.target) == ("Payment reliability", "at least No")
    with use_language("nl"):
        assert str(change.label) == "Betaalgedrag"
        assert change.target == "minstens Nee"
        assert Answer.UNSURE.label == "Twijfel"
        assert Status.LET_GO.label == "Afscheid nemen"
        assert Status.STALE.label == "Verouderd"
        assert Kind.SCREEN.label == "screening"
        assert str(COLLECT_FIRST).startswith("Int eerst")
        assert steps_for("payment")[0] == str(COLLECT_FIRST)


def test_alerts_kept_in_english_read_dutch(rubric: Rubric) -> None:
    result = evaluate(rubric, knocked_out(rubric))
    alerts = prospect_alerts(rubric, result, DAY, DAY + dt.timedelta(days=100))
    assert [str(a.message) for a in alerts][-1] == "Screened 100 days ago: re-screen before you sign."
    with use_language("nl"):
        assert str(alerts[0].message) == "Knock-out op Respect en integriteit: niet tekenen."
        assert str(alerts[-1].message) == "100 dagen geleden gescreend: screen opnieuw voordat je tekent."


def test_the_playbook_of_a_reason_is_the_same_book_in_every_language() -> None:
    book = playbook("payment")
    with use_language("nl"):
        assert playbook("payment") is book
        assert book.title == "Betalingsproblemen"

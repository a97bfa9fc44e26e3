"""Looking an account up by name: a narrow scan of names, then whole records of the matches only."""

from __future__ import annotations

from scoring import AccountDraft, Answer
from services.duplicates import accounts_named
from storage import Repository
from tests import factories


def _add(repo: Repository, name: str, company: str = "") -> int:
    screen = factories.assessment(answer=Answer.YES)
    return repo.screen_prospect(
        AccountDraft(name=name, company=company), screen, f"k-{name}-{company}"
    ).account_id


def test_account_names_lists_every_account_by_id_and_records_come_back_for_ids(repo: Repository) -> None:
    first = _add(repo, "Jürgen Weiß")
    second = _add(repo, "ŁUKASZ Nowak", "Nowak Sp. z o.o.")
    assert repo.account_names() == [(first, "Jürgen Weiß"), (second, "ŁUKASZ Nowak")]
    assert [a.name for a in repo.accounts_with_ids([second, 99_999])] == ["ŁUKASZ Nowak"]
    assert repo.accounts_with_ids([]) == []


def test_a_name_is_found_whatever_its_case_and_spacing_same_company_first(repo: Repository) -> None:
    elsewhere = _add(repo, "Łukasz  Nowak")
    same_company = _add(repo, "łukasz nowak", "Nowak Sp. z o.o.")
    _add(repo, "Łukasz Nowakowski")
    found = accounts_named(repo, "  ŁUKASZ NOWAK ", "nowak sp. z o.o.")
    assert [a.id for a in found] == [same_company, elsewhere]
    assert accounts_named(repo, "Nobody") == []
    assert accounts_named(repo, "   ") == []

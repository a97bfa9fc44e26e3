"""A name is the same name whatever its case and spacing; the same company comes first."""

from __future__ import annotations

import datetime as dt

from scoring import Stage
from scoring.accounts import AccountRecord
from scoring.names import name_key
from services.duplicates import same_name


def _account(account_id: int, name: str, company: str = "") -> AccountRecord:
    return AccountRecord(
        id=account_id,
        name=name,
        company=company,
        deal_value=None,
        stage=Stage.PROSPECT,
        created_at=dt.datetime(2026, 1, 1),
    )


def test_case_and_spacing_do_not_make_another_name() -> None:
    assert name_key("  pieter   VAN\tdijk ") == name_key("Pieter van Dijk") == "pieter van dijk"
    assert name_key("Pieter van Dijken") != name_key("Pieter van Dijk")
    assert name_key("STRAßE\u00a0Müller") == "strasse müller"  # folded, not only lowered; any space


def test_accounts_of_the_same_name_are_found_same_company_first() -> None:
    accounts = [
        _account(1, "Pieter van Dijk", "Other B.V."),
        _account(2, "Anna de Vries", "Van Dijk Bouw B.V."),
        _account(3, "PIETER VAN DIJK", "van dijk bouw b.v."),
    ]
    assert [a.id for a in same_name(accounts, "pieter van dijk", "Van Dijk Bouw B.V.")] == [3, 1]
    assert [a.id for a in same_name(accounts, "pieter van dijk")] == [1, 3]


def test_a_blank_name_matches_nothing() -> None:
    assert same_name([_account(1, "x")], "   ") == []

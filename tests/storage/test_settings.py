"""Each person's settings: kept per owner, replaced in place, and never a change to the portfolio."""

from __future__ import annotations

import threading

import pytest

from services.settings import LOCAL, Preferences, preferences, save_address, save_language, save_your_name
from storage import Repository


def test_a_new_database_has_no_choices(repo: Repository) -> None:
    assert preferences(repo) == Preferences()


def test_settings_are_kept_per_person(repo: Repository) -> None:
    save_language(repo, LOCAL, "nl")
    save_address(repo, "anna@example.com", formal=True)
    save_your_name(repo, "anna@example.com", "  Anna   de Vries ")
    assert preferences(repo) == Preferences(language="nl")
    assert preferences(repo, "anna@example.com") == Preferences(formal=True, your_name="Anna de Vries")


def test_saving_again_replaces_the_value(repo: Repository) -> None:
    save_language(repo, LOCAL, "nl")
    save_language(repo, LOCAL, "en")
    assert preferences(repo).language == "en"
    assert repo.settings(LOCAL) == {"language": "en"}


def test_an_unknown_language_is_refused_and_nothing_is_stored(repo: Repository) -> None:
    with pytest.raises(ValueError, match="language must be one of en, nl"):
        save_language(repo, LOCAL, "xx")
    assert repo.settings(LOCAL) == {}


def test_a_setting_is_not_a_write_to_the_portfolio(repo: Repository) -> None:
    """Lists cache on the data version: choosing a language must not make every session read again."""
    before = repo.data_version()
    save_language(repo, LOCAL, "nl")
    assert repo.data_version() == before


def test_saves_of_one_setting_at_once_all_succeed_and_one_wins(repo: Repository) -> None:
    errors: list[BaseException] = []

    def save(value: str) -> None:
        try:
            for _ in range(10):
                save_your_name(repo, LOCAL, value)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(f"Name {i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert preferences(repo).your_name in {f"Name {i}" for i in range(4)}

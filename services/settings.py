"""Each person's own choices: the language they read, *je* or *u* in Dutch exit messages, and the
name that signs those messages. Kept in the database, per signed-in person (their e-mail
address) or for the local user of an app without sign-in (owner "").
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import LANGUAGES
from scoring.limits import NAME_MAX
from storage import Repository

#: The owner of the settings of an app without sign-in: its one local user.
LOCAL = ""
LANGUAGE = "language"
ADDRESS = "address"
YOUR_NAME = "your_name"
#: The name or business a questionnaire's respondent sees as its sender.
SENDER = "questionnaire_sender"
#: How a Dutch exit message addresses the client: informal *je* or formal *u*.
ADDRESSES = ("je", "u")


@dataclass(frozen=True, slots=True)
class Preferences:
    #: The language chosen, or None while the person has not chosen (the browser's decides).
    language: str | None = None
    #: True for *u* in Dutch exit messages.
    formal: bool = False
    #: Signs the drafted exit messages; "" leaves a placeholder to fill in.
    your_name: str = ""
    #: The name or business that sends questionnaires; "" uses `your_name`.
    sender: str = ""

    @property
    def questionnaire_sender(self) -> str:
        """Who a questionnaire says it comes from: the business name, else the person's."""
        return self.sender or self.your_name


def preferences(repo: Repository, owner: str = LOCAL) -> Preferences:
    stored = repo.settings(owner)
    language = stored.get(LANGUAGE)
    return Preferences(
        # A language whose catalog is gone since it was chosen reads as no choice.
        language=language if language in LANGUAGES else None,
        formal=stored.get(ADDRESS) == "u",
        your_name=stored.get(YOUR_NAME, ""),
        sender=stored.get(SENDER, ""),
    )


def save_language(repo: Repository, owner: str, language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    repo.save_setting(owner, LANGUAGE, language)


def save_address(repo: Repository, owner: str, formal: bool) -> None:
    repo.save_setting(owner, ADDRESS, "u" if formal else "je")


def save_your_name(repo: Repository, owner: str, name: str) -> None:
    repo.save_setting(owner, YOUR_NAME, " ".join(name.split())[:NAME_MAX])


def save_sender(repo: Repository, owner: str, name: str) -> None:
    repo.save_setting(owner, SENDER, " ".join(name.split())[:NAME_MAX])

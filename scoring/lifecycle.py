"""The rules of an account's life: who may be signed, when a check-in is allowed, which
screen is a client's baseline, and what an imported row does to an account.

The repository asks these inside its write transaction (with the facts it just read
under lock) and stores only what they allow; each refusal says why, in words for the
person who tried.
"""

from __future__ import annotations

import datetime as dt

from i18n import _
from scoring.models import Assessment, Kind, Stage


class Refused(ValueError):
    """A write the rules do not allow; the message says why, in words for the person."""


def check_new_client(baseline: Assessment, signed_on: dt.date) -> None:
    """A client who was never screened here brings a backdated screen as its baseline."""
    if baseline.kind is not Kind.SCREEN:
        raise Refused(_("A baseline is a screen, not a check-in."))
    if signed_on < baseline.taken_on:
        raise Refused(_("The client cannot be signed before its baseline was taken."))


def check_signing(first_screen: dt.date | None, signed_on: dt.date) -> None:
    """A prospect is signed on or after its first screen, which becomes the baseline."""
    if first_screen is None:
        raise Refused(_("Screen the prospect before signing it: the screen is the client's baseline."))
    if signed_on < first_screen:
        raise Refused(
            _("The signing date cannot be before the first screen ({day}).").format(
                day=first_screen.isoformat()
            )
        )


def checkin_taken(day: dt.date) -> str:
    return _("There is already a check-in on {day} for this client. Pick another date.").format(
        day=day.isoformat()
    )


def check_kind_is_checkin(assessment: Assessment) -> None:
    if assessment.kind is not Kind.CHECKIN:
        raise Refused(_("Only check-ins can be added here."))


def check_checkin(stage: Stage, signed_on: dt.date | None, day: dt.date, day_taken: bool) -> None:
    """A check-in belongs to a signed client, on or after signing, one a day."""
    if stage is not Stage.CLIENT:
        raise Refused(_("Sign the prospect as a client before its first check-in."))
    if signed_on is not None and day < signed_on:
        raise Refused(
            _("The check-in date is before the client was signed ({day}).").format(day=signed_on.isoformat())
        )
    if day_taken:
        raise Refused(checkin_taken(day))


def no_baseline(account: str, day: dt.date) -> Refused:
    return Refused(
        _("{account} has no screen on or before {day} to serve as baseline").format(
            account=repr(account), day=day.isoformat()
        )
    )


def imported_checkin_taken(account: str, day: dt.date) -> Refused:
    return Refused(
        _("{account} already has a different check-in on {day}").format(
            account=repr(account), day=day.isoformat()
        )
    )


def imported_name_ambiguous(account: str, count: int) -> Refused:
    """A row names its account only by a name that `count` accounts share: which one is not guessed."""
    return Refused(
        _(
            "{count} accounts are called {account}: the row does not say which; import a file with "
            "the account_uid column (every export has it), or rename one of them first"
        ).format(count=count, account=repr(account))
    )


def imported_signing(
    account: str, stage: Stage, incoming: Assessment, incoming_stage: Stage, baseline: dt.date | None
) -> dt.date | None:
    """What an imported row does to an existing account's stage: the signing date it gets
    (None: it stays as it is). `baseline` is the newest screen on or before a check-in's day.

    A check-in needs such a screen; it turns a prospect into a client signed on that screen's
    day. A screen marked as a client's signs a prospect on the screen's own day.
    """
    return signing_on_import(account, stage, incoming.kind, incoming.taken_on, incoming_stage, baseline)


def signing_on_import(
    account: str, stage: Stage, kind: Kind, day: dt.date, incoming_stage: Stage, baseline: dt.date | None
) -> dt.date | None:
    """`imported_signing` from the row's kind and day alone: what an import of thousands of rows
    asks, row after row, without an `Assessment` for each."""
    if kind is Kind.CHECKIN:
        if baseline is None:
            raise no_baseline(account, day)
        return baseline if stage is not Stage.CLIENT else None
    if incoming_stage is Stage.CLIENT and stage is not Stage.CLIENT:
        return day
    return None


def imported_new_account(account: str, incoming: Assessment, incoming_stage: Stage) -> dt.date | None:
    """An imported row naming an unknown account makes one: a check-in cannot (no baseline);
    a screen marked as a client's makes a client signed that day. Returns the signing date."""
    return new_account_on_import(account, incoming.kind, incoming.taken_on, incoming_stage)


def new_account_on_import(account: str, kind: Kind, day: dt.date, incoming_stage: Stage) -> dt.date | None:
    """`imported_new_account` from the row's kind and day alone (see `signing_on_import`)."""
    if kind is Kind.CHECKIN:
        raise no_baseline(account, day)
    return day if incoming_stage is Stage.CLIENT else None

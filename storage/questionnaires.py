"""Questionnaire links and the answers they bring back.

A link is a capability like a share link (only its hash is stored), but it takes one answer
set: the answers are stored in the same transaction that marks the link used, and only if it
was still open then, so fifty respondents submitting at once store fifty sets, and one link
submitted twice at once stores one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, and_, func, or_, select

from scoring.lifecycle import Refused
from scoring.limits import NAME_MAX, QUESTIONNAIRE_OPEN_MAX
from scoring.questionnaires import (
    QuestionnaireKind,
    QuestionnaireLink,
    TheirSide,
    fingerprint,
    too_many_open,
)
from scoring.sharing import expires_on, hash_token, looks_like_token, new_token
from storage import convert
from storage.base import Store
from storage.errors import Conflict, NotFound
from storage.schema import accounts, questionnaire_answers, questionnaire_links


class LinkClosed(Exception):
    """The link takes no answers (unknown, used, expired or withdrawn): the caller cannot tell which."""


def _link(r: Row[Any]) -> QuestionnaireLink:
    return QuestionnaireLink(
        id=r.id,
        account_id=r.account_id,
        kind=QuestionnaireKind(r.kind),
        created_at=convert.utc(r.created_at),
        expires_at=convert.utc(r.expires_at) if r.expires_at else None,
        revoked_at=convert.utc(r.revoked_at) if r.revoked_at else None,
        used_at=convert.utc(r.used_at) if r.used_at else None,
        sender=r.sender or "",
        opening=r.opening or "",
    )


def their_side(r: Row[Any]) -> TheirSide:
    """One stored answer set (a row of `questionnaire_answers`)."""
    return TheirSide(
        id=r.id,
        account_id=r.account_id,
        link_id=r.link_id,
        kind=QuestionnaireKind(r.kind),
        version=r.version,
        submitted_at=convert.utc(r.submitted_at),
        language=r.language,
        answers=dict(r.answers),
    )


def _open_now(now: dt.datetime) -> ColumnElement[bool]:
    c = questionnaire_links.c
    return and_(
        c.used_at.is_(None),
        c.revoked_at.is_(None),
        or_(c.expires_at.is_(None), c.expires_at > now),
    )


class Questionnaires(Store):
    def create_questionnaire(
        self,
        account_id: int,
        kind: QuestionnaireKind,
        days: int | None,
        sender: str,
        opening: str = "",
    ) -> tuple[str, QuestionnaireLink]:
        """A new link for one account. The raw token is returned once and never stored.

        Refused when the account already has `QUESTIONNAIRE_OPEN_MAX` links waiting for answers."""
        token = new_token()
        now = convert.now()
        with self._write() as conn:
            exists = conn.execute(convert.locked(account_id)).first()
            if exists is None:
                raise NotFound(f"no account with id {account_id}")
            waiting = conn.execute(
                select(func.count())
                .select_from(questionnaire_links)
                .where(questionnaire_links.c.account_id == account_id, _open_now(now))
            ).scalar_one()
            if waiting >= QUESTIONNAIRE_OPEN_MAX:
                raise Refused(too_many_open(waiting))
            link_id = conn.execute(
                questionnaire_links.insert()
                .values(
                    account_id=account_id,
                    kind=kind.value,
                    token_hash=hash_token(token),
                    created_at=now,
                    expires_at=expires_on(now, days),
                    sender=" ".join(sender.split())[:NAME_MAX],
                    opening=opening.strip(),
                )
                .returning(questionnaire_links.c.id)
            ).scalar_one()
        return token, self.questionnaire_link(link_id)

    def questionnaire_link(self, link_id: int) -> QuestionnaireLink:
        with self._read() as conn:
            row = conn.execute(select(questionnaire_links).where(questionnaire_links.c.id == link_id)).first()
        if row is None:
            raise NotFound(f"no questionnaire link with id {link_id}")
        return _link(row)

    def open_questionnaire(self, token: str, now: dt.datetime | None = None) -> QuestionnaireLink | None:
        """The link a token opens while it takes answers; None otherwise (callers cannot tell why)."""
        if not looks_like_token(token):
            return None
        with self._read() as conn:
            row = conn.execute(
                select(questionnaire_links).where(questionnaire_links.c.token_hash == hash_token(token))
            ).first()
        if row is None:
            return None
        link = _link(row)
        return link if link.is_open(now or convert.now()) else None

    def questionnaire_links(self, account_id: int) -> list[QuestionnaireLink]:
        """Every link of an account, newest first, whatever its state."""
        with self._read() as conn:
            rows = conn.execute(
                select(questionnaire_links)
                .where(questionnaire_links.c.account_id == account_id)
                .order_by(questionnaire_links.c.created_at.desc(), questionnaire_links.c.id.desc())
            ).all()
        return [_link(r) for r in rows]

    def revoke_questionnaire(self, link_id: int) -> bool:
        """Withdraw one link; True when it was still waiting for answers."""
        with self._write() as conn:
            result = conn.execute(
                questionnaire_links.update()
                .where(
                    questionnaire_links.c.id == link_id,
                    questionnaire_links.c.revoked_at.is_(None),
                    questionnaire_links.c.used_at.is_(None),
                )
                .values(revoked_at=convert.now())
            )
        return bool(result.rowcount)

    def submit_answers(
        self, token: str, version: int, answers: Mapping[str, str | int], language: str
    ) -> TheirSide:
        """Store their answers and close the link, in one transaction; `LinkClosed` when the
        link takes no answers (any more)."""
        if not looks_like_token(token):
            raise LinkClosed
        now = convert.now()
        try:
            with self._write() as conn:
                row = conn.execute(
                    select(questionnaire_links).where(questionnaire_links.c.token_hash == hash_token(token))
                ).first()
                if row is None:
                    raise LinkClosed
                # The update is the gate: of two submissions racing on one link, one changes a row.
                closed = conn.execute(
                    questionnaire_links.update()
                    .where(questionnaire_links.c.id == row.id, _open_now(now))
                    .values(used_at=now)
                )
                if closed.rowcount != 1:
                    raise LinkClosed
                kind = QuestionnaireKind(row.kind)
                account_id = int(row.account_id)
                answer_id = self.insert_answers(
                    conn, account_id, row.id, kind, version, now, answers, language
                )
                self._touch(conn, [account_id])
        except Conflict:
            raise LinkClosed from None
        # Built from what was written, not read back: once the commit is done the answers are
        # stored, and a failing read now must not tell the respondent they were not.
        return TheirSide(
            id=answer_id,
            account_id=account_id,
            link_id=int(row.id),
            kind=kind,
            version=version,
            submitted_at=now,
            language=language,
            answers=dict(answers),
        )

    @staticmethod
    def insert_answers(
        conn: Connection,
        account_id: int,
        link_id: int | None,
        kind: QuestionnaireKind,
        version: int,
        submitted_at: dt.datetime,
        answers: Mapping[str, str | int],
        language: str,
    ) -> int:
        return int(
            conn.execute(
                questionnaire_answers.insert()
                .values(
                    account_id=account_id,
                    link_id=link_id,
                    kind=kind.value,
                    version=version,
                    submitted_at=submitted_at,
                    language=language,
                    answers=dict(answers),
                    fingerprint=fingerprint(kind, submitted_at, answers),
                )
                .returning(questionnaire_answers.c.id)
            ).scalar_one()
        )

    def their_answer(self, answer_id: int) -> TheirSide:
        with self._read() as conn:
            row = conn.execute(
                select(questionnaire_answers).where(questionnaire_answers.c.id == answer_id)
            ).first()
        if row is None:
            raise NotFound(f"no questionnaire answers with id {answer_id}")
        return their_side(row)

    def answers_through(self, token: str) -> tuple[QuestionnaireLink, TheirSide] | None:
        """The link a token names and the answers it brought, when it brought any."""
        if not looks_like_token(token):
            return None
        with self._read() as conn:
            link = conn.execute(
                select(questionnaire_links).where(questionnaire_links.c.token_hash == hash_token(token))
            ).first()
            if link is None:
                return None
            row = conn.execute(
                select(questionnaire_answers).where(questionnaire_answers.c.link_id == link.id)
            ).first()
        return None if row is None else (_link(link), their_side(row))

    def their_answers(self, account_id: int | None = None) -> list[TheirSide]:
        """What the other side answered, oldest first: of one account, or of every account."""
        query = select(questionnaire_answers).order_by(
            questionnaire_answers.c.account_id,
            questionnaire_answers.c.submitted_at,
            questionnaire_answers.c.id,
        )
        if account_id is not None:
            query = query.where(questionnaire_answers.c.account_id == account_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [their_side(r) for r in rows]

    def import_their_answers(self, rows: list[tuple[int, TheirSide]]) -> tuple[int, int]:
        """Add answer sets read from a file (`(account_id, answers)`), each once: a set already
        stored (same fingerprint) is skipped. Returns (added, already there); one transaction."""
        added = there = 0
        with self._write() as conn:
            known = set(conn.execute(select(accounts.c.id)).scalars())
            prints = set(
                conn.execute(
                    select(questionnaire_answers.c.account_id, questionnaire_answers.c.fingerprint)
                ).tuples()
            )
            touched: set[int] = set()
            for account_id, side in rows:
                if account_id not in known:
                    raise NotFound(f"no account with id {account_id}")
                mark = (account_id, fingerprint(side.kind, side.submitted_at, side.answers))
                if mark in prints:
                    there += 1
                    continue
                prints.add(mark)
                self.insert_answers(
                    conn,
                    account_id,
                    None,
                    side.kind,
                    side.version,
                    side.submitted_at,
                    side.answers,
                    side.language,
                )
                touched.add(account_id)
                added += 1
            self._touch(conn, touched)
        return added, there

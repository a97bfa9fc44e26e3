"""Read-only scorecard links: created, looked up by token, listed and revoked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from scoring.limits import SHARE_LABEL_MAX
from scoring.sharing import ShareLink, expires_on, hash_token, looks_like_token, new_token
from storage import convert
from storage.base import Store
from storage.errors import NotFound
from storage.schema import accounts, share_links


class ShareLinks(Store):
    def create_share(
        self, account_id: int, days: int | None, include_notes: bool = False, label: str = ""
    ) -> tuple[str, ShareLink]:
        """A new link for one account. The raw token is returned once and never stored."""
        token = new_token()
        now = convert.now()
        with self._write() as conn:
            exists = conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
            if exists is None:
                raise NotFound(f"no account with id {account_id}")
            link_id = conn.execute(
                share_links.insert()
                .values(
                    account_id=account_id,
                    token_hash=hash_token(token),
                    created_at=now,
                    expires_at=expires_on(now, days),
                    include_notes=include_notes,
                    label=label.strip()[:SHARE_LABEL_MAX],
                )
                .returning(share_links.c.id)
            ).scalar_one()
        return token, self._share(link_id)

    def _share(self, link_id: int) -> ShareLink:
        with self._read() as conn:
            row = conn.execute(select(share_links).where(share_links.c.id == link_id)).first()
        if row is None:
            raise NotFound(f"no share link with id {link_id}")
        return convert.link(row)

    def live_share(self, token: str, now: dt.datetime | None = None) -> ShareLink | None:
        """The link a token opens, or None when it is unknown, expired or revoked (callers cannot tell)."""
        if not looks_like_token(token):
            return None
        with self._read() as conn:
            row = conn.execute(
                select(share_links).where(share_links.c.token_hash == hash_token(token))
            ).first()
        if row is None:
            return None
        link = convert.link(row)
        return link if link.is_live(now or convert.now()) else None

    def shares(self, account_id: int) -> list[ShareLink]:
        """Every link of an account, newest first, whatever its state."""
        with self._read() as conn:
            rows = conn.execute(
                select(share_links)
                .where(share_links.c.account_id == account_id)
                .order_by(share_links.c.created_at.desc(), share_links.c.id.desc())
            ).all()
        return [convert.link(r) for r in rows]

    def revoke_share(self, link_id: int) -> bool:
        """Withdraw one link; True when it was live until now."""
        with self._write() as conn:
            result = conn.execute(
                share_links.update()
                .where(share_links.c.id == link_id, share_links.c.revoked_at.is_(None))
                .values(revoked_at=convert.now())
            )
        return bool(result.rowcount)

    def revoke_token(self, token: str) -> bool:
        with self._read() as conn:
            row = conn.execute(
                select(share_links.c.id).where(share_links.c.token_hash == hash_token(token))
            ).first()
        return self.revoke_share(row.id) if row is not None else False

    def revoke_all(self) -> int:
        """Withdraw every link at once (an emergency). Returns how many were still live."""
        with self._write() as conn:
            result = conn.execute(
                share_links.update()
                .where(share_links.c.revoked_at.is_(None))
                .values(revoked_at=convert.now())
            )
        return int(result.rowcount)

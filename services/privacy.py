"""A person's data, on request: everything stored about one account, and its erasure.

Erasure, backup and restore of the SQLite file itself live in the repository
(`storage.sqlite_files`); this module shapes what a person receives.
"""

from __future__ import annotations

from typing import Any

from storage import Repository


def account_bundle(repo: Repository, account_id: int) -> dict[str, Any]:
    """Everything stored about one account, as plain data (for a person's data request):
    the account, assessments, evidence, invoices and payments, share and questionnaire links, and
    the answers the other side gave; never a link's token, which is not stored."""
    account = repo.account(account_id)
    return {
        "account": {
            "id": account.id,
            "name": account.name,
            "company": account.company,
            "deal_value": account.deal_value,
            "stage": account.stage.value,
            "created_at": account.created_at.isoformat(),
            "signed_on": account.signed_on.isoformat() if account.signed_on else None,
            "ended_on": account.ended_on.isoformat() if account.ended_on else None,
            "outcome": account.outcome.value if account.outcome else None,
            "outcome_note": account.outcome_note,
            "weekly_hours": account.weekly_hours,
        },
        "assessments": [
            {"id": s.id, "created_at": s.created_at.isoformat(), **s.assessment.model_dump(mode="json")}
            for s in repo.assessments(account_id)
        ],
        "evidence": [
            {
                "id": n.id,
                "date": n.noted_on.isoformat(),
                "text": n.text,
                "created_at": n.created_at.isoformat(),
            }
            for n in reversed(repo.evidence(account_id))
        ],
        # Amounts as exact decimal text, never floats.
        "invoices": [
            {
                "number": invoice.number,
                "issued_on": invoice.issued_on.isoformat(),
                "due_on": invoice.due_on.isoformat(),
                "amount": str(invoice.amount),
                "currency": invoice.currency,
                "payments": [
                    {"paid_on": paid.paid_on.isoformat(), "amount": str(paid.amount)}
                    for paid in invoice.payments
                ],
            }
            for invoice in repo.invoices(account_id)
        ],
        "share_links": [
            {
                "id": link.id,
                "created_at": link.created_at.isoformat(),
                "expires_at": link.expires_at.isoformat() if link.expires_at else None,
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
                "include_notes": link.include_notes,
                "label": link.label,
            }
            for link in repo.shares(account_id)
        ],
        # A questionnaire link's token is not stored either: only what the link was and did.
        "questionnaire_links": [
            {
                "id": link.id,
                "kind": link.kind.value,
                "created_at": link.created_at.isoformat(),
                "expires_at": link.expires_at.isoformat() if link.expires_at else None,
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
                "used_at": link.used_at.isoformat() if link.used_at else None,
                "sender": link.sender,
                "opening": link.opening,
            }
            for link in repo.questionnaire_links(account_id)
        ],
        "their_answers": [
            {
                "id": side.id,
                "kind": side.kind.value,
                "version": side.version,
                "submitted_at": side.submitted_at.isoformat(),
                "language": side.language,
                "link_id": side.link_id,
                "answers": dict(side.answers),
            }
            for side in repo.their_answers(account_id)
        ],
    }

"""What the database holds, read the slow, obvious way: references for tests, not used by the app.

The app reads thousands of rows as columns (`Repository.assessment_columns`,
`services.transfer.assessment_sheet`); these build the same from one model per row,
through the repository's public reads, so a test can compare the fast path with them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable

from formats._csv.cells import record
from formats.csvcodec import PORTABLE_COLUMNS, Row
from scoring.signals import SIGNAL_KEYS
from storage import Repository, StoredAssessment


def stored_histories(repo: Repository) -> dict[int, list[StoredAssessment]]:
    """Every assessment as a model, grouped by account (by id), oldest first; accounts without
    an assessment are left out."""
    grouped = {account.id: repo.assessments(account.id) for account in repo.accounts()}  # by id
    return {account_id: history for account_id, history in grouped.items() if history}


def stored_rows(repo: Repository, account_id: int | None = None) -> list[tuple[int, Row]]:
    """Every assessment (or one account's) as a CSV row, numbered in export order: by name, then date.

    The order never depends on database ids, so an export imported elsewhere and
    exported again comes out row for row the same.
    """
    names = {a.id: a for a in repo.accounts()}
    rows: list[tuple[int, Row]] = []
    by_account = stored_histories(repo)
    wanted = [account_id] if account_id is not None else list(by_account)
    for key in sorted(wanted, key=lambda i: (names[i].name.casefold(), names[i].name, i)):
        account = names[key]
        for stored in by_account.get(key, []):
            a = stored.assessment
            rows.append(
                (
                    len(rows) + 2,
                    Row(
                        account=account.name,
                        stage=account.stage,
                        taken_on=a.taken_on,
                        kind=a.kind,
                        gut=a.gut,
                        answers=a.answers,
                        note=a.note,
                        **{name: getattr(a.signals, name) for name in SIGNAL_KEYS},
                    ),
                )
            )
    return rows


def without_portable(text: str, sep: str = ",") -> str:
    """An assessments download without its `PORTABLE_COLUMNS` (account_uid, rubric_version,
    suggested), every other cell exactly as written: what the row-by-row references here write."""
    return without_columns(text, PORTABLE_COLUMNS, sep)


def without_columns(text: str, names: tuple[str, ...], sep: str = ",") -> str:
    """A download without the columns `names`, every other cell exactly as written (a byte-order
    mark kept): for comparing files whose accounts have other portable ids."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    records = list(csv.reader(io.StringIO(text.removeprefix(bom), newline=""), delimiter=sep))
    if not records:
        return text
    drop = {i for i, name in enumerate(records[0]) if name in names}
    return bom + "".join(record([c for i, c in enumerate(cells) if i not in drop], sep) for cells in records)


def archive_files(archive: bytes) -> dict[str, bytes]:
    """Every file of a portable export's archive, by name."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def rezipped(archive: bytes, name: str, change: Callable[[str], str]) -> bytes:
    """The archive with one file's text changed and its checksum made to fit again: a damaged line,
    not a damaged archive (which the checksum would name before any line is read)."""
    files = archive_files(archive)
    data = b"\xef\xbb\xbf" + change(files[name].decode("utf-8-sig")).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["files"][name]["sha256"] = hashlib.sha256(data).hexdigest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for other, content in files.items():
            out.writestr(
                other,
                json.dumps(manifest) if other == "manifest.json" else data if other == name else content,
            )
    return buffer.getvalue()

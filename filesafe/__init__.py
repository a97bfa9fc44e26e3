"""Every file the app writes goes through here: never onto the database, never half a file.

Two promises, kept in one place so no command can forget them:

- **Never onto the database.** A target that is the SQLite file, its write-ahead log,
  its shared-memory index, its rollback journal or its migration lock is refused before
  a byte is written, however it is spelled: `..`, a symlink and a hard link all lead to
  the same file and are all caught.
- **Never a partial file.** The bytes go to a new file beside the target, are flushed
  to disk, and only then renamed over it. A full disk, a killed process or a write error
  leaves the old file as it was (an earlier export is not wiped by a failed one) and no
  half-written file behind.

A refusal or a failure is a `CannotWrite` whose message names the file and says why, in
words for the person; callers print it as one line.

It imports nothing but the standard library and the language layer (`i18n`, which needs no
more), so a command that never opens the database (`cli.py score`) can still keep its `--out`
off the database's files.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote

from i18n import Lazy, _, lazy_gettext

# What SQLite keeps beside a database file, and what each is called when a person names it.
# Translators: each completes "FILE: is ...; name another file".
_COMPANIONS: tuple[tuple[str, Lazy], ...] = (
    ("", lazy_gettext("the database itself")),
    ("-wal", lazy_gettext("the database's write-ahead log")),
    ("-shm", lazy_gettext("the database's shared-memory index")),
    ("-journal", lazy_gettext("the database's rollback journal")),
    (".migrate-lock", lazy_gettext("the database's migration lock")),
)
PARTIAL_SUFFIX = ".partial"
# A database URL as SQLAlchemy reads one: `backend[+driver]://[user[:password]@host]/database[?query]`.
_URL = re.compile(r"(?P<backend>\w+)(?:\+\w+)?://[^/]*(?:/(?P<database>[^?]*))?(?:\?.*)?", re.S)


class CannotWrite(Exception):
    """A file that was not written (and nothing changed on disk); `str()` is the one-line reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


def sqlite_file(url: str) -> Path | None:
    """The SQLite file behind a database URL (None for PostgreSQL, memory or an unreadable URL).

    Read the way `sqlalchemy.engine.make_url` reads it (a unit test holds the two together),
    without loading SQLAlchemy.
    """
    found = _URL.fullmatch(url)
    if found is None or found["backend"] != "sqlite":
        return None
    database = unquote(found["database"] or "")
    if database.startswith("file:"):  # a URI filename: the path is between `file:` and `?`
        database = database.removeprefix("file:").split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def database_files(url: str) -> tuple[tuple[Path, str], ...]:
    """Every file that belongs to the database at `url`, each with what to call it (in the
    current language: ask again in another)."""
    main = sqlite_file(url)
    if main is None:
        return ()
    return tuple((main.with_name(main.name + suffix), str(what)) for suffix, what in _COMPANIONS)


def check_target(path: Path, protected: Iterable[tuple[Path, str]] = ()) -> Path:
    """The real path to write `path` to, or `CannotWrite` when it is a folder or a protected file.

    Compared after resolving symlinks and `..`, and by device and inode when both exist,
    so a hard link to the database is caught too.
    """
    try:
        real = path.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise CannotWrite(path, _("cannot be resolved ({reason})").format(reason=_reason(exc))) from None
    if real.is_dir():
        raise CannotWrite(path, _("is a folder; name a file"))
    for guarded, what in protected:
        if _same_file(real, guarded):
            raise CannotWrite(path, _("is {what}; name another file").format(what=what))
    return real


def check_stream(fd: int, protected: Iterable[tuple[Path, str]] = ()) -> None:
    """`CannotWrite` when an open stream (stdout sent to a file with `>>`) is a protected file."""
    try:
        opened = os.fstat(fd)
    except OSError:
        return
    for guarded, what in protected:
        try:
            found = os.stat(guarded)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (opened.st_dev, opened.st_ino):
            raise CannotWrite(
                guarded, _("is {what}, and standard output goes there; nothing written").format(what=what)
            )


def write_bytes(path: Path, data: bytes, protected: Iterable[tuple[Path, str]] = ()) -> None:
    """Write `data` to `path` all at once or not at all (see the module docstring)."""

    def fill(partial: Path) -> None:
        with partial.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())

    write_with(path, fill, protected)


def write_with(path: Path, fill: Callable[[Path], None], protected: Iterable[tuple[Path, str]] = ()) -> None:
    """Let `fill` write a new file (it gets an empty one, to open itself), then put it in place.

    For writers that need a path rather than bytes, such as SQLite's online backup.
    `fill` may raise `OSError`, `CannotWrite`, or anything else its own caller handles;
    the partial file is removed whatever happens.
    """
    real = check_target(path, protected)
    partial = _new_partial(real, path)
    try:
        fill(partial)
        with contextlib.suppress(FileNotFoundError):  # a file written over keeps who may read it
            os.chmod(partial, real.stat().st_mode & 0o7777)
        os.replace(partial, real)
    except OSError as exc:
        raise CannotWrite(path, _cannot_write(exc)) from None
    finally:
        _remove_partial(partial)
    _sync_folder(real.parent)


def _new_partial(real: Path, shown: Path) -> Path:
    """An empty new file beside the target (same file system, so the rename is atomic), made with
    the default permissions a new file gets here."""
    for _attempt in range(5):
        partial = real.with_name(f".{real.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
        try:
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise CannotWrite(shown, _cannot_write(exc)) from None
        return partial
    raise CannotWrite(shown, _("cannot write the file: no free name for a temporary file beside it"))


def _remove_partial(partial: Path) -> None:
    # SQLite may leave its own journal beside a file it wrote into.
    for leftover in (
        partial,
        *(partial.with_name(partial.name + end) for end in ("-journal", "-wal", "-shm")),
    ):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _same_file(real: Path, guarded: Path) -> bool:
    try:
        if real == guarded.expanduser().resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        return os.path.samefile(real, guarded)
    except OSError:  # one of them does not exist: then they are not one file
        return False


def _cannot_write(exc: BaseException) -> str:
    return _("cannot write the file: {reason}").format(reason=_reason(exc))


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)

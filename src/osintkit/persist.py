"""Write files so that a crash, a full disk or a second writer loses nothing.

Every write goes to a temporary file in the target's folder, is flushed and
fsynced, and then atomically replaces the target with :func:`os.replace`. A
lock file serialises writers of one folder, and a file that changed on disk
since it was loaded is never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeAlias

from osintkit.errors import FileChangedError, SaveError

__all__ = [
    "LOCK_NAME",
    "atomic_write",
    "atomic_write_parts",
    "digest",
    "folder_lock",
    "verify_unchanged",
]

#: What :func:`atomic_write_parts` takes: bytes, or a view of a buffer.
Buffer: TypeAlias = bytes | bytearray | memoryview

LOCK_NAME = ".osintkit.lock"


def digest(data: bytes) -> str:
    """Return the SHA-256 of ``data`` as hex."""
    return hashlib.sha256(data).hexdigest()


def verify_unchanged(path: Path, expected_sha256: str | None) -> None:
    """Raise :class:`FileChangedError` if ``path`` differs from what was loaded.

    Parameters
    ----------
    path : pathlib.Path
        The file about to be replaced.
    expected_sha256 : str or None
        Digest of the bytes read at load time; ``None`` when the file was not
        loaded from here (nothing to compare).
    """
    if expected_sha256 is None or not path.exists():
        return
    if digest(path.read_bytes()) != expected_sha256:
        raise FileChangedError(
            f"{path} changed on disk since it was loaded, so it was not "
            "overwritten. Load the dataset again, re-apply your edits and save; "
            "or save to another folder."
        )


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for the duration of a save.

    Raises
    ------
    SaveError
        When another process holds the lock (it is saving right now).
    """
    try:
        handle = (folder / LOCK_NAME).open("a+b")
    except OSError as exc:
        raise _save_error(folder / LOCK_NAME, exc) from exc
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise SaveError(
                f"another process is saving into {folder} right now; nothing was "
                "written. Wait for it to finish, load again and retry."
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (all or nothing).

    Parameters
    ----------
    path : pathlib.Path
        Target file; its folder must exist.
    data : bytes
        The complete new content.

    Raises
    ------
    SaveError
        When the write fails (disk full, read-only folder, ...). The target is
        then unchanged and no temporary file is left behind.
    """
    atomic_write_parts(path, (data,))


def atomic_write_parts(path: Path, parts: Iterable[Buffer]) -> int:
    """Replace ``path`` atomically with the concatenation of ``parts``.

    As :func:`atomic_write`, for content produced piece by piece (a large
    table written block by block), so that it never has to be held whole in
    memory. ``parts`` is consumed once, in order; if producing a part raises,
    the target is unchanged and the temporary file is removed.

    Parameters
    ----------
    path : pathlib.Path
        Target file; its folder must exist.
    parts : iterable of bytes-like objects
        The content, in order.

    Returns
    -------
    int
        The number of bytes written.

    Raises
    ------
    SaveError
        When the write fails (disk full, read-only folder, ...).
    """
    folder = path.parent
    temporary: str | None = None
    size = 0
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=folder
        )
        with os.fdopen(descriptor, "wb") as handle:
            for part in parts:
                size += handle.write(part) or 0
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:  # mkstemp makes 0600 files; a new file gets the usual mode
            os.chmod(temporary, 0o666 & ~_current_umask())
        os.replace(temporary, path)
        temporary = None
        _fsync_folder(folder)
    except OSError as exc:
        raise _save_error(path, exc) from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return size


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _save_error(path: Path, exc: OSError) -> SaveError:
    if exc.errno == errno.ENOSPC:
        advice = "the disk is full: free some space and save again"
    elif exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        advice = "the folder is not writable: fix its permissions or save elsewhere"
    else:
        advice = "check the folder and save again"
    return SaveError(
        f"could not write {path}: {exc.strerror or exc}; {advice}. "
        "The file on disk is unchanged."
    )

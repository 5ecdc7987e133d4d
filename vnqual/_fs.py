"""Atomic writes: outputs appear complete or not at all, and inputs are never touched."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from vnqual.errors import InputError, OutputError


def output_error(path: str | os.PathLike[str], err: OSError) -> OutputError:
    """A one-line :class:`~vnqual.errors.OutputError` for an OS error while writing ``path``.

    Names the user's target (not a temporary file) and what stands in the way: a parent that
    is a file, missing permission, a full disk.
    """
    path = Path(path)
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                return _tagged(
                    OutputError(
                        f"{path}: cannot write, {parent} is a file, not a folder; choose another output path"
                    ),
                    path,
                    err,
                )
            break
    reason = (err.strerror or str(err) or type(err).__name__).lower()
    return _tagged(
        OutputError(f"{path}: cannot write ({reason}); choose another output path or check its permissions"),
        path,
        err,
    )


def _tagged(error: OutputError, path: Path, err: OSError) -> OutputError:
    """Remember the target and the OS error, so an enclosing :func:`atomic_dir` can name its own."""
    error.target, error.os_error = path, err  # type: ignore[attr-defined]
    return error


def _inside(error: BaseException, tmp: Path) -> Path | None:
    """The path of ``error`` (an OutputError from a write into ``tmp``) relative to ``tmp``."""
    target = getattr(error, "target", None)
    if not isinstance(error, OutputError) or target is None:
        return None
    try:
        return Path(target).resolve().relative_to(tmp.resolve())
    except (ValueError, OSError):
        return None


def _ours(err: BaseException, tmp: Path, path: Path) -> bool:
    """True if ``err`` is an OS error about our output: the temporary file/folder, the target, or
    no file at all (e.g. a full disk). Other errors (an input that cannot be read) pass through."""
    if not isinstance(err, OSError):
        return False
    if err.filename is None or err.filename == str(path):
        return True
    try:
        Path(err.filename).resolve().relative_to(tmp.resolve())
        return True
    except (ValueError, OSError):
        return False


#: Temporary outputs are named ``.<target name>.vnq<pid>-<random>.tmp`` (``.old`` for a folder
#: being replaced), so a later run can tell its own leftovers from anything else.
_MARK = re.compile(r"^\..+\.vnq(\d+)-[^/]*\.(?:tmp|old)$")
#: Leftovers of older versions (no process id) are removed once they are this old (seconds).
_UNMARKED_AGE = 3600


def _prefix(path: Path) -> str:
    return f".{path.name}.vnq{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def remove_stale(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary outputs that killed vnqual runs left in the folder of ``path``.

    An entry is removed when its name says a vnqual process wrote it and that process is gone,
    or, for the unmarked names of older versions, when it is a ``.<name of path>.*.tmp`` entry
    older than an hour. Nothing else is touched. Returns what was removed.
    """
    path = Path(path)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        mark = _MARK.match(entry.name)
        if mark:
            stale = not _alive(int(mark.group(1)))
        elif entry.name.startswith(f".{path.name}.") and entry.name.endswith((".tmp", ".old")):
            try:
                stale = now - entry.stat(follow_symlinks=False).st_mtime > _UNMARKED_AGE
            except OSError:
                stale = False
        else:
            continue
        if not stale:
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish_mode(path: Path, *, is_dir: bool) -> None:
    # mkstemp/mkdtemp create private (0600/0700) entries; outputs get the usual umask mode.
    os.chmod(path, (0o777 if is_dir else 0o666) & ~_umask())


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", **open_kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path`` and rename it over ``path`` on success.

    Parameters
    ----------
    path : path-like
        Final file name.
    mode : str
        ``"w"`` (text, UTF-8 unless ``encoding`` is given) or ``"wb"``.
    **open_kwargs
        Passed to :func:`open` (e.g. ``encoding="utf-8-sig"``, ``newline=""``).
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    if "b" not in mode:
        open_kwargs.setdefault("encoding", "utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path)
        fd, tmp = tempfile.mkstemp(prefix=_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise output_error(path, err) from None
    os.close(fd)
    try:
        with open(tmp, mode, **open_kwargs) as fh:
            yield fh
        _publish_mode(Path(tmp), is_dir=False)
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if _ours(err, Path(tmp), path):
            raise output_error(path, err) from None  # type: ignore[arg-type]
        raise


@contextlib.contextmanager
def atomic_dir(
    path: str | os.PathLike[str],
    *,
    replaceable: Callable[[Path], bool],
    what: str,
    param: str = "out",
) -> Iterator[Path]:
    """Yield an empty temporary folder that replaces ``path`` when the block succeeds.

    An existing ``path`` is replaced only after the new content is complete; on error it is
    left untouched and the temporary folder is removed. A non-empty existing folder is replaced
    only if ``replaceable(path)`` says it is an earlier output of the same kind (``what``), so a
    mistyped ``out`` can never wipe an unrelated folder. Errors name the caller's parameter
    ``param`` (default ``out``, the output folder of every job), which the CLI shows as its flag.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder; choose another `{param}`")
    if path.is_dir() and any(path.iterdir()) and not replaceable(path):
        raise InputError(f"{path}: folder exists and is not {what}; choose a new `{param}` folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path)
        tmp = Path(tempfile.mkdtemp(prefix=_prefix(path), suffix=".tmp", dir=path.parent))
    except OSError as err:
        raise output_error(path, err) from None
    try:
        yield tmp
        _publish_mode(tmp, is_dir=True)
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=_prefix(path), suffix=".old", dir=path.parent))
            os.rmdir(old)
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException as err:
        inner = _inside(err, tmp)
        shutil.rmtree(tmp, ignore_errors=True)
        if inner is not None:  # a file written into the folder: name it in the target folder
            raise output_error(path / inner, err.os_error) from None  # type: ignore[attr-defined]
        if _ours(err, tmp, path):
            raise output_error(path, err) from None  # type: ignore[arg-type]
        raise

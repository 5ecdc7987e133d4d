"""Where a job will write, checked before any work (reading, segmenting, fitting).

One place for the checks :func:`vnqual._fs.atomic_dir` / ``atomic_write`` make at the end, so a
mistyped ``--out`` fails in a second instead of after the whole run. Every command that writes
calls :func:`check_command_output` with its options before it reads its input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from vnqual.errors import InputError
from vnqual.jobs import folders
from vnqual.types import PathLike

#: Commands writing a result folder: (option, is an earlier output of the kind, what it is).
FOLDER_OUTPUTS: dict[str, tuple[str, Callable[[Path], bool], str]] = {
    "topics": ("out", folders.is_topics_dir, "a `vnqual topics` output"),
    "tag": ("out", folders.is_tag_dir, "a `vnqual tag` output"),
    "deidentify": ("out", folders.is_deid_dir, "a de-identified corpus"),
}
# ``vnqual ingest`` checks its --out itself before reading (it also refuses to replace the input).
#: Commands writing one file: the option holding it.
FILE_OUTPUTS: dict[str, str] = {
    "report": "output",
    "keywords": "out",
    "kwic": "out",
    "collocations": "out",
    "tokens": "out",
    "export": "out",
    "agree": "out",
    "crosstab": "out",
}


#: Input options an output may name by mistake: the job says "would replace the input" itself.
_INPUTS = ("path", "model_path")


def _check_parent(path: Path) -> None:
    for parent in path.parents:  # the nearest existing folder above must be a folder
        if parent.exists():
            if not parent.is_dir():
                raise InputError(
                    f"{path}: cannot write, {parent} is a file, not a folder; choose another output path"
                )
            return


def check_out_folder(out: PathLike, *, replaceable: Callable[[Path], bool], what: str) -> None:
    """Raise InputError if ``out`` cannot become a result folder of the kind ``what``."""
    path = Path(out)
    _check_parent(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder; choose another `out`")
    if path.is_dir() and any(path.iterdir()) and not replaceable(path):
        raise InputError(f"{path}: folder exists and is not {what}; choose a new `out` folder")


def check_out_file(out: PathLike) -> None:
    """Raise InputError if ``out`` cannot become a file (it is a folder, or a parent is a file)."""
    path = Path(out)
    _check_parent(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name")


def check_command_output(command: str, options: Mapping[str, Any]) -> None:
    """Check the output option of ``command`` (``vnqual COMMAND``) in ``options``, if it has one."""
    if command in FOLDER_OUTPUTS:
        key, replaceable, what = FOLDER_OUTPUTS[command]
        given = [Path(v).resolve() for k, v in options.items() if k in _INPUTS and v is not None]
        if options.get(key) is not None and Path(options[key]).resolve() not in given:
            check_out_folder(options[key], replaceable=replaceable, what=what)
    elif command in FILE_OUTPUTS and options.get(FILE_OUTPUTS[command]) is not None:
        check_out_file(options[FILE_OUTPUTS[command]])

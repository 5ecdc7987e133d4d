"""Exceptions and warnings raised by vnqual.

Every message is one line that says what was wrong, where (file and line when known) and what to
try next. The command-line interface prints ``Error: <message>`` and exits with
:data:`EXIT_USER_ERROR`; it never shows a traceback for these.
"""

from __future__ import annotations

EXIT_OK = 0
#: Bad input or options: nothing (or not everything asked for) was produced.
EXIT_USER_ERROR = 1
#: Wrong command-line usage (unknown option, missing argument); set by click.
EXIT_USAGE = 2
#: ``--strict`` was given and a warning was raised.
EXIT_STRICT_WARNING = 3


class VnqualError(Exception):
    """Base class of all errors caused by input, options or data (never a bug)."""

    exit_code = EXIT_USER_ERROR


class InputError(VnqualError):
    """A file or folder cannot be read as asked (missing, too large, wrong format)."""


class OutputError(VnqualError):
    """An output file or folder cannot be written (not a folder, no permission, disk full)."""


class EncodingError(InputError):
    """The bytes of a text file cannot be decoded as Vietnamese text."""


class TranscriptFormatError(InputError):
    """A transcript or table does not have the expected structure."""


class StrictWarningError(VnqualError):
    """A warning was raised while ``strict=True``."""

    exit_code = EXIT_STRICT_WARNING


class CodebookError(VnqualError):
    """A codebook file is invalid (the message names the file and line)."""


class EmptyVocabularyError(VnqualError):
    """No terms are left after filtering."""


class ModelError(VnqualError):
    """A model cannot be fitted, saved or loaded with the given data/options."""


class VnqualWarning(UserWarning):
    """Something was skipped or repaired; the rest of the work went on."""


class VnqualNote(VnqualWarning):
    """What vnqual decided about an input when it matters (one line, printed as ``Note:``)."""

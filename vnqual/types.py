"""Column names and small shared types.

Column names are the contract with users' scripts: they appear unchanged in every CSV, XLSX and
DataFrame vnqual produces.
"""

from __future__ import annotations

import os
from typing import Literal, NamedTuple, Union

PathLike = Union[str, "os.PathLike[str]"]

DOC_ID = "doc_id"
STATEMENT_ID = "statement_id"
SPEAKER = "speaker"
ROLE = "role"
#: Title, rank or degree written before the name in the label (``Bộ trưởng``, ``PGS.TS``).
SPEAKER_TITLE = "speaker_title"
#: The speaker as read from the label, kept when a speaker file (``--speakers``) renamed ``speaker``.
SPEAKER_LABEL = "speaker_label"
TEXT = "text"
START_CHAR = "start_char"
END_CHAR = "end_char"
SOURCE_FILE = "source_file"
TURN = "turn"
LINE = "line"
START_TIME = "start_time"
END_TIME = "end_time"
TOKENS = "tokens"
TEXT_NORM = "text_norm"

#: Columns every statements frame has, in this order.
CORE_COLUMNS: tuple[str, ...] = (
    DOC_ID,
    STATEMENT_ID,
    SPEAKER,
    ROLE,
    TEXT,
    START_CHAR,
    END_CHAR,
    SOURCE_FILE,
    TURN,
    LINE,
    SPEAKER_TITLE,
)
#: Optional columns some readers add (subtitles).
OPTIONAL_COLUMNS: tuple[str, ...] = (START_TIME, END_TIME)

ROLE_FACILITATOR = "facilitator"
ROLE_PARTICIPANT = "participant"
#: The person asking the questions of an interview or Q&A (``PV``, ``Phóng viên``, ``Hỏi``);
#: ``--exclude-role facilitator`` drops these too (see :data:`ROLE_GROUPS`).
ROLE_INTERVIEWER = "interviewer"
ROLE_UNKNOWN = ""
#: Not a role in the data: what :meth:`vnqual.Corpus.exclude_roles` calls statements without a
#: speaker in a transcript that has speaker labels (title, date line, attendance table, notes).
ROLE_UNATTRIBUTED = "unattributed"
#: Roles that stand for several: excluding ``facilitator`` also excludes ``interviewer`` (both lead
#: the conversation; before 0.2 interviewers were labelled facilitator).
ROLE_GROUPS: dict[str, tuple[str, ...]] = {ROLE_FACILITATOR: (ROLE_FACILITATOR, ROLE_INTERVIEWER)}

Unit = Literal["turn", "paragraph", "sentence"]
UNITS: tuple[str, ...] = ("turn", "paragraph", "sentence")


class Token(NamedTuple):
    """One segmented word of a statement.

    ``form`` is the canonical token (syllables joined by ``_``, e.g. ``cán_bộ``); ``text[start:end]``
    is its surface form in the statement's verbatim text; ``pos`` is underthesea's POS tag or None.
    """

    form: str
    start: int
    end: int
    pos: str | None = None

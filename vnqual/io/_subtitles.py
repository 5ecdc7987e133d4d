"""Subtitle transcripts (.srt, .vtt): one statement per cue (per speaker inside a cue).

The canonical text is the whole file (cue numbers and timings included), so statement offsets
point at the cue text inside it. Speaker labels at the start of a cue line are recognised
(``SPEAKER_01:``, ``Lan:``, WebVTT ``<v Lan>``); a cue line without a label continues the
speaker of the line above it in the same cue, and a cue without any label has speaker ``""``.
Consecutive cues of the same speaker share a ``turn`` number.

Damaged files lose no cue text:

- A line with ``-->`` after a time-like word (such as ``00:00:01,000 --> 00:00:0X,500``) that
  does not parse is a *timing line not understood*: its cue text is kept as statements with
  empty ``start_time``/``end_time``, and one warning per file names the first such line.
- A timing line always starts a new cue, even without the blank line that should separate it
  from the cue above; a line of digits only (the cue number) directly above it is not cue text.
  Cue numbers and timing lines are therefore never part of a statement. One warning per file
  names the first cue without a blank line before it: the split is still right for .srt files,
  but a non-numeric WebVTT cue identifier there cannot be told from cue text and stays in the
  cue above, so the file is worth checking.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from vnqual.errors import TranscriptFormatError
from vnqual.io._txt import ParsedDoc, Warn, decode_text, file_error
from vnqual.text._labels import Patterns, parse_label, role_of
from vnqual.text.segment import sentence_spans, strip_span
from vnqual.types import (
    END_CHAR,
    END_TIME,
    LINE,
    ROLE,
    SPEAKER,
    START_CHAR,
    START_TIME,
    TEXT,
    TURN,
)

_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"[ \t]*(?P<start>{_TIME})[ \t]*-->[ \t]*(?P<end>{_TIME})")
_VOICE = re.compile(r"[ \t]*<v(?:\.[^\s>]*)?[ \t]+(?P<name>[^>\n]+)>[ \t]*")
_VOICE_END = re.compile(r"[ \t]*</v>[ \t]*$")
# A damaged timing line: "-->" after a first word that has a digit ("00:00:0X,500 -->").
_TIMING_LIKE = re.compile(r"[ \t]*\S*\d\S*[ \t]*-->")
_CUE_NUMBER = re.compile(r"[ \t]*\d+[ \t]*$")
_MAX_LISTED = 10


def cue_time(value: str) -> str:
    """``00:01:02,5`` / ``01:02.500`` -> ``00:01:02.500``."""
    clock, _, frac = value.replace(",", ".").partition(".")
    parts = [int(p) for p in clock.split(":")]
    if len(parts) == 2:
        parts.insert(0, 0)
    hours, minutes, seconds = parts
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{frac.ljust(3, '0')[:3]}"


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


Cue = tuple[str, str, list[tuple[int, int]]]  # start time, end time, text line spans


def _cues(text: str, lines: list[tuple[int, int]]) -> tuple[list[Cue], list[int], list[int]]:
    """(start, end, text line spans) of each cue, with the line indexes of timing lines not
    understood (their cue has empty times) and of the first line of cues that follow the cue
    above without a blank line."""
    cues: list[Cue] = []
    bad: list[int] = []
    unseparated: list[int] = []
    body: list[tuple[int, int]] | None = None  # text lines of the cue being read
    for i, (ls, le) in enumerate(lines):
        m = _TIMING.match(text, ls, le)
        if m is None and (text.find("-->", ls, le) < 0 or not _TIMING_LIKE.match(text, ls, le)):
            if not text[ls:le].strip():
                body = None
            elif body is not None:
                body.append((ls, le))
            continue
        if body is not None:  # the line above belongs to the previous cue: no blank line
            first = i
            if body and _CUE_NUMBER.match(text, *body[-1]):
                body.pop()
                first = i - 1
            unseparated.append(first)
        body = []
        if m is None:
            bad.append(i)
            cues.append(("", "", body))
        else:
            cues.append((cue_time(m.group("start")), cue_time(m.group("end")), body))
    return cues, bad, unseparated


def _where(name: str, lines: list[int]) -> tuple[str, str]:
    """``name line 5`` and, for more lines, `` (and 2 more: line 9, 14)`` (indexes 0-based)."""
    more = ""
    if len(lines) > 1:
        shown = ", ".join(str(n + 1) for n in lines[1 : _MAX_LISTED + 1])
        rest = len(lines) - 1 - _MAX_LISTED
        more = f" (and {len(lines) - 1} more: line {shown}" + (f" and {rest} more" if rest > 0 else "") + ")"
    return f"{name} line {lines[0] + 1}", more


def _segments(text: str, body: list[tuple[int, int]], pattern: Patterns) -> list[list[Any]]:
    """[speaker, role, start, end] of each speaker's part of one cue."""
    segments: list[list[Any]] = []
    for ls, le in body:
        line = text[ls:le]
        voice = _VOICE.match(line)
        label = None if voice else parse_label(line, pattern=pattern)
        start = ls
        if voice:
            speaker = " ".join(voice.group("name").split())
            segments.append([speaker, role_of(speaker), ls + voice.end(), ls + voice.end()])
            start = ls + voice.end()
        elif label:
            segments.append([label.speaker, label.role, ls + label.end, ls + label.end])
            start = ls + label.end
        elif not segments:
            segments.append(["", "", ls, ls])
        close = _VOICE_END.search(line)
        end = ls + close.start() if close and ls + close.start() >= start else le
        segments[-1][3] = max(segments[-1][3], end)
    return segments


def read_subtitles(
    data: bytes,
    name: str,
    *,
    encoding: str | None = None,
    unit: str = "paragraph",
    pattern: Patterns = (),
    warn: Warn,
) -> ParsedDoc:
    """Read an .srt or .vtt file; ``start_time``/``end_time`` columns hold the cue timings
    (``HH:MM:SS.mmm``). ``unit="turn"`` and ``"paragraph"`` both give one statement per cue
    and speaker; ``"sentence"`` splits those further."""
    text, label = decode_text(data, name, encoding)
    lines = _lines(text)
    cues, bad, unseparated = _cues(text, lines)
    if not cues:
        raise file_error(
            TranscriptFormatError,
            name,
            "no subtitle cues (timing lines such as '00:00:01,000 --> 00:00:04,000')",
            "check that it is an .srt/.vtt file",
        )
    if bad:
        where, more = _where(name, bad)
        shown = text[slice(*lines[bad[0]])].strip()
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        warn(
            f"{where}: timing line not understood ({shown!r}){more}; the cue text is kept "
            "with empty start_time/end_time (write the times as 00:00:01,000 --> "
            "00:00:04,000 to get them)"
        )
    if unseparated:
        where, more = _where(name, unseparated)
        warn(
            f"{where}: no blank line between this cue and the one above{more}; cues were "
            "split at their timing lines (add the blank lines if a cue's text looks wrong)"
        )
    line_starts = [s for s, _ in lines]
    rows: list[dict[str, Any]] = []
    turn, previous = 0, None
    for start_time, end_time, body in cues:
        for speaker, role, seg_start, seg_end in _segments(text, body, pattern):
            seg_start, seg_end = strip_span(text, seg_start, seg_end)
            if seg_start >= seg_end:
                continue
            if not speaker or speaker != previous:
                turn += 1
            previous = speaker
            spans = sentence_spans(text, seg_start, seg_end) if unit == "sentence" else [(seg_start, seg_end)]
            for s, e in spans:
                rows.append(
                    {
                        SPEAKER: speaker,
                        ROLE: role,
                        TEXT: text[s:e],
                        START_CHAR: s,
                        END_CHAR: e,
                        TURN: turn,
                        LINE: bisect_right(line_starts, s),
                        START_TIME: start_time,
                        END_TIME: end_time,
                    }
                )
    if not rows:
        raise file_error(
            TranscriptFormatError, name, "all subtitle cues are empty", "add the cue text or remove the file"
        )
    return ParsedDoc(text, rows, label, {}, [START_TIME, END_TIME])

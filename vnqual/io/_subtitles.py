"""Subtitle transcripts (.srt, .vtt): one statement per cue (per speaker inside a cue).

The canonical text is the whole file (cue numbers and timings included), so statement offsets
point at the cue text inside it. Speaker labels at the start of a cue line are recognised
(``SPEAKER_01:``, ``Lan:``, WebVTT ``<v Lan>``); a cue line without a label continues the
speaker of the line above it in the same cue, and a cue without any label has speaker ``""``.
Consecutive cues of the same speaker share a ``turn`` number.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from vnqual.errors import TranscriptFormatError
from vnqual.io._txt import ParsedDoc, Warn, decode_text, file_error
from vnqual.text.segment import parse_label, role_of, sentence_spans, strip_span
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


def _cues(text: str) -> list[tuple[str, str, list[tuple[int, int]]]]:
    """(start, end, text line spans) of each cue."""
    lines = _lines(text)
    cues = []
    i = 0
    while i < len(lines):
        m = _TIMING.match(text, *lines[i])
        i += 1
        if m is None:
            continue
        body = []
        while i < len(lines) and text[lines[i][0]:lines[i][1]].strip():
            body.append(lines[i])
            i += 1
        cues.append((cue_time(m.group("start")), cue_time(m.group("end")), body))
    return cues


def _segments(text: str, body: list[tuple[int, int]],
              pattern: re.Pattern[str] | None) -> list[list[Any]]:
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


def read_subtitles(data: bytes, name: str, *, encoding: str | None = None,
                   unit: str = "paragraph", pattern: re.Pattern[str] | None = None,
                   warn: Warn) -> ParsedDoc:
    """Read an .srt or .vtt file; ``start_time``/``end_time`` columns hold the cue timings
    (``HH:MM:SS.mmm``). ``unit="turn"`` and ``"paragraph"`` both give one statement per cue
    and speaker; ``"sentence"`` splits those further."""
    text, label = decode_text(data, name, encoding)
    cues = _cues(text)
    if not cues:
        raise file_error(TranscriptFormatError, name, "no subtitle cues (timing lines such as "
                         "'00:00:01,000 --> 00:00:04,000')", "check that it is an .srt/.vtt file")
    line_starts = [s for s, _ in _lines(text)]
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
            spans = (sentence_spans(text, seg_start, seg_end) if unit == "sentence"
                     else [(seg_start, seg_end)])
            for s, e in spans:
                rows.append({SPEAKER: speaker, ROLE: role, TEXT: text[s:e], START_CHAR: s,
                             END_CHAR: e, TURN: turn, LINE: bisect_right(line_starts, s),
                             START_TIME: start_time, END_TIME: end_time})
    if not rows:
        raise file_error(TranscriptFormatError, name, "all subtitle cues are empty",
                         "add the cue text or remove the file")
    return ParsedDoc(text, rows, label, {}, [START_TIME, END_TIME])

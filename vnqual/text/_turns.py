"""Paragraphs of a canonical transcript with their speaker: labels, Q&A shapes, non-speech lines.

One pass over the lines keeps the current speaker. A label starts a turn; an unlabelled paragraph
continues the current speaker, except:

- a line that is nobody's speech (:func:`vnqual.text._layout.is_furniture`) is its own statement
  without a speaker, and the speaker goes on after it;
- in a document shaped as an interview or Q&A (an interviewer label such as ``PV:``, a reader's
  line, or at least two questions set apart before a labelled answer), a paragraph set apart as a
  question becomes the interviewer's turn, and the paragraph after an interviewer's question is
  the answer of the last person who answered (or of nobody known);
- in other documents, such question paragraphs stay with the speaker and are reported in
  ``questions`` so the reader can warn once per file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from vnqual.text._labels import Label, Patterns, parse_label, resolve_label, wrapped_label
from vnqual.text._layout import inline_label, is_furniture, is_question, lead_person, reader_line
from vnqual.types import ROLE_FACILITATOR, ROLE_INTERVIEWER, ROLE_PARTICIPANT, ROLE_UNKNOWN

_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")
_DASH = re.compile(r"[ \t]*[-–—][ \t]+\S")
_QUOTED = re.compile(r"[\"“'‘«].*[\"”'’»]")


class LineHint(NamedTuple):
    """What a reader knows about one line from the file's structure (a table row).

    ``kind`` is ``"bold"`` (a paragraph whose first ``body_start - line start`` characters are
    bold: a label without a colon, or a whole paragraph in bold: a question set apart),
    ``"row"`` (a table row that is not speech: its own statement, no speaker),
    ``"header"`` (the header row of a speaker table: skipped) or ``"speaker"`` (a row of a
    speaker table: ``speaker``/``role``/``time`` from its cells, the statement is
    ``text[body_start:body_end]``, absolute offsets). Rows of a speaker table that follow one
    another with the same speaker form one turn; an empty speaker cell continues the previous
    row's speaker.
    """

    kind: str
    speaker: str = ""
    role: str = ""
    time: str = ""
    body_start: int = 0
    body_end: int = 0
    title: str = ""


class Para(NamedTuple):
    """One paragraph (or part of a line) of a turn."""

    start: int
    end: int
    speaker: str
    role: str
    turn: int
    time: str
    after_break: bool  # a heading or rule line came between this and the previous paragraph
    title: str = ""


class Who(NamedTuple):
    speaker: str = ""
    role: str = ""
    title: str = ""
    time: str = ""


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it has no leading or trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_skipped_line(line: str) -> bool:
    """Markdown headings and lines without any letter or digit (``---``, ``* * *``)."""
    return bool(_HEADING.match(line)) or not any(ch.isalnum() for ch in line)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        spans.append((pos, line_end))
        pos = line_end + 1
    return spans


def _bold_label(line: str, bold: int) -> Label | None:
    """A label in bold without a colon (``**Bộ trưởng Nguyễn Thái Bình** Năm nay ...``)."""
    if bold >= len(line.rstrip()):
        return None
    name = line[:bold].strip(" :.-–*")
    found = resolve_label(" ".join(name.split())) if name else None
    if found is None:
        return None
    end = bold + len(line[bold:]) - len(line[bold:].lstrip(" :.-–\t"))
    return Label(found.speaker, found.role, end, "", found.title)


def _all_bold(line: str, hint: LineHint | None) -> bool:
    return (
        hint is not None
        and hint.kind == "bold"
        and hint.body_start >= hint.body_end - (len(line) - len(line.rstrip()))
    )


def _subheading(line: str) -> bool:
    """A short bold line without sentence punctuation: a subheading of the article."""
    text = line.strip()
    return len(text.split()) <= 12 and not text.endswith((".", "?", "!", "…", ":", '"', "”"))


def _label_of(text: str, s: int, e: int, patterns: Patterns, hint: LineHint | None) -> Label | None:
    label = parse_label(text[s:e], pattern=patterns)
    if label is None and hint is not None and hint.kind == "bold":
        label = _bold_label(text[s:e], hint.body_start - s)
    return label


def _is_headline(body: str) -> bool:
    """The text after a label on a document's first line reads as a headline: a quotation
    (``Bộ trưởng X: “Nâng cao chất lượng ...”``) or lower case (``Chuyên gia: cần đo lường ...``)."""
    body = body.strip()
    return bool(body) and (bool(_QUOTED.fullmatch(body)) or body[0].islower())


class Shape(NamedTuple):
    """How a document is laid out (see the module docstring)."""

    interview: bool = False  # questions set apart belong to an interviewer
    dash_questions: bool = False  # "- ..." paragraphs are the questions, plain ones the answers
    interviewee: str = ""  # the one person the lead names, who answers unlabelled questions


def document_shape(
    text: str, lines: list[tuple[int, int]], patterns: Patterns, hints: Mapping[int, LineHint] | None
) -> Shape:
    """Whether the document reads as an interview or Q&A, and how."""
    hints = hints or {}
    body = [
        (s, e)
        for s, e in lines
        if (s not in hints or hints[s].kind == "bold")
        and text[s:e].strip()
        and not _is_skipped_line(text[s:e])
    ]
    texts = [text[s:e] for s, e in body]
    labels = [_label_of(text, s, e, patterns, hints.get(s)) for s, e in body]
    bold = [_all_bold(t, hints.get(s)) and not _subheading(t) for t, (s, _) in zip(texts, body)]
    if labels and labels[0] is not None and _is_headline(texts[0][labels[0].end :]):
        labels[0] = None
    dashed = [
        lab is None and (bool(_DASH.match(t)) or b) and not is_furniture(t)
        for t, lab, b in zip(texts, labels, bold)
    ]
    dash_then_plain = sum(
        1 for i in range(len(body) - 1) if dashed[i] and labels[i + 1] is None and not dashed[i + 1]
    )
    dash_questions = dash_then_plain >= 2 and dash_then_plain >= 0.6 * sum(dashed)
    first_question = next(
        (i for i, t in enumerate(texts) if i and labels[i] is None and (is_question(t) or dashed[i])), None
    )
    first_label = next((i for i, lab in enumerate(labels) if lab is not None), len(texts))
    lead = texts[: min(first_question if first_question is not None else len(texts), first_label)]
    interviewee = lead_person(lead) or ""
    if dash_questions or any(lab is not None and lab.role == ROLE_INTERVIEWER for lab in labels):
        return Shape(True, dash_questions, interviewee)
    set_apart = 0
    role = ""
    for i, line in enumerate(texts):
        here = labels[i]
        role = here.role if here is not None else role
        if labels[i] is None and reader_line(line) is not None and i + 1 < len(body):
            return Shape(True, False, interviewee)
        if inline_label(line, 0, patterns) is not None:
            set_apart += 1
        if labels[i] is not None or i == 0 or role == ROLE_FACILITATOR or not is_question(line):
            continue
        nxt = labels[i + 1] if i + 1 < len(body) else None
        if dashed[i]:  # a dash dialogue: each dash is a change of speaker
            set_apart += 2
        elif nxt is not None:  # the answer is labelled
            set_apart += nxt.role != ROLE_INTERVIEWER
        elif not any(labels) and i + 1 < len(body):  # no labels at all: Q, A, Q, A
            set_apart += not is_question(texts[i + 1])
    return Shape(set_apart >= 2, False, interviewee)


class _State:
    """The speaker of the paragraphs being read."""

    def __init__(self) -> None:
        self.who = Who()
        self.labelled = False  # the current speaker came from a label (continuations join it)
        self.new_turn = False
        self.turn = 0
        self.broke = False
        self.in_table = False  # the previous line was a row of a speaker table
        self.asked = False  # the interviewer's current turn holds a question
        self.answerer = Who(role=ROLE_PARTICIPANT)  # who answered last (or the lead's interviewee)
        self.interviewer = Who(role=ROLE_INTERVIEWER)
        self.pending = False

    def start(self, who: Who) -> None:
        self.who, self.labelled, self.new_turn, self.asked = who, True, True, False
        self.pending = True  # a label alone on its line: the next paragraph is its speech
        if who.role == ROLE_INTERVIEWER:
            self.interviewer = who._replace(time="")
        elif who.speaker and who.role == ROLE_PARTICIPANT:
            self.answerer = who._replace(time="")

    def label(self, label: Label) -> None:
        self.start(Who(label.speaker, label.role, label.title, label.time))


def paragraphs(
    text: str,
    patterns: Patterns,
    start: int,
    end: int,
    hints: Mapping[int, LineHint] | None = None,
    questions: list[tuple[int, str]] | None = None,
) -> list[Para]:
    """Paragraphs of ``text[start:end]`` with their speaker, role, title and turn number.

    ``questions`` (if given) receives (offset, text) of question paragraphs left in the turn of
    the speaker before them because the document does not read as an interview.
    """
    paras: list[Para] = []
    st = _State()
    lines = _lines(text, start, end)
    shape = document_shape(text, lines, patterns, hints)
    interview = shape.interview
    if shape.interviewee:
        st.answerer = Who(shape.interviewee, ROLE_PARTICIPANT)
    first = True
    skip_to = -1

    def add(s: int, e: int) -> None:
        s, e = strip_span(text, s, e)
        if s < e:
            if st.new_turn or not st.labelled:
                st.turn += 1
                st.new_turn = False
            w = st.who
            paras.append(Para(s, e, w.speaker, w.role, st.turn, w.time, st.broke, w.title))
            st.broke = st.pending = False
            if w.role == ROLE_INTERVIEWER and is_question(text[s:e]):
                st.asked = True

    for n, (pos, line_end) in enumerate(lines):
        if pos < skip_to:
            continue
        line = text[pos:line_end]
        hint = hints.get(pos) if hints else None
        bold = hint if hint is not None and hint.kind == "bold" else None
        hint = None if bold is not None else hint
        if hint is None and st.in_table:
            # After a speaker table, unlabelled paragraphs are nobody's turn.
            st.who, st.labelled, st.in_table, st.broke = Who(), False, False, True
        if hint is not None and line.strip():
            _table_line(text, pos, line_end, hint, st, paras)
            continue
        if not line.strip():
            continue
        if _is_skipped_line(line):
            st.broke = True
            continue
        label = _label_of(text, pos, line_end, patterns, bold)
        if label is None and not patterns:
            wrapped = wrapped_label(text, line, line_end, end)
            if wrapped is not None:  # the label's "(...)" note runs onto this line
                label, line_end = wrapped
                label = label._replace(end=label.end - pos)
                skip_to = line_end
        if label is None and n + 1 < len(lines):
            label = reader_line(line)  # "Nguyễn Tấn Thành - Nam 26 tuổi - Thanh Hoá"
        body = pos
        if label is not None and first and _is_headline(line[label.end :]):
            label = None
        if label is not None:
            st.label(label)
            body = pos + label.end
        elif is_furniture(line) or (_all_bold(line, bold) and _subheading(line)):
            # nobody's speech (a note, caption, subheading): the speaker goes on after it
            s, e = strip_span(text, pos, line_end)
            st.turn += 1
            paras.append(Para(s, e, "", ROLE_UNKNOWN, st.turn, "", True))
            st.new_turn = True
            first = False
            continue
        elif st.pending:
            pass
        elif (is_question(line) or (shape.dash_questions and _marked(line, bold))) and not first:
            if interview and st.who.role in (ROLE_PARTICIPANT, ROLE_UNKNOWN):
                st.start(st.interviewer)
                st.asked = bool(shape.dash_questions and _marked(line, bold))
            elif not interview and st.labelled and st.who.role == ROLE_PARTICIPANT and questions is not None:
                questions.append((pos, line.strip()))
        elif st.who.role == ROLE_INTERVIEWER and st.labelled and st.asked:
            st.start(st.answerer)  # the answer to the interviewer's question
        first = False
        dash = _DASH.match(line) if label is None and interview else None
        if dash is not None:  # "– Là lúc ...": the dialogue dash is not part of the speech
            body = pos + dash.end() - 1
        inline = inline_label(line, body - pos, patterns)
        if inline is not None:  # "...? PGS. TS. Lê Quân: Tôi cho rằng"
            at, after = inline
            add(body, pos + at)
            st.label(after)
            body = pos + at + after.end
        add(body, line_end)
    return paras


def _marked(line: str, bold: LineHint | None) -> bool:
    """A paragraph set apart by a dialogue dash or by bold type."""
    return bool(_DASH.match(line)) or _all_bold(line, bold)


def _table_line(text: str, pos: int, line_end: int, hint: LineHint, st: _State, paras: list[Para]) -> None:
    if hint.kind == "speaker":
        same = st.in_table and not st.broke and (not hint.speaker or hint.speaker == st.who.speaker)
        if hint.speaker:
            st.who = Who(hint.speaker, hint.role, hint.title, hint.time)
        else:
            st.who = st.who._replace(time=hint.time)
        if not same:
            st.turn += 1
        st.in_table, st.labelled, st.new_turn = True, True, False
        s, e = strip_span(text, max(hint.body_start, pos), min(hint.body_end, line_end))
        if s < e:  # never merged with the row above: other cells lie between them
            w = st.who
            paras.append(Para(s, e, w.speaker, w.role, st.turn, w.time, True, w.title))
            st.broke = False
    elif hint.kind == "header":
        st.broke = True
    else:  # a table row that is not speech: its own statement, nobody's turn
        s, e = strip_span(text, pos, line_end)
        if s < e:
            st.turn += 1
            paras.append(Para(s, e, "", ROLE_UNKNOWN, st.turn, "", True))
        st.new_turn = st.broke = True  # what follows the table does not join this row
        st.in_table = False

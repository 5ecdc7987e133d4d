"""read_corpus: dispatch a path to the right reader. FIRST VERSION (lead): tables and corpus dirs only."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.errors import InputError, TranscriptFormatError
from vnqual.types import PathLike


def read_corpus(path: PathLike, *, text_col: str = "text", **options) -> Corpus:
    """Read transcripts, a table or an ingested corpus folder into a :class:`Corpus`."""
    path = Path(path)
    if Corpus.is_corpus_dir(path):
        return Corpus.load(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.suffix.lower() == ".csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    else:
        raise InputError(f"{path}: unsupported (first version)")
    if text_col not in df.columns:
        raise TranscriptFormatError(f"{path}: no column {text_col!r}; use --text-col")
    doc_id = path.stem
    texts = df[text_col].tolist()
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 2
    source = "\n\n".join(texts)
    meta = df.drop(columns=[text_col])
    frame = pd.DataFrame({
        "doc_id": doc_id,
        "statement_id": [f"{doc_id}-{i + 1:05d}" for i in range(len(df))],
        "speaker": "", "role": "", "text": texts, "start_char": starts,
        "end_char": [s + len(t) for s, t in zip(starts, texts)], "source_file": path.name,
        "turn": range(1, len(df) + 1), "line": range(2, len(df) + 2),
    })
    frame = pd.concat([frame, meta.reset_index(drop=True)], axis=1)
    return Corpus(frame, {doc_id: source})

"""Parquet tables: one statement per row, read batch by batch (pyarrow).

A ``.parquet`` file is read like a .csv table (:func:`vnqual.io._table.read_table`): the text
column, optional ``speaker``/``role`` and metadata columns. Rows are decoded one record batch
at a time, so the Arrow table is never converted to Python objects all at once. The ``line`` of
a row is its line in the same table saved as CSV (header = line 1, first row = line 2), so a
Parquet file and its CSV export read into the same statements.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

from vnqual.errors import TranscriptFormatError
from vnqual.io._txt import file_error

#: Rows decoded at a time.
BATCH_ROWS = 65_536


def parquet_rows(
    data: bytes, name: str, cell: Callable[[Any], str], unique: Callable[[list[str]], list[str]]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], str]:
    """``(header, rows, label)`` of a Parquet file, as the table readers return them.

    ``cell`` turns a value into cell text; ``unique`` makes the column names unique.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pfile = pq.ParquetFile(io.BytesIO(data))
        columns = list(pfile.schema_arrow.names)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise file_error(
            TranscriptFormatError,
            name,
            f"not a readable Parquet file ({str(err).splitlines()[0][:120]})",
            "write it again with pandas.DataFrame.to_parquet or save it as CSV",
        ) from None
    header = unique(columns)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1  # the header line of the same table as CSV
        try:
            for batch in pfile.iter_batches(batch_size=BATCH_ROWS):
                values = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for record in zip(*values):
                    number += 1
                    cells = [cell(v) for v in record]
                    if any(c.strip() for c in cells):
                        yield number, dict(zip(header, cells))
        except (pa.ArrowException, OSError, ValueError) as err:
            raise file_error(
                TranscriptFormatError,
                f"{name} line {number + 1}",
                f"cannot be decoded ({str(err).splitlines()[0][:120]})",
                "write the file again or save it as CSV",
            ) from None

    return header, rows(), "parquet"

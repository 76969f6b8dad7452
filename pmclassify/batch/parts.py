"""Stage 8a: a batch run's part files and state — each chunk written as a complete numbered part
in ``OUTPUT.pmclassify-partial/``, the state that records the options and the parts done, and the
join of the parts into the output at the end.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from pmclassify.errors import ResumeError
from pmclassify.files.write import Writer


def part_name(partial: Path, i: int) -> Path:
    return partial / f"part-{i:06d}"


def save_state(partial: Path, state: dict[str, Any]) -> None:
    tmp = partial / "state.json.tmp"
    tmp.write_text(json.dumps(state))
    tmp.replace(partial / "state.json")


def write_part(partial: Path, i: int, fmt: str, cols: list[str], rows: list[dict[str, Any]],
                types: dict[str, str], arrow_schema: Any) -> None:
    tmp = partial / f"part-{i:06d}.tmp"
    with open(tmp, "wb") as f:
        w = Writer(f, fmt, cols, header=False, types=types, arrow_schema=arrow_schema)
        for r in rows:
            w.write(r)
        w.close()
        f.flush()
        os.fsync(f.fileno())
    # A part exists only once complete; a crash before the state names it just redoes it.
    tmp.replace(part_name(partial, i))


def join_parts(partial: Path, n: int, dst: Path, fmt: str, cols: list[str],
                types: dict[str, str], arrow_schema: Any) -> None:
    tmp = dst.with_name(dst.name + ".tmp")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        writer = None
        for i in range(n):
            table = pq.read_table(part_name(partial, i))
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        if writer is None:
            with open(tmp, "wb") as f:
                Writer(f, fmt, cols, True, types, arrow_schema).close()
        else:
            writer.close()
    else:
        with open(tmp, "wb") as out:
            if fmt in ("csv", "tsv"):
                w = Writer(out, fmt, cols, header=True)
                w.close()
            for i in range(n):
                with open(part_name(partial, i), "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
    tmp.replace(dst)


class Lock:
    """Holds a run's partial folder against a second run on the same output (an advisory lock
    that the system drops when the process ends, however it ends)."""

    def __init__(self, partial: Path) -> None:
        self.partial = partial
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        if self._fd is not None:
            return
        path = self.partial / "lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise ResumeError(f"another pmclassify run (process {holder}) is writing "
                              f"{self.partial.name.removesuffix('.pmclassify-partial')}; wait "
                              "for it to end, or stop it, then rerun with --resume") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

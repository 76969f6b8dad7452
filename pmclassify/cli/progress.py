"""Progress on stderr for the commands that run long: rich bars, shown only on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def batch_bar(show: bool, console: Any = None) -> Iterator[Callable[[Any], None] | None]:
    """A rich progress bar on stderr for ``label_file``'s ``progress`` callback (None when not
    shown): rows done, rows per second, and the time left once the share read is known."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.fields[rows]:>10,} rows"), BarColumn(),
               TextColumn("{task.fields[rate]:>8,.0f} rows/s"), TimeRemainingColumn())
    with Progress(*columns, console=console or Console(stderr=True)) as bar:
        task = bar.add_task("batch", total=1.0, rows=0, rate=0.0)

        def update(p: Any) -> None:
            bar.update(task, completed=p.fraction or 0.0, rows=p.rows,
                       rate=p.rows / p.seconds if p.seconds else 0.0)

        yield update


@contextmanager
def steps(show: bool, what: str, console: Any = None,
          ) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich bar on stderr counting the steps of a long command (cross-fitting's folds, the
    rows a report reads): ``update(done, total)``, total None when unknown. None when not
    shown."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int | None = None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def counted(items: Iterable[Any], step: Callable[[int, int | None], None] | None,
            every: int = 50) -> Iterator[Any]:
    """``items``, telling ``step`` how many have gone by every ``every`` of them."""
    for n, item in enumerate(items, 1):
        if step is not None and n % every == 0:
            step(n, None)
        yield item

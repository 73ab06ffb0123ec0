"""Progress of long work (``run``, ``load``): a rich progress bar on a terminal; in a log file
(a batch job's output) one plain line at most every ``LOG_EVERY_S`` seconds."""
from __future__ import annotations

import sys
import time

# How often a plain progress line is written when stderr is not a terminal.
LOG_EVERY_S = 10.0


class Progress:
    """``advance(n, **counts)`` after each unit of work; ``status(text)`` for a phase with no
    count (the cross-article pass); ``close()`` at the end."""

    def __init__(self, what: str, total: int, done: int = 0, enabled: bool | None = None,
                 unit: str = "partitions", stream=None):
        self.what, self.total, self.done, self.unit = what, total, done, unit
        self.stream = stream or sys.stderr
        tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.enabled = tty if enabled is None else enabled
        self.counts: dict[str, int] = {}
        self.t0 = time.monotonic()
        self.last = 0.0
        self._bar = None
        if self.enabled and tty:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)
            self._bar = Bar(TextColumn("[bold]{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TextColumn("{task.fields[info]}"),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            console=Console(file=self.stream), transient=False)
            self._task = self._bar.add_task(what, total=total, completed=done, info="")
            self._bar.start()

    def _info(self) -> str:
        dt = time.monotonic() - self.t0
        parts = [f"{v:,} {k}" for k, v in self.counts.items()]
        if "articles" in self.counts and dt > 1:
            parts.append(f"{self.counts['articles'] / dt:.1f} articles/s")
        return " · ".join(parts)

    def advance(self, n: int = 1, **counts: int) -> None:
        self.done += n
        for k, v in counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, info=self._info())
            return
        now = time.monotonic()
        if now - self.last >= LOG_EVERY_S or self.done == self.total:
            self.last = now
            self.stream.write(f"{self.what}: {self.done}/{self.total} {self.unit} · "
                              f"{self._info()}\n")
            self.stream.flush()

    def status(self, text: str) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, description=text)
        else:
            self.stream.write(f"{self.what}: {text}\n")
            self.stream.flush()

    def phase(self, label: str, unit: str = "articles"):
        """A ``(done, total)`` callback for a later phase with its own count (the store's
        linking pass): a second bar on a terminal, plain lines in a log."""
        state: dict = {}

        def show(done: int, total: int) -> None:
            if not self.enabled:
                return
            if self._bar is not None:
                if "task" not in state:
                    state["task"] = self._bar.add_task(label, total=total, info="")
                self._bar.update(state["task"], completed=done, total=total)
                return
            now = time.monotonic()
            if done >= total or now - state.get("last", 0.0) >= LOG_EVERY_S:
                state["last"] = now
                self.stream.write(f"{self.what}: {label}: {done}/{total} {unit}\n")
                self.stream.flush()
        return show

    def log(self, line: str) -> None:
        """A message that must be seen (a skipped input): above the bar, or on its own line."""
        if self._bar is not None:
            self._bar.console.print(line, markup=False, highlight=False)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

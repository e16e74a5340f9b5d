"""Making a text in a second process while this one goes on, where there is a second processor.

A long import renders its review (review.yaml, one large YAML document) and its section files, each
seconds of pure-Python YAML emitting at 50,000 lines; on two processors they go side by side. The
forked process only computes: it sends its text through a pipe and ends with os._exit, so none of
this process's clean-up (its lock, scratch directories, signal handlers) runs there.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def aside(make: Callable[[], str]) -> Iterator[Callable[[], str]]:
    """Start `make()` in a forked process and yield a function that waits for its text. Where the
    process cannot run or fails, the text is made here instead: the same text either way. Leaving
    the context stops a process whose text was never asked for."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork here
        context = None
    if context is None or _processors() < 2:  # nothing would run side by side
        yield make
        return
    receiving, sending = context.Pipe(duplex=False)

    def run() -> None:
        receiving.close()
        try:
            said = ("text", make())
        except BaseException:  # noqa: BLE001 - the parent makes the text itself
            said = ("failed", "")
        try:
            sending.send(said)
        except OSError:  # the parent stopped listening: it no longer wants the text
            pass

    process = context.Process(target=run, daemon=True)
    try:
        process.start()
    except OSError:  # no process could be started
        receiving.close()
        sending.close()
        yield make
        return
    sending.close()

    def result() -> str:
        try:
            kind, value = receiving.recv()
        except (EOFError, OSError):  # the process died before it said anything
            kind, value = "failed", ""
        return value if kind == "text" else make()

    try:
        yield result
    finally:
        receiving.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _processors() -> int:
    """Processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1

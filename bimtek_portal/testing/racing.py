"""Concurrency tests: threads released together, each on its own database connection.

Django gives every thread its own connection, so on PostgreSQL the racers' transactions
really overlap. Each racer closes its connections when it is done, or the test database
could not be dropped at the end of the run.
"""

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db import connections

T = TypeVar("T")
E = TypeVar("E", bound=BaseException)


@dataclass(frozen=True)
class RaceResult(Sequence[object]):
    """What each racer ended with, in racer order: its return value or the exception it raised.

    A sequence, so `result[1]`, `for outcome in result` and `result.count(False)` work as on
    a list; `returned()` and `raised()` sort the winners from the losers.
    """

    outcomes: tuple[object, ...]

    def __getitem__(self, index):
        return self.outcomes[index]

    def __len__(self) -> int:
        return len(self.outcomes)

    def returned(self, kind: type[T] = object) -> list[T]:
        """The values returned (not raised) that are a `kind`."""
        return [o for o in self.outcomes if isinstance(o, kind) and not isinstance(o, Exception)]

    def raised(self, kind: type[E] = Exception) -> list[E]:
        """The exceptions raised that are a `kind`."""
        return [o for o in self.outcomes if isinstance(o, kind)]


def race(count: int, work: Callable[[int], object], *, timeout: float = 60) -> RaceResult:
    """Call work(0) ... work(count - 1) in `count` threads released together by a barrier.

    An exception a racer raises is its outcome, not the test's. A racer still running
    after `timeout` seconds fails the test with TimeoutError.
    """
    barrier = threading.Barrier(count)
    outcomes: list[object] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            outcomes[i] = work(i)
        except Exception as error:
            outcomes[i] = error
        finally:
            connections.close_all()

    # Daemon threads: a racer that hangs must not keep the test run from ending.
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    running = sum(thread.is_alive() for thread in threads)
    if running:
        raise TimeoutError(f"{running} of {count} racers still running after {timeout}s")
    return RaceResult(tuple(outcomes))

"""Where per-article work runs: in this process, in worker processes of this machine, or on a Dask cluster.

Every parallel job in accord is a map of a plain, picklable function over chunks of its input
(files to ingest, article ids to extract, Monte Carlo seeds), run by a
:class:`concurrent.futures.Executor`:

- one worker: :class:`InProcess`, which runs each call as it is submitted (no processes, no pickling);
- ``workers=N``: a :class:`~concurrent.futures.ProcessPoolExecutor` of N processes, started with
  ``spawn`` so that no open database connection or thread is inherited;
- ``scheduler="tcp://host:8786"`` (or a :class:`distributed.LocalCluster`): the Dask client's own
  executor (``Client.get_executor``), so that the same map runs on any number of machines.

Results come back in the order they finish (:func:`as_finished`); callers that need an order sort them.

>>> with pool(1) as executor:
...     sorted(as_finished(executor, pow, [(2, 3), (3, 2)]))
[8, 9]
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed

from accord.errors import AccordError


def cores() -> int:
    """The cores this process may use (its CPU affinity, where the system reports one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class InProcess(Executor):
    """An executor that runs each call in this process when it is submitted: one worker, no overhead."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future, as a pool does
            future.set_exception(error)
        return future


@contextlib.contextmanager
def pool(workers: int | None = 1, scheduler=None) -> Iterator[Executor]:
    """An executor with ``workers`` processes (``None``: one per core; 1: this process), or on the Dask
    cluster at ``scheduler`` (an address or a cluster object), closed on leaving the block."""
    if scheduler is not None:
        with _client(scheduler) as client:
            yield client.get_executor()
        return
    workers = cores() if workers is None else workers
    if workers <= 1:
        yield InProcess()
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield executor


def _client(scheduler):
    """A Dask client of the cluster at ``scheduler``; what is missing, said in one line."""
    try:
        from distributed import Client  # the cluster extra: imported only when a cluster is asked for
    except ImportError:
        raise AccordError("a Dask cluster needs the cluster extra: pip install 'accord[cluster]'") from None
    try:
        return Client(scheduler)
    except OSError as error:  # no scheduler there, or it did not answer in time
        raise AccordError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None


def as_finished(executor: Executor, function: Callable, argument_tuples: Iterable[tuple]) -> Iterator:
    """``function(*arguments)`` for each tuple, run by ``executor``; results as they finish. An error in
    one call is raised here, after the calls already finished have been yielded."""
    futures = [executor.submit(function, *arguments) for arguments in argument_tuples]
    for future in as_completed(futures):
        yield future.result()


def chunks(items: list, workers: int, most: int = 200) -> list[list]:
    """``items`` in consecutive chunks, about four per worker so that a slow chunk does not hold the others
    up, and at most ``most`` long so that progress is seen.

    >>> chunks(list(range(10)), 2)
    [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
    """
    size = max(1, min(most, -(-len(items) // max(1, 4 * workers))))
    return [items[start:start + size] for start in range(0, len(items), size)]

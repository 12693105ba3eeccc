"""Admission control: a bounded queue in front of a small pool of blocking workers.

At most `slots` callers run at once, each in a thread counted by the gate's own limiter
(never the threadpool that `/health` and the other handlers share); up to `queue` more wait
in the event loop, holding no thread; anyone over that is refused at once (`Overloaded`,
answered 503 with Retry-After). A waiter that gets no slot within `wait` seconds is refused
too. All bookkeeping happens on the event loop's thread, so it needs no lock.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import anyio
import anyio.to_thread

T = TypeVar("T")


class Overloaded(Exception):
    """Every slot is taken and the queue is full (or the wait ran out)."""

    def __init__(self, what: str, retry_after: int = 1) -> None:
        super().__init__(f"{what}: every slot is busy and the queue is full; retry shortly")
        self.retry_after = retry_after


class Gate:
    """`slots` running and `queue` waiting, for one kind of work named `what`."""

    def __init__(self, what: str, slots: int, queue: int, wait: float) -> None:
        self.what = what
        self.slots = slots
        self.queue = queue
        self.wait = wait
        self.admitted = 0  # running + waiting
        self._semaphore: asyncio.Semaphore | None = None
        self._limiter: anyio.CapacityLimiter | None = None

    @property
    def running(self) -> int:
        return self.slots - self._semaphore._value if self._semaphore else 0

    def _refuse(self) -> Overloaded:
        return Overloaded(self.what, max(1, round(self.wait / 4)))

    async def acquire(self) -> None:
        """Take a slot, waiting in the queue (Overloaded at once when it is full)."""
        if self.admitted >= self.slots + self.queue:
            raise self._refuse()
        if self._semaphore is None:  # made here: it belongs to the running event loop
            self._semaphore = asyncio.Semaphore(self.slots)
        self.admitted += 1
        try:
            await asyncio.wait_for(self._semaphore.acquire(), self.wait)
        except BaseException:
            self.admitted -= 1
            if isinstance(sys.exception(), TimeoutError):
                raise self._refuse() from None
            raise

    def release(self) -> None:
        assert self._semaphore is not None
        self._semaphore.release()
        self.admitted -= 1

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one slot for the block."""
        await self.acquire()
        try:
            yield
        finally:
            self.release()

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """`func(*args)` in a thread, once a slot is free."""
        async with self.slot():
            return await self.in_thread(func, *args)

    async def in_thread(self, func: Callable[..., T], *args: object) -> T:
        """`func(*args)` in a thread counted by this gate's limiter (for a slot's holder)."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.slots)
        return await anyio.to_thread.run_sync(func, *args, limiter=self._limiter)

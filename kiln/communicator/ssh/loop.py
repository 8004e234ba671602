"""One asyncio event loop on its own thread, driven from ordinary (blocking) code.

asyncssh is asynchronous; Kiln's components are not. Each SSH communicator
owns a `LoopThread` and calls into it with `call()`, which waits for the
coroutine while watching the build's cancellation, so Ctrl-C or a
provisioner's `timeout` stops a transfer or a command promptly.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from kiln.errors import CancelledError
from kiln.process import Cancellation

T = TypeVar("T")

#: How often a waiting caller looks at its cancellation flag.
_POLL_SECONDS = 0.1


class LoopThread:
    """An event loop running on a daemon thread until `close()`."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def call(
        self,
        coroutine: Coroutine[Any, Any, T],
        *,
        cancellation: Cancellation | None = None,
        what: str = "SSH operation",
    ) -> T:
        """Run `coroutine` on the loop and return its result (or raise its exception).

        When `cancellation` is set first, the coroutine is cancelled and
        `CancelledError` is raised here.
        """
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        while True:
            done, _ = concurrent.futures.wait([future], timeout=_POLL_SECONDS)
            if done:
                # A coroutine's own TimeoutError must not look like a poll timeout.
                return future.result()
            if cancellation is not None and cancellation.cancelled:
                future.cancel()
                # Let the coroutine's own clean-up (closing channels) run.
                concurrent.futures.wait([future], timeout=5)
                reason = cancellation.reason or "cancelled"
                raise CancelledError(f"{what} stopped: {reason}")

    def close(self) -> None:
        """Cancel what is left, stop the executor threads, the loop and its thread."""
        if self.loop.is_closed():
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._wind_down(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self.loop.close()

    async def _wind_down(self) -> None:
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.loop.shutdown_asyncgens()
        # getaddrinfo and SOCKS handshakes run on the default executor's threads.
        await self.loop.shutdown_default_executor()

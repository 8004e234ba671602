"""What every benchmark here shares: timing calls and printing best/median."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def time_calls(fn: Callable[[], object], runs: int) -> list[float]:
    """Seconds each of `runs` calls of `fn` took (garbage collected before each)."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        del result  # freeing what `fn` made is not part of the timing
    return times


def report(label: str, times: list[float]) -> None:
    """One line: the label, the best and the median time in milliseconds."""
    print(
        f"{label:<34} best {min(times) * 1000:8.1f} ms   median "
        f"{statistics.median(times) * 1000:8.1f} ms"
    )

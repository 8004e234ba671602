"""Benchmark: parse and evaluate a realistic 5,000-line template, and import the engine.

Run on demand (`.venv/bin/python bench/hcl_eval_bench.py`); figures go into
issue notes, never into tests. The issue 3 targets: parse + evaluate under
150 ms, the engine's import under 50 ms.
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiln.hcl import functions
from kiln.hcl.eval import evaluate
from kiln.hcl.parser import parse_config
from tests.hcl.eval.test_templates_and_fuzz import _big_template, _scope

IMPORT_PROBE = (
    "import time; t = time.perf_counter(); "
    "import kiln.hcl.parser, kiln.hcl.eval, kiln.hcl.functions, kiln.hcl.printer; "
    "print((time.perf_counter() - t) * 1000)"
)


def _parse_and_evaluate(source: bytes) -> float:
    started = time.perf_counter()
    body, diags = parse_config(source, "big.pkr.hcl")
    assert body is not None and not diags.has_errors
    scope = _scope()
    for block in body.blocks:
        for attribute in block.body.attributes.values():
            evaluate(attribute.expr, scope)
    return (time.perf_counter() - started) * 1000


def _spread(samples: list[float]) -> str:
    return f"min {min(samples):.1f} ms, median {statistics.median(samples):.1f} ms"


def main() -> None:
    """Print the figures."""
    source = _big_template(5000).encode()
    functions.lookup("upper")  # the function table loads once per process, as in `kiln`
    _parse_and_evaluate(source)
    runs = []
    for _ in range(7):
        gc.collect()
        runs.append(_parse_and_evaluate(source))
    lines = source.count(b"\n")
    print(f"parse + evaluate, {lines} lines: {_spread(runs)}")
    # Measured as an installed Kiln runs: from compiled bytecode (scripts/setup
    # compiles it), not recompiling every module on each start.
    package = Path(__file__).resolve().parents[1] / "kiln"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    imports = [
        float(
            subprocess.run(
                [sys.executable, "-c", IMPORT_PROBE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    print(f"import parser+eval+functions+printer: {_spread(imports)}")


if __name__ == "__main__":
    main()

"""Produce the formatter goldens by running the real `packer fmt` on each case.

For every `cases/NAME.pkr.hcl` the input is copied into a fresh temporary
directory (Packer 1.6.6's `fmt` rewrites files in place and only accepts the
`.pkr.hcl` / `.pkrvars.hcl` suffixes), `packer fmt` is run on the copy, and:

- if Packer accepts it, the rewritten copy becomes `cases/NAME.golden`;
- if Packer rejects it (syntax error), its message goes to
  `cases/NAME.rejected` and the name is listed in `rejected.txt`: such inputs
  must be rejected by Kiln's `fmt` (the caller parses first), and the
  formatter itself only has to not crash on them.

Run: .venv/bin/python tests/hcl/fmt/make_goldens.py [--packer PATH] [NAME ...]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
SUFFIX = ".pkr.hcl"


def case_names(selected: list[str]) -> list[str]:
    """All case names (file names without the suffix), or the selected ones."""
    names = sorted(p.name.removesuffix(SUFFIX) for p in CASES.glob(f"*{SUFFIX}"))
    if selected:
        names = [n for n in names if n in selected]
    return names


def remove_orphans() -> None:
    """Delete goldens and rejection records whose input no longer exists."""
    for pattern in ("*.golden", "*.rejected"):
        for path in CASES.glob(pattern):
            if not (CASES / f"{path.name.rsplit('.', 1)[0]}{SUFFIX}").exists():
                path.unlink()


def run_one(packer: str, name: str) -> tuple[str, bool]:
    """Format one case with packer; write its golden or rejection record."""
    src = CASES / f"{name}{SUFFIX}"
    golden = CASES / f"{name}.golden"
    rejected = CASES / f"{name}.rejected"
    with tempfile.TemporaryDirectory(prefix="kiln-fmt-") as tmp:
        copy = Path(tmp) / f"case{SUFFIX}"
        shutil.copyfile(src, copy)
        proc = subprocess.run(
            [packer, "fmt", copy.name],
            cwd=tmp,
            capture_output=True,
            check=False,
            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "CHECKPOINT_DISABLE": "1"},
        )
        if proc.returncode == 0:
            golden.write_bytes(copy.read_bytes())
            rejected.unlink(missing_ok=True)
            return name, True
        message = (proc.stdout + proc.stderr).decode("utf-8", "replace").replace(tmp, "<tmp>")
        rejected.write_text(message, encoding="utf-8")
        golden.unlink(missing_ok=True)
        return name, False


def main() -> int:
    """Regenerate goldens for all (or the named) cases."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packer", default=shutil.which("packer") or "packer")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    names = case_names(args.names)
    remove_orphans()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: run_one(args.packer, n), names))
    bad = sorted(name for name, ok in results if not ok)
    if not args.names:
        listing = "".join(f"{name}\n" for name in bad)
        (HERE / "rejected.txt").write_text(listing, encoding="utf-8")
    print(f"{len(results) - len(bad)} goldens, {len(bad)} rejected: {' '.join(bad)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

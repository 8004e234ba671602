"""The benchmark suite's results page and JSON (bench/report.py), from made-up runs.

No benchmark runs here: these check the arithmetic and the layout only.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.measure import Run, Side
from bench.report import BEGIN, END, Machine, Row, markdown, write_json, write_page


def _runs(*seconds: float) -> list[Run]:
    return [Run(value, peak_rss_mib=30.0 + i, cpu_seconds=value) for i, value in enumerate(seconds)]


def _machine() -> Machine:
    return Machine(
        date="2026-01-02 03:04 UTC", cpu="Some CPU", cores=2, memory_gib=4.0,
        kernel="6.1.0", debian="12.11", python="3.11.7", kiln="0.1.0 (commit abc)",
        packer="Packer v1.6.6", load_before=(0.5, 0.4, 0.3), load_after=(0.6, 0.5, 0.4),
    )  # fmt: skip


def test_the_ratio_is_the_median_of_the_ratios_of_each_round() -> None:
    # The medians are 3.0 and 2.0 (1.5 apart), but round by round Kiln took half the time
    # twice: the ratio is the median of 0.5, 4.0 and 0.5.
    kiln, packer = Side("kiln", _runs(1.0, 4.0, 3.0)), Side("packer", _runs(2.0, 1.0, 6.0))
    row = Row("r", "a row", kiln, packer)
    assert row.pair_ratios() == [0.5, 4.0, 0.5]
    table = "\n".join(markdown(_machine(), [row], "full", "bench/run"))
    assert "| a row | 3.00 s (1.00-4.00) | 2.00 s (1.00-6.00) | **0.50** | 32 / 32 | 3 |" in table


def test_a_failed_side_shows_its_reason_instead_of_a_ratio() -> None:
    row = Row(
        "r", "upload", Side("kiln", _runs(0.5, 0.6)), Side("packer", failure="exited 1: no route"),
        size_bytes=1 << 20,
    )  # fmt: skip
    assert row.pair_ratios() == []
    table = "\n".join(markdown(_machine(), [row], "full", "bench/run"))
    assert "failed: exited 1: no route" in table
    assert "failed: packer failed: exited 1: no route" in table
    assert "550 ms (500-600), 2 MB/s" in table


def test_reference_rows_have_their_own_table_naming_the_program() -> None:
    row = Row(
        "c", "compress", Side("kiln", _runs(10.0)), Side("reference", _runs(8.0)),
        against="reference", reference="tar -cf - a.bin | pigz -6",
    )  # fmt: skip
    lines = markdown(_machine(), [row], "full", "bench/run")
    assert "### Kiln against a reference program" in lines
    assert "### Kiln against Packer 1.6.6" not in lines
    assert any("`tar -cf - a.bin \\| pigz -6`" in line and "**1.25**" in line for line in lines)


def test_the_page_keeps_what_is_written_around_the_results(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text(f"# Title\n\nintro\n\n{BEGIN}\nold results\n{END}\n\n## Why\n\nanalysis\n")
    row = Row("v", "`version`", Side("kiln", _runs(0.05)), Side("packer", _runs(0.07)))
    write_page(page, markdown(_machine(), [row], "full", "bench/run"))
    text = page.read_text()
    assert text.startswith("# Title\n\nintro\n\n" + BEGIN)
    assert "old results" not in text
    assert "| `version` | 50 ms | 70 ms | **0.71** |" in text
    assert text.endswith(END + "\n\n## Why\n\nanalysis\n")
    assert "load average (1 / 5 / 15 min) before: 0.50 / 0.40 / 0.30" in text


def test_the_json_holds_every_run_and_the_ratio(tmp_path: Path) -> None:
    path = tmp_path / "benchmarks.json"
    row = Row("v", "`version`", Side("kiln", _runs(1.0, 3.0)), Side("packer", _runs(2.0, 2.0)))
    write_json(path, _machine(), [row], "quick")
    data = json.loads(path.read_text())
    assert data["mode"] == "quick"
    assert data["machine"]["cpu"] == "Some CPU"
    [saved] = data["rows"]
    assert [r["seconds"] for r in saved["kiln"]["runs"]] == [1.0, 3.0]
    assert saved["kiln"]["median"] == 2.0
    assert saved["pair_ratios"] == [0.5, 1.5]
    assert saved["ratio"] == 1.0
    assert saved["failure"] is None

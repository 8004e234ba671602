"""Data sources in `kiln console` and `kiln inspect`, and when no data source runs.

Current Packer's console and inspect call Initialize, which runs the data
sources (and ignores its errors, so the console still starts). Kiln does the
same, and says why a value is unknown: a data source that fails is a
warning. Loading stops before any data source runs when something before it
failed (Packer returns from Parse with errors before Initialize), which the
test server below sees as requests that never came. (Packer 1.6.6 has no
data sources: these follow current Packer's code and documentation.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import KilnRunner


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        code, body = (200, b'{"region": "eu"}') if self.path == "/ok" else (500, b"broken")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1: its base URL and the paths it was asked for."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    hits: list[str] = []
    httpd.hits = hits  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _template(url: str, path: str = "/ok") -> str:
    return f"""\
data "null" "n" {{
  input = "from-null"
}}
data "http" "h" {{
  url = "{url}{path}"
}}
locals {{
  region = jsondecode(data.http.h.body).region
  echoed = data.null.n.output
}}
source "null" "a" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.a"]
}}
"""


def test_console_evaluates_data_sources(
    kiln: KilnRunner, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, hits = server
    (tmp_path / "t.pkr.hcl").write_text(_template(url))
    result = kiln("console", "t.pkr.hcl", input="data.null.n.output\n")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "from-null\n", "")
    result = kiln("console", "t.pkr.hcl", input="local.region\n")
    assert (result.exit_code, result.stdout) == (0, "eu\n")
    result = kiln("console", "t.pkr.hcl", input="data.http.h.status_code\n")
    assert result.stdout == "200\n"
    assert hits == ["/ok"] * 3  # once per console session


def test_inspect_shows_values_made_from_data_sources(
    kiln: KilnRunner, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, hits = server
    (tmp_path / "t.pkr.hcl").write_text(_template(url))
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert 'local.echoed: "from-null"\nlocal.region: "eu"\n' in result.stdout
    assert hits == ["/ok"]


def test_failing_data_source_is_a_warning_in_console(
    kiln: KilnRunner, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, hits = server
    (tmp_path / "t.pkr.hcl").write_text(_template(url, "/broken"))
    result = kiln("console", "t.pkr.hcl", input="local.echoed\nlocal.region\n")
    assert result.exit_code == 0
    assert result.stdout == "<unknown>\n"  # the last line's value
    assert 'Warning: Data source "data.http.h" failed' in result.stderr
    assert "on t.pkr.hcl line 4:" in result.stderr
    assert "Response code: 500" in result.stderr
    assert "The value of data.http.h is unknown here." in result.stderr
    assert "Traceback" not in result.output
    # The data sources that did not fail still have their values.
    assert kiln("console", "t.pkr.hcl", input="local.echoed\n").stdout == "from-null\n"
    assert hits == ["/broken"] * 2


def test_failing_data_source_is_a_warning_in_inspect(
    kiln: KilnRunner, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, _ = server
    (tmp_path / "t.pkr.hcl").write_text(_template(url, "/broken"))
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert 'Warning: Data source "data.http.h" failed' in result.stdout
    assert 'local.echoed: "from-null"\nlocal.region: "<unknown>"\n' in result.stdout
    assert "Traceback" not in result.output


def test_unreachable_server_is_a_diagnostic(kiln: KilnRunner, tmp_path: Path) -> None:
    # Port 1 on the loopback: nothing listens there, the connection is refused.
    (tmp_path / "t.pkr.hcl").write_text(_template("http://127.0.0.1:1"))
    for command in (["inspect"], ["console"]):
        result = kiln(*command, "t.pkr.hcl", input="local.echoed\n")
        assert result.exit_code == 0, result.output
        assert "connection refused" in result.output
        assert "Traceback" not in result.output
    result = kiln("validate", "-evaluate-datasources", "t.pkr.hcl")
    assert result.exit_code == 1
    assert 'Error: Data source "data.http.h" failed' in result.stderr
    assert "on t.pkr.hcl line 4:" in result.stderr


def test_data_source_kiln_cannot_run_is_a_warning_in_inspect(
    kiln: KilnRunner, tmp_path: Path
) -> None:
    (tmp_path / "t.pkr.hcl").write_text(
        'data "amazon-ami" "base" {\n  region = "eu-west-1"\n  owners = ["self"]\n'
        '  filters = { name = "base-*" }\n}\n'
        "locals {\n  ami = data.amazon-ami.base.id\n}\n"
    )
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert "Warning: Data source cannot be evaluated yet" in result.stdout
    assert 'local.ami: "<unknown>"' in result.stdout
    result = kiln("validate", "-evaluate-datasources", "t.pkr.hcl")
    assert result.exit_code == 1
    assert "Error: Data source cannot be evaluated yet" in result.stderr


# --- No data source runs once loading has failed ----------------------------------------

BROKEN = {
    "syntax error": "locals {\n  oops = \n}\n",
    "unknown block": "nonsense {}\n",
    "unsupported argument": 'variable "v" {\n  default = 1\n  typo = 2\n}\n',
}


@pytest.mark.parametrize("problem", list(BROKEN))
@pytest.mark.parametrize(
    "command",
    [["validate", "-evaluate-datasources"], ["inspect"], ["console"], ["build"]],
    ids=lambda c: c[0],
)
def test_no_data_source_runs_when_the_template_has_errors(
    kiln: KilnRunner,
    tmp_path: Path,
    server: tuple[str, list[str]],
    problem: str,
    command: list[str],
) -> None:
    url, hits = server
    (tmp_path / "a.pkr.hcl").write_text(_template(url))
    (tmp_path / "b.pkr.hcl").write_text(BROKEN[problem])
    result = kiln(*command, ".", input="local.region\n")
    assert result.exit_code == 1
    assert "on b.pkr.hcl line" in result.stderr
    assert "Traceback" not in result.output
    assert hits == []
    # The same template without the broken file does reach the server.
    (tmp_path / "b.pkr.hcl").unlink()
    assert kiln(*command, ".", input="local.region\n").exit_code == 0
    assert hits == ["/ok"]


def test_data_source_with_an_unset_variable_is_not_run(
    kiln: KilnRunner, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, hits = server
    (tmp_path / "t.pkr.hcl").write_text(
        'variable "path" {\n  type = string\n}\n' + _template(url, "${var.path}")
    )
    result = kiln("inspect", "t.pkr.hcl")
    assert result.exit_code == 0, result.output
    assert 'local.region: "<unknown>"' in result.stdout
    assert "Warning" not in result.output  # nothing failed: the URL is not known yet
    assert hits == []
    result = kiln("inspect", "-var", "path=/ok", "t.pkr.hcl")
    assert 'local.region: "eu"' in result.stdout
    assert hits == ["/ok"]

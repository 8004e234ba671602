"""The `http` data source run by `kiln build` and `kiln validate -evaluate-datasources`
against a real HTTP server the test starts on 127.0.0.1.

The values reach the manifest post-processor's `custom_data`, which is how
the test reads what the template saw. (Packer 1.6.6 has no data sources, so
these follow current Packer's documentation and source.)
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import KilnRunner
from tests.postprocessors.run_support import build, write_files


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class Server:
    """The test's HTTP server: its base URL and what it received."""

    url: str
    port: int
    seen: list[Seen] = field(default_factory=list)


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def handle_any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        seen = Seen(self.command, self.path, dict(self.headers.items()), body)
        self.server.record.append(seen)
        route = self.path.split("?")[0]
        if route == "/json":
            self.reply(200, b'{"a": 1}', [("Content-Type", "application/json"),
                ("X-Dup", "one"), ("X-Dup", "two"), ("x-lower-case", "v")])  # fmt: skip
        elif route == "/echo":
            echo = {
                "method": self.command,
                "body": body,
                **{k.lower(): v for k, v in seen.headers.items()},
            }
            self.reply(200, json.dumps(echo).encode(), [("Content-Type", "application/json")])
        elif route.startswith("/status/"):
            self.reply(int(route.rsplit("/", 1)[1]), b"no", [("Content-Type", "text/plain")])
        elif route.startswith("/redirect/"):
            code = int(route.rsplit("/", 1)[1])
            target = self.path.split("?to=", 1)[1] if "?to=" in self.path else "/echo"
            self.reply(code, b"", [("Location", target)])
        elif route == "/loop":
            self.reply(302, b"", [("Location", "/loop")])
        elif route == "/binary":
            self.reply(200, b"\x00\x01ok", [("Content-Type", "application/octet-stream")])
        else:
            self.reply(404, b"", [])

    def reply(self, code: int, body: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = do_OPTIONS = do_PATCH = handle_any


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = httpd.server_address[1]
    found = Server(f"http://127.0.0.1:{port}", port)
    httpd.record = found.seen  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def template(data: str, custom_data: str) -> str:
    return f"""{data}
source "null" "a" {{
  communicator = "none"
}}
build {{
  sources = ["source.null.a"]
  post-processor "manifest" {{
    strip_time  = true
    custom_data = {{
{custom_data}
    }}
  }}
}}
"""


def run(
    tmp_path: Path, data: str, custom_data: str = '      x = "y"'
) -> tuple[int, str, dict[str, str]]:
    write_files(tmp_path, {"t.pkr.hcl": template(data, custom_data)})
    ran = build("kiln", tmp_path, "t.pkr.hcl")
    if ran.exit_code != 0:
        return ran.exit_code, ran.output, {}
    entry = ran.manifest()["builds"][0]
    return ran.exit_code, ran.output, entry["custom_data"]


def test_get_gives_url_body_and_response_headers(tmp_path: Path, server: Server) -> None:
    data = f"""data "http" "x" {{
  url             = "{server.url}/json"
  request_headers = {{ X-Custom = "yes", Accept = "application/json" }}
}}"""
    custom = """      url  = data.http.x.url
      body = data.http.x.body
      type = data.http.x.request_headers["Content-Type"]
      dup  = data.http.x.request_headers["X-Dup"]
      low  = data.http.x.request_headers["X-Lower-Case"]"""
    code, output, values = run(tmp_path, data, custom)
    assert code == 0, output
    assert values == {
        "url": f"{server.url}/json",
        "body": '{"a": 1}',
        "type": "application/json",
        "dup": "one, two",
        "low": "v",
    }
    [request] = server.seen
    assert (request.method, request.path, request.body) == ("GET", "/json", "")
    assert request.headers["X-Custom"] == "yes"


def test_response_headers_and_status_code_as_the_issue_names_them(
    tmp_path: Path, server: Server
) -> None:
    # Current Packer has only `request_headers` (the response's headers); Kiln also
    # gives them as `response_headers`, and the 2xx code as the number `status_code`.
    data = f"""data "http" "ok" {{
  url = "{server.url}/json"
}}
data "http" "created" {{
  url    = "{server.url}/status/201"
  method = "POST"
}}"""
    custom = """      ok      = data.http.ok.status_code
      created = data.http.created.status_code + 0
      type    = data.http.ok.response_headers["Content-Type"]
      dup     = data.http.ok.response_headers["X-Dup"]
      same    = data.http.ok.response_headers == data.http.ok.request_headers ? "yes" : "no"
      body    = data.http.created.body"""
    code, output, values = run(tmp_path, data, custom)
    assert code == 0, output
    assert values == {
        "ok": "200",
        "created": "201",
        "type": "application/json",
        "dup": "one, two",
        "same": "yes",
        "body": "no",
    }


def test_post_sends_its_body_and_only_the_headers_given(tmp_path: Path, server: Server) -> None:
    data = f"""data "http" "plain" {{
  url          = "{server.url}/echo"
  method       = "POST"
  request_body = "hello"
}}
data "http" "typed" {{
  url             = "{server.url}/echo"
  method          = "PUT"
  request_body    = "{{}}"
  request_headers = {{ Content-Type = "application/json" }}
}}"""
    code, output, values = run(
        tmp_path, data, "      plain = data.http.plain.body\n      typed = data.http.typed.body"
    )
    assert code == 0, output
    plain, typed = json.loads(values["plain"]), json.loads(values["typed"])
    assert (plain["method"], plain["body"], plain.get("content-type")) == ("POST", "hello", None)
    assert (typed["method"], typed["body"], typed["content-type"]) == (
        "PUT",
        "{}",
        "application/json",
    )


def test_head_has_an_empty_body(tmp_path: Path, server: Server) -> None:
    data = f'data "http" "x" {{\n  url = "{server.url}/json"\n  method = "HEAD"\n}}'
    code, output, values = run(
        tmp_path,
        data,
        '      body = data.http.x.body\n      type = data.http.x.request_headers["Content-Type"]',
    )
    assert code == 0, output
    assert values == {"body": "", "type": "application/json"}
    assert [s.method for s in server.seen] == ["HEAD"]


def test_redirects_follow_go_rules(tmp_path: Path, server: Server) -> None:
    data = f"""data "http" "moved" {{
  url          = "{server.url}/redirect/302"
  method       = "POST"
  request_body = "gone after 302"
}}
data "http" "temporary" {{
  url          = "{server.url}/redirect/307"
  method       = "POST"
  request_body = "kept after 307"
}}
data "http" "other_host" {{
  url             = "{server.url}/redirect/302?to=http://localhost:{server.port}/echo"
  request_headers = {{ Authorization = "Bearer secret-token", X-Custom = "kept" }}
}}"""
    custom = """      moved = data.http.moved.body
      temporary = data.http.temporary.body
      other = data.http.other_host.body"""
    code, output, values = run(tmp_path, data, custom)
    assert code == 0, output
    moved, temporary = json.loads(values["moved"]), json.loads(values["temporary"])
    assert (moved["method"], moved["body"]) == ("GET", "")
    assert (temporary["method"], temporary["body"]) == ("POST", "kept after 307")
    other = json.loads(values["other"])
    assert other["x-custom"] == "kept" and "authorization" not in other


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/status/404", "HTTP request error. Response code: 404"),
        ("/status/500", "HTTP request error. Response code: 500"),
        ("/status/304", "HTTP request error. Response code: 304"),
        ("/loop", "stopped after 10 redirects"),
    ],
)
def test_anything_but_2xx_is_an_error(
    tmp_path: Path, server: Server, path: str, message: str
) -> None:
    data = f'data "http" "x" {{\n  url = "{server.url}{path}"\n}}'
    code, output, _ = run(tmp_path, data, "      b = data.http.x.body")
    assert code == 1
    assert 'Error: Data source "data.http.x" failed' in output
    assert "on t.pkr.hcl line 1:" in output and message in output
    assert "Traceback" not in output
    assert not (tmp_path / "packer-manifest.json").exists()


def test_connection_refused_names_the_url(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    code, output, _ = run(tmp_path, f'data "http" "x" {{\n  url = "{url}"\n}}')
    assert code == 1
    assert f'Get "{url}": connection refused' in output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://example.invalid/x",
            'Get "ftp://example.invalid/x": unsupported protocol scheme "ftp"',
        ),
        ("no-scheme", 'Get "no-scheme": unsupported protocol scheme ""'),
    ],
)
def test_only_http_and_https(tmp_path: Path, url: str, message: str) -> None:
    code, output, _ = run(tmp_path, f'data "http" "x" {{\n  url = "{url}"\n}}')
    assert code == 1
    assert message in output


def test_binary_content_is_given_as_text(tmp_path: Path, server: Server) -> None:
    data = f'data "http" "x" {{\n  url = "{server.url}/binary"\n}}'
    code, output, values = run(tmp_path, data, "      b = data.http.x.body")
    assert code == 0, output
    assert values["b"].endswith("ok")


def test_validate_runs_it_only_when_asked(kiln: KilnRunner, tmp_path: Path, server: Server) -> None:
    data = f'data "http" "x" {{\n  url = "{server.url}/json"\n}}'
    write_files(tmp_path, {"t.pkr.hcl": template(data, "      b = data.http.x.body")})
    plain = kiln("validate", "t.pkr.hcl")
    assert plain.exit_code == 0, plain.output
    assert server.seen == []
    evaluated = kiln("validate", "-evaluate-datasources", "t.pkr.hcl")
    assert evaluated.exit_code == 0, evaluated.output
    assert [s.path for s in server.seen] == ["/json"]


def test_unknown_method_is_a_configuration_error(kiln: KilnRunner, tmp_path: Path) -> None:
    data = 'data "http" "x" {\n  url = "http://127.0.0.1:9/"\n  method = "FETCH"\n}'
    write_files(tmp_path, {"t.pkr.hcl": template(data, "      b = data.http.x.body")})
    result = kiln("build", "t.pkr.hcl")
    assert result.exit_code == 1
    assert "the `method` must be one of [HEAD GET POST PUT DELETE OPTIONS PATCH]" in result.output

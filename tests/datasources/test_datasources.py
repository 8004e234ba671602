"""The `null` and `http` data sources' options."""

from __future__ import annotations

from kiln.datasources.http import HTTPDataConfig
from kiln.datasources.null import NullDataConfig
from kiln.hcl.types import STRING
from kiln.hcl.values import Value
from tests.components.support import config_of, decode_hcl, decode_json, errors


def test_null_echoes_its_input() -> None:
    assert config_of(decode_hcl(NullDataConfig, 'data "null" "x" {\n input = "v"\n}')).input == "v"


def test_null_input_is_required_and_not_empty() -> None:
    assert errors(decode_hcl(NullDataConfig, 'data "null" "x" {\n}')) == [
        'Missing required argument; The argument "input" is required, but no definition was found.'
    ]
    assert errors(decode_hcl(NullDataConfig, 'data "null" "x" {\n input = ""\n}')) == [
        "The `input` must be specified"
    ]
    unknown = {"i": Value.unknown(STRING)}
    assert errors(decode_hcl(NullDataConfig, 'data "null" "x" {\n input = var.i\n}', unknown)) == []


def test_http_defaults_and_options() -> None:
    config = config_of(decode_hcl(HTTPDataConfig, 'data "http" "x" {\n url = "https://e.org/a"\n}'))
    assert (config.url, config.method, config.request_headers, config.request_body) == (
        "https://e.org/a",
        "GET",
        {},
        "",
    )
    text = """data "http" "x" {
      url             = "https://e.org/a"
      method          = "POST"
      request_headers = { Accept = "application/json" }
      request_body    = "{}"
    }"""
    config = config_of(decode_hcl(HTTPDataConfig, text))
    assert config.request_headers == {"Accept": "application/json"}


def test_http_checks() -> None:
    assert errors(decode_hcl(HTTPDataConfig, 'data "http" "x" {\n method = "GET"\n}')) == [
        'Missing required argument; The argument "url" is required, but no definition was found.'
    ]
    assert errors(decode_json(HTTPDataConfig, '{"url": "", "method": "get"}')) == [
        "the `url` must be specified",
        "the `method` must be one of [HEAD GET POST PUT DELETE OPTIONS PATCH]",
    ]

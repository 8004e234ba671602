"""The `http` data source: fetches a URL and gives its body and headers to
the template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kiln.components.base import DataSource
from kiln.components.config import Config, Problems, option
from kiln.hcl.types import NUMBER, STRING, MapType, ObjectType
from kiln.hcl.values import Value

METHODS = ("HEAD", "GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH")


@dataclass(kw_only=True)
class HTTPDataConfig(Config):
    """Options of the `http` data source."""

    summary = "Requests a URL; the response must be a 2xx with a text or JSON body."

    url: str = option(required=True, doc="The URL to request.")
    method: str = option("GET", doc="The HTTP method: " + ", ".join(METHODS) + ".")
    request_headers: Mapping[str, str] = option(
        default_factory=dict, doc="Headers sent with the request."
    )
    request_body: str = option("", doc="The body sent with the request.")

    def check(self, problems: Problems) -> None:
        """A URL, and a method from the list."""
        if self.is_known("url") and not self.url:
            problems.add("the `url` must be specified", "url")
        if self.method not in METHODS:
            problems.add(f"the `method` must be one of [{' '.join(METHODS)}]", "method")


class HTTPDataSource(DataSource):
    """Fetches a URL."""

    config_class = HTTPDataConfig
    config: HTTPDataConfig
    #: Current Packer's outputs are `url`, `body` and `request_headers` (which,
    #: despite its name, holds the response's headers, duplicates joined with
    #: ", "). Kiln adds the clearer `response_headers` (the same map) and
    #: `status_code` (the response's 2xx code: any other is an error).
    output_type = ObjectType(
        {
            "url": STRING,
            "body": STRING,
            "request_headers": MapType(STRING),
            "response_headers": MapType(STRING),
            "status_code": NUMBER,
        }
    )

    def execute(self) -> Value:
        """Make the request; a 2xx response's body, headers and status code."""
        from kiln.datasources.http.request import fetch  # noqa: PLC0415 - only when run

        config = self.config
        response = fetch(
            config.url,
            method=config.method or "GET",
            headers=config.request_headers,
            body=config.request_body,
        )
        headers = Value.map(
            {name: Value.string(text) for name, text in response.headers.items()}, STRING
        )
        return Value.object(
            {
                "url": Value.string(config.url),
                "body": Value.string(response.body),
                "request_headers": headers,
                "response_headers": headers,
                "status_code": Value.number(response.status),
            }
        )

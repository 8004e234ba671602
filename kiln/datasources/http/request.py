"""One HTTP request as the `http` data source makes it (Go's http.Client rules).

- Only `http` and `https` URLs; proxies from `HTTP_PROXY`/`HTTPS_PROXY`/`NO_PROXY`.
- The body is sent only when not empty, and no Content-Type is added that
  the template did not ask for.
- Redirects are followed up to 10 times: 301/302/303 turn the request into a
  GET without body (HEAD stays HEAD), 307/308 repeat it; credentials and
  cookies are not sent on to another host.
- Anything but a 2xx response is an error naming the status code.
- Unlike Go's default client, a server that stops answering does not hang
  the build: each connect and read waits at most `TIMEOUT` seconds.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import IO, Any

from kiln.errors import KilnError
from kiln.ui.log import get_logger
from kiln.version import __version__

log = get_logger(__name__)

#: Seconds a connect or a read may take before the request fails.
TIMEOUT = 60.0
#: Go's http.Client gives up after this many redirects.
MAX_REDIRECTS = 10

_SENSITIVE = ("authorization", "www-authenticate", "cookie", "cookie2")
_TEXT_TYPES = ("application/json", "application/samlmetadata+xml")


class HTTPDataError(KilnError):
    """The request failed or the response was not a success."""


@dataclass
class Response:
    """A successful response: its headers (Go's canonical names), body and status code."""

    body: str
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200


def fetch(url: str, *, method: str, headers: Mapping[str, str], body: str) -> Response:
    """Request `url`; a `Response` for a 2xx answer, else `HTTPDataError`."""
    operation = _operation(method)
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise HTTPDataError(f'{operation} "{url}": unsupported protocol scheme "{scheme}"')
    request = urllib.request.Request(url, data=body.encode() if body else None, method=method)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with _opener().open(request, timeout=TIMEOUT) as answer:
            data = answer.read()
            received = _headers(answer.headers)
            status = answer.status
    except urllib.error.HTTPError as error:
        error.close()
        if error.msg.startswith(urllib.request.HTTPRedirectHandler.inf_msg):
            raise HTTPDataError(
                f'{operation} "{url}": stopped after {MAX_REDIRECTS} redirects'
            ) from None
        raise HTTPDataError(f"HTTP request error. Response code: {error.code}") from None
    except urllib.error.URLError as error:
        raise HTTPDataError(f'{operation} "{url}": {_reason(error.reason)}') from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise HTTPDataError(f'{operation} "{url}": {_reason(error)}') from None
    _warn_unless_text(received.get("Content-Type", ""))
    return Response(data.decode("utf-8", "replace"), received, status)


def _operation(method: str) -> str:
    """Go's name for the request in errors: `Get`, `Post`..."""
    return method[:1] + method[1:].lower() if method else "Get"


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no response within {TIMEOUT:.0f} seconds"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    if isinstance(reason, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    return str(reason) or type(reason).__name__


def _headers(message: Message) -> dict[str, str]:
    """Response headers by canonical name, repeated ones joined with ", " (RFC 2616)."""
    joined: dict[str, list[str]] = {}
    for name, value in message.items():
        joined.setdefault(canonical_header(name), []).append(value)
    return {name: ", ".join(values) for name, values in joined.items()}


def canonical_header(name: str) -> str:
    """A header name as Go's textproto writes it: `content-type` → `Content-Type`."""
    if not name or any(not (c.isascii() and (c.isalnum() or c in "!#$%&'*+-.^_`|~")) for c in name):
        return name
    return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))


def _warn_unless_text(content_type: str) -> None:
    kind, _, parameters = content_type.partition(";")
    kind = kind.strip().lower()
    charset = ""
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    textual = (kind.startswith("text/") and len(kind) > 5) or kind in _TEXT_TYPES
    if textual and charset in ("", "utf-8", "us-ascii"):
        return
    log.warning(
        "http data source: Content-Type %r is not recognised as a text type; "
        "if the content is binary data, it may not be handled properly",
        content_type,
    )


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTPHandler(),
        _HTTPSHandler(),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    opener.addheaders = [("User-agent", f"Kiln/{__version__}")]
    return opener


def _without_form_type(
    handler: urllib.request.AbstractHTTPHandler, request: urllib.request.Request
) -> urllib.request.Request:
    # urllib labels every body as a form; Go sends only the headers given.
    chosen = request.has_header("Content-type")
    prepared = urllib.request.AbstractHTTPHandler.do_request_(handler, request)
    if not chosen:
        prepared.unredirected_hdrs.pop("Content-type", None)
    return prepared


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_request(self, request: urllib.request.Request) -> urllib.request.Request:
        return _without_form_type(self, request)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_request(self, request: urllib.request.Request) -> urllib.request.Request:
        return _without_form_type(self, request)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Go's redirect rules (see the module docstring)."""

    max_redirections = MAX_REDIRECTS
    max_repeats = MAX_REDIRECTS

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        method = req.get_method()
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib.error.URLError(f'unsupported protocol scheme "{scheme}" in redirect')
        carried = dict(req.headers)
        data = req.data
        if code in (301, 302, 303):
            method = method if method in ("GET", "HEAD") else "GET"
            data = None
            carried = {k: v for k, v in carried.items() if k.lower() not in _CONTENT}
        elif code not in (307, 308):
            return None
        if not _same_site(req.host, urllib.parse.urlsplit(newurl).netloc):
            carried = {k: v for k, v in carried.items() if k.lower() not in _SENSITIVE}
        return urllib.request.Request(
            newurl,
            data=data,
            headers=carried,
            method=method,
            origin_req_host=req.origin_req_host,
            unverifiable=True,
        )


_CONTENT = ("content-length", "content-type")


def _same_site(old: str, new: str) -> bool:
    """Whether `new` is `old` or below it (Go forwards credentials only then)."""
    old_host = old.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    new_host = new.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return new_host == old_host or new_host.endswith("." + old_host)

"""The app's outer wall, one ASGI middleware: security headers (a Content-Security-Policy that allows
no outside origin) on every response, the access token when one is set, and the upload size limit
(checked on the declared length and again on the bytes as they arrive, before any parsing).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from chainkg.web.state import ServeConfig

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "chainkg_login"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'self'")
"""Everything from this server only; inline styles allowed (the drawings carry style attributes), no
inline script."""
CSP_GRAPH = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
"""The interactive graph page (pyvis) carries its scripts inline; still no outside origin."""
OPEN_PATHS = ("/login", "/healthz", "/static/app.css")
UPLOAD_PATHS = ("/batch", "/api/batch")


def _is_graph_page(path: str) -> bool:
    return path == "/graph/view" or (path.startswith("/report/view/") and path.endswith("/graph.html"))


class TooLarge(Exception):
    """The request body passed the upload limit."""


class _Counted:
    """``receive`` that counts the body bytes and raises :class:`TooLarge` past ``limit``;
    :meth:`rest` then yields what is left of the body (nothing once the last part has come)."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive, self.limit, self.seen, self.complete = receive, limit, 0, False

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            self.complete = not message.get("more_body", False)
            if self.seen > self.limit:
                raise TooLarge
        return message

    async def rest(self) -> Message:
        if self.complete:
            return {"type": "http.request", "body": b"", "more_body": False}
        message = await self.receive()
        if message["type"] == "http.request":
            self.complete = not message.get("more_body", False)
        return message


class Guard:
    """Headers, token and upload limit around the app."""

    def __init__(self, app: ASGIApp, config: ServeConfig) -> None:
        self.app = app
        self.config = config
        self.limit = config.max_upload_bytes + 64 * 1024  # the multipart envelope around the file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path: str = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        csp = CSP_GRAPH if _is_graph_page(path) else CSP
        started = False
        raw = receive

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                         (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"SAMEORIGIN"),
                         (b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-resource-policy", b"same-origin")]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if self.config.token and not path.startswith(OPEN_PATHS) and not self._authorised(headers):
            return await self._refuse(path, scope, send_with_headers)
        if scope.get("method") == "POST" and path.startswith(UPLOAD_PATHS):
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.limit:
                await self._drain(receive)
                return await _error(send_with_headers, 413, self._too_large(), path)
            counted = self._counting(receive)
            raw, receive = counted.rest, counted
            scope["chainkg.drain"] = lambda: self._drain(raw)  # for a route that catches TooLarge itself
        try:
            await self.app(scope, receive, send_with_headers)
        except TooLarge:
            if not started:
                await self._drain(raw)
                await _error(send_with_headers, 413, self._too_large(), path)

    async def _drain(self, receive: Receive) -> None:
        """Read and drop the rest of a refused body (up to 4× the limit), so the client, still
        sending, gets the 413 rather than a reset connection; beyond that the connection closes."""
        seen = 0
        while seen <= 4 * self.limit:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    def _too_large(self) -> str:
        return f"upload too large: the limit is {self.config.max_upload_bytes // (1024 * 1024)} MB"

    def _counting(self, receive: Receive) -> _Counted:
        return _Counted(receive, self.limit)

    def _authorised(self, headers: dict[str, str]) -> bool:
        token = self.config.token or ""
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
            return True
        if "cookie" in headers:
            jar = SimpleCookie()
            try:
                jar.load(headers["cookie"])
            except Exception:  # noqa: BLE001 - a malformed cookie header is just no login
                return False
            if COOKIE in jar:
                return hmac.compare_digest(jar[COOKIE].value.encode(), self.config.cookie_value().encode())
        return False

    async def _refuse(self, path: str, scope: Scope, send: Send) -> None:
        if path.startswith(("/api", "/openapi.json")) or scope.get("method") != "GET":
            return await _error(send, 401, "a token is needed: send 'Authorization: Bearer <CHAINKG_TOKEN>' or log in at /login", path)
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + (f"?{query}" if query else "")
        from urllib.parse import quote

        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", f"/login?next={quote(target, safe='')}".encode("latin-1")),
                                (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


async def _error(send: Send, status: int, message: str, path: str) -> None:
    """A one-line error: JSON ``{"error": …}`` for the API, a plain line for pages."""
    if path.startswith("/api") or path == "/openapi.json":
        body, kind = json.dumps({"error": message}, ensure_ascii=False).encode(), b"application/json"
    else:
        body, kind = f"chainkg: error: {message}\n".encode(), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})

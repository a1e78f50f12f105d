"""A stand-in HTTP server's handler for tests: every GET gets 200 and the class's JSON body."""

from __future__ import annotations

import http.server


class JsonAnswer(http.server.BaseHTTPRequestHandler):
    """Subclasses set ``body``: what every GET is answered with."""

    body = b"{}"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a test's output is not the place for an access log

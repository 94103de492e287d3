"""A small OpenID Connect provider the tests run themselves: no network, keys made here.

It serves discovery, authorize, token, JWKS and userinfo on 127.0.0.1 from a thread, signs
ID tokens with an RSA key made when it starts (RS256), and signs in whoever
``provider.claims`` describes without asking (the tests set it). Enough of the code flow
for mozilla-django-oidc: state and nonce pass through, a code is good once, the client
must authenticate at the token endpoint with its secret, and the redirect URI must match.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "regie-test"
CLIENT_SECRET = "regie-test-secret"  # noqa: S105 (a test provider's)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class ThreadingServer(WSGIServer):
    daemon_threads = True


@dataclass
class Provider:
    claims: dict[str, Any] = field(default_factory=lambda: {"sub": "user-1"})
    #: the ``aud`` of the ID tokens it issues (a test sets another to see it refused)
    audience: str = CLIENT_ID
    key: Any = None
    kid: str = "test-key-1"
    codes: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)
    server: Any = None
    thread: Any = None

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    # -- running ------------------------------------------------------------------------
    def start(self) -> Provider:
        self.server = make_server(
            "127.0.0.1", 0, self.app, server_class=ThreadingServer, handler_class=QuietHandler
        )
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def settings(self) -> dict[str, Any]:
        """Regie's settings for this provider, as an administrator copies them from discovery."""
        discovery = self.discovery()
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": discovery["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": discovery["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": discovery["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": discovery["jwks_uri"],
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    # -- endpoints ----------------------------------------------------------------------
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
            query.update({k: v[0] for k, v in parse_qs(body).items()})
        routes = {
            "/.well-known/openid-configuration": lambda: (200, self.discovery()),
            "/authorize": lambda: self.authorize(query),
            "/token": lambda: self.token(query),
            "/jwks": lambda: (200, self.jwks()),
            "/userinfo": lambda: self.userinfo(environ.get("HTTP_AUTHORIZATION", "")),
        }
        status, result = routes.get(path, lambda: (404, {"error": "not_found"}))()
        if status == 302:
            start_response("302 Found", [("Location", result)])
            return [b""]
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
        start_response(f"{status} {reason[status]}", [("Content-Type", "application/json")])
        return [json.dumps(result).encode()]

    def authorize(self, query: dict[str, str]):
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {"error": "invalid_request"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "claims": dict(self.claims),
        }
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, location

    def token(self, form: dict[str, str]):
        grant = self.codes.pop(form.get("code", ""), None)  # good once
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.url,
                "aud": self.audience,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                "sub": grant["claims"]["sub"],
            },
            self.key,
            algorithm="RS256",
            headers={"kid": self.kid},
        )
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["claims"]
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def userinfo(self, authorization: str):
        claims = self.tokens.get(authorization.removeprefix("Bearer ").strip())
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims

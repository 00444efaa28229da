"""Session tokens: issued by the server, signed, bound to one site.

A visitor never chooses their own session id. `POST /api/session` (or opening the
chat UI) gets a token

    v1.<site>.<nonce>.<issued-at>.<signature>

where the nonce is 128 random bits and the signature is an HMAC-SHA256 of the
rest under the server's secret. The profile is stored under a key derived from
the site and the nonce (`web:<site>:<nonce>`), so:

- a made-up or altered token fails the signature check and reaches no profile;
- a token issued for one site key is refused with another key;
- nothing a client sends is ever used as a profile key directly.

Tokens are stateless (any web worker holding the secret can check them) and
expire after `RECBOT_SESSION_TTL_DAYS`. The secret is `RECBOT_SESSION_SECRET`,
or a random one created once in the data directory (mode 0600).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ConfigError, RecbotError

VERSION = "v1"
# v1.<site>.<nonce>.<issued-at>.<signature>, in ASCII only: site keys, URL-safe base64, hex.
TOKEN = re.compile(rf"({VERSION}\.([A-Za-z0-9_-]{{1,40}})\.([A-Za-z0-9_-]{{16,64}})"
                   r"\.([0-9a-f]{1,16}))\.([A-Za-z0-9_-]{43})")
SECRET_FILE = "session-secret"


class SessionError(RecbotError):
    """A session token that the server did not issue, or that is expired or for another site."""


@dataclass(frozen=True)
class Session:
    site: str
    nonce: str
    issued_at: int

    @property
    def profile_key(self) -> str:
        """The id profiles are stored under; never taken from the client."""
        return f"web:{self.site}:{self.nonce}"


class SessionSigner:
    """Issues and checks session tokens."""

    def __init__(self, secret: bytes, ttl_seconds: float, *, clock=time.time):  # noqa: ANN001
        if len(secret) < 32:
            raise ConfigError("the session secret must be at least 32 bytes")
        self._secret = secret
        self.ttl_seconds = ttl_seconds
        self._clock = clock

    def issue(self, site: str) -> str:
        nonce = secrets.token_urlsafe(16)  # 128 bits
        body = f"{VERSION}.{site}.{nonce}.{int(self._clock()):x}"
        return f"{body}.{self._sign(body)}"

    def verify(self, token: object, *, site: str | None = None) -> Session:
        """The session a token stands for; SessionError when it is not one we issued."""
        # The shape first: nothing is computed from a string that is not one (and
        # compare_digest raises on non-ASCII text).
        shape = TOKEN.fullmatch(token) if isinstance(token, str) else None
        if shape is None:
            raise SessionError("not a session token")
        body, token_site, nonce, issued_hex, signature = shape.groups()
        if not hmac.compare_digest(signature, self._sign(body)):
            raise SessionError("not a session token issued by this server")
        issued_at = int(issued_hex, 16)
        if self._clock() - issued_at > self.ttl_seconds:
            raise SessionError("the session has expired; start a new one")
        if site is not None and token_site != site:
            raise SessionError("the session belongs to another site key")
        return Session(token_site, nonce, issued_at)

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def load_secret(configured: str | None, data_dir: Path) -> bytes:
    """The configured secret, or the one kept in the data directory (created on first use)."""
    if configured:
        return configured.encode()
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".{SECRET_FILE}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:  # link() never replaces: two workers starting at once agree on one secret
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    secret = path.read_text().strip().encode()
    if len(secret) < 32:
        raise ConfigError(f"{path} holds a secret shorter than 32 characters; delete it to "
                          "create a new one (every open session ends)")
    return secret

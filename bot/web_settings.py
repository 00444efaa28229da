"""Parsing the web server's settings (`RECBOT_HOST`, `RECBOT_SITE_KEYS`...).

Kept apart from `bot.settings` so that the web knobs and their formats live in
one place:

    RECBOT_ALLOWED_ORIGINS="https://shop.example,https://blog.example"
    RECBOT_SITE_KEYS="pk_shop=https://shop.example|https://www.shop.example,pk_blog"
    RECBOT_PUBLIC_URL="https://recbot.example"

An origin is `scheme://host` with an optional port; `http://127.0.0.1:*` allows
any port of that host (handy on a developer's machine). A site key with no
origins may be used from any allowed origin. The public URL is the origin people
open the server at (its own pages); unset, it is the address it listens on.
"""

from __future__ import annotations

import re

from bot.errors import ConfigError

# Until a deployment names its own sites, the demo widget key works from pages served on
# this machine only (a browser sends a loopback Origin only for a page on this machine).
DEFAULT_SITE_KEYS: dict[str, tuple[str, ...]] = {
    "demo": ("http://127.0.0.1:*", "http://localhost:*"),
}
SITE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")  # "_..." is reserved
ORIGIN = re.compile(r"^https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(:(\d{1,5}|\*))?$")
MIN_SECRET = 32

WEB_SETTINGS = {"host", "port", "public_url", "allowed_origins", "site_keys",
                "session_secret", "session_ttl_days", "max_body_bytes", "rate_limit",
                "session_rate_limit"}


def parse_web_setting(key: str, name: str, raw: str) -> object:
    """The typed value of one `RECBOT_*` web setting; a ConfigError names what is wrong."""
    if name == "host":
        if not raw or any(c.isspace() for c in raw):
            raise ConfigError(f"{key} must be a host name or address, got {raw!r}")
        return raw
    if name == "port":
        port = _number(key, raw, int)
        if not 0 <= port <= 65535:
            raise ConfigError(f"{key} must be a port number (0-65535), got {raw!r}")
        return port
    if name == "public_url":
        return parse_public_url(key, raw) if raw else None
    if name == "allowed_origins":
        return tuple(parse_origin(key, o) for o in _split(raw, ","))
    if name == "site_keys":
        return parse_site_keys(key, raw)
    if name == "session_secret":
        if len(raw) < MIN_SECRET:
            raise ConfigError(f"{key} must be at least {MIN_SECRET} characters (a random "
                              "string, e.g. from `python -c 'import secrets; "
                              "print(secrets.token_urlsafe(32))'`)")
        return raw
    if name == "session_ttl_days":
        return _positive(key, _number(key, raw, float))
    return _positive(key, _number(key, raw, int))  # body size and rate limits


def parse_origin(key: str, raw: str) -> str:
    origin = raw.strip().rstrip("/")
    if not ORIGIN.match(origin):
        raise ConfigError(f"{key}: {raw!r} is not an origin like https://shop.example or "
                          "http://127.0.0.1:8000 (scheme and host, optional port, no path)")
    return origin.lower()


def parse_public_url(key: str, raw: str) -> str:
    """The origin people open the server at, as a browser names it (no default port)."""
    if raw.strip().endswith(":*"):
        raise ConfigError(f"{key} is one address; a port of '*' is for allowed origins")
    origin = parse_origin(key, raw)
    for scheme, port in (("http", ":80"), ("https", ":443")):
        if origin.startswith(scheme + "://") and origin.endswith(port):
            return origin.removesuffix(port)
    return origin


def parse_site_keys(key: str, raw: str) -> dict[str, tuple[str, ...]]:
    sites: dict[str, tuple[str, ...]] = {}
    for entry in _split(raw, ","):
        name, _, origins = entry.partition("=")
        name = name.strip()
        if not SITE_KEY.match(name):
            raise ConfigError(f"{key}: site key {name!r} must be 1-40 letters, digits, '-' or "
                              "'_', starting with a letter or digit")
        if name in sites:
            raise ConfigError(f"{key}: site key {name!r} is given twice")
        sites[name] = tuple(parse_origin(key, o) for o in _split(origins, "|"))
    if not sites:
        raise ConfigError(f"{key} is empty; give at least one site key")
    return sites


def _split(raw: str, separator: str) -> list[str]:
    return [part.strip() for part in raw.split(separator) if part.strip()]


def _number(key: str, raw: str, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None


def _positive(key: str, value: int | float) -> int | float:
    if value <= 0:
        raise ConfigError(f"{key} must be positive, got {value!r}")
    return value

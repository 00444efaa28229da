"""One settings object, read from `RECBOT_*` environment variables at entry points only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from bot.errors import ConfigError
from bot.web_settings import DEFAULT_SITE_KEYS, WEB_SETTINGS, parse_web_setting
from indexes.embeddings import BACKENDS, DEFAULT_BACKEND

PREFIX = "RECBOT_"
DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"

# Libraries that phone home stall when there is no network; recbot never needs them to.
OFFLINE_ENVIRONMENT = {
    "ANONYMIZED_TELEMETRY": "False",  # Chroma
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
}

# Environment variables that are read by recbot but are not Settings fields.
EXTRA_KNOWN_VARIABLES = {"RECBOT_LIVE_LLM"}


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "recbot"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "recbot"


@dataclass(frozen=True)
class Settings:
    """Every knob recbot has. Build with `Settings.from_env()` at an entry point."""

    data_dir: Path
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    embedding_batch_size: int = 32
    embedding_backend: str = DEFAULT_BACKEND  # torch | onnx-int8 (indexes/embeddings.py)
    cache_dir: Path = field(default_factory=default_cache_dir)  # the ONNX export, made once
    chroma_url: str | None = None
    # PostgreSQL for profiles, conversations and substitution feedback (bot/database.py);
    # unset: SQLite files in data_dir. Kept out of repr: it may hold a password.
    database_url: str | None = field(default=None, repr=False)
    catalog: str = "movies"
    # The LLM agent (bot/agent/engine.py) runs when a model is named; otherwise the offline engine.
    llm_base_url: str | None = None  # an OpenAI-compatible endpoint; unset: api.openai.com
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 30.0  # seconds for one model request
    llm_max_retries: int = 2  # retries of a failed request (timeouts, 429, 5xx)
    llm_temperature: float | None = None  # unset: the model's own default
    llm_max_tokens: int = 800  # the most tokens one model answer may take
    prompts_dir: Path | None = None  # prompt templates; unset: the prompts/ folder shipped
    audience_rules: Path | None = None  # a YAML file of audience rules (bot/audience.py)
    substitute_max_price_change: float = 0.25  # a substitute's price within +/-25% by default
    # Hybrid blend weights (RECBOT_BLEND_*); None keeps the default in bot.ranker.BlendWeights.
    blend_query: float | None = None
    blend_taste: float | None = None
    blend_als: float | None = None
    blend_bpr: float | None = None
    blend_ease: float | None = None
    blend_also_liked: float | None = None
    blend_next: float | None = None
    blend_popularity: float | None = None
    blend_acclaim: float | None = None
    blend_talk: float | None = None
    blend_dislike: float | None = None
    blend_diversity: float | None = None
    blend_shrinkage: float | None = None
    blend_recency: float | None = None
    blend_fade: float | None = None
    # The web server (RECBOT_HOST...; parsed in bot.web_settings).
    host: str = "127.0.0.1"
    port: int = 7860
    public_url: str | None = None  # the origin people open; unset: the listening address
    allowed_origins: tuple[str, ...] = ()
    site_keys: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_SITE_KEYS))
    session_secret: str | None = field(default=None, repr=False)  # never in a log line
    session_ttl_days: float = 30.0
    max_body_bytes: int = 16_384
    rate_limit: int = 30  # chat turns and feedback per session per minute
    session_rate_limit: int = 60  # new sessions per client address per minute

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def encoder_cache(self) -> Path:
        """Where exported embedding models are kept (shared by every data dir)."""
        return self.cache_dir / "encoders"

    @property
    def llm_configured(self) -> bool:
        """True when an LLM is configured: the agent answers, the offline engine falls back."""
        return bool(self.llm_model or self.llm_base_url)

    @property
    def profiles_path(self) -> Path:
        """The SQLite file of profiles and conversations."""
        return self.data_dir / "profiles.sqlite3"

    @property
    def substitutions_path(self) -> Path:
        """The SQLite file of substitution feedback (what people accepted and rejected)."""
        return self.data_dir / "substitutions.sqlite3"

    @property
    def profiles_store(self) -> str | Path:
        """Where profiles live: the database URL when one is set, else the SQLite file."""
        return self.database_url or self.profiles_path

    @property
    def substitutions_store(self) -> str | Path:
        """Where substitution feedback lives: the database URL, else the SQLite file."""
        return self.database_url or self.substitutions_path

    def model_path(self, catalog: str) -> Path:
        """Where the catalog's collaborative model is saved, next to the index."""
        return self.data_dir / "models" / f"{catalog}.npz"

    def blend(self) -> dict[str, float]:
        """The blend weights that were set, keyed by part name."""
        return {f.name[len("blend_"):]: getattr(self, f.name) for f in fields(self)
                if f.name.startswith("blend_") and getattr(self, f.name) is not None}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read `RECBOT_*` variables; an unknown `RECBOT_` name is an error (a typo, usually)."""
        env = os.environ if environ is None else environ
        known = {f.name for f in fields(cls)}
        values: dict[str, object] = {}
        for key, raw in env.items():
            if not key.startswith(PREFIX) or key in EXTRA_KNOWN_VARIABLES:
                continue
            name = key[len(PREFIX) :].lower()
            if name not in known:
                allowed = ", ".join(sorted(PREFIX + k.upper() for k in known))
                raise ConfigError(f"unknown setting {key}; known settings are: {allowed}")
            values[name] = _parse(key, name, raw)
        values.setdefault("data_dir", default_data_dir())
        return cls(**values)  # type: ignore[arg-type]


def _parse(key: str, name: str, raw: str) -> object:
    raw = raw.strip()
    if name in WEB_SETTINGS:
        return parse_web_setting(key, name, raw)
    if name == "embedding_backend":
        if raw not in BACKENDS:
            raise ConfigError(f"{key} must be one of {', '.join(BACKENDS)}, got {raw!r}")
        return raw
    if name in ("data_dir", "cache_dir", "prompts_dir", "audience_rules"):
        if not raw:
            raise ConfigError(f"{key} is empty")
        return Path(raw).expanduser()
    if name in ("embedding_batch_size", "llm_max_tokens"):
        return _positive(key, raw, int)
    if name == "llm_timeout":
        return _positive(key, raw, float)
    if name == "llm_max_retries":
        return _count(key, raw)
    if name == "llm_temperature":
        return _temperature(key, raw) if raw else None
    if name == "substitute_max_price_change":
        return _fraction(key, raw)
    if name == "blend_popularity":  # below 0 trades a little accuracy for breadth
        return _bounded(key, raw, 1000, low=-1000)
    if name.startswith("blend_"):
        return _weight(key, raw)
    if name == "database_url":
        if raw and not raw.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            raise ConfigError(f"{key} must be a postgresql:// URL (unset: SQLite files in "
                              "the data directory)")
        return raw or None
    if name in ("chroma_url", "llm_base_url") and raw \
            and not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{key} must be an http:// or https:// URL, got {raw!r}")
    if name.startswith(("llm_", "chroma_")):
        return raw or None  # an empty optional setting means "not set"
    if not raw:
        raise ConfigError(f"{key} is empty")
    return raw


def _positive(key: str, raw: str, kind: type[int] | type[float]) -> int | float:
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{key} must be positive, got {raw!r}")
    return value


def _count(key: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, got {raw!r}") from None
    if not 0 <= value <= 10:
        raise ConfigError(f"{key} must be between 0 and 10, got {raw!r}")
    return value


def _temperature(key: str, raw: str) -> float:
    return _bounded(key, raw, 2)


def _fraction(key: str, raw: str) -> float:
    return _bounded(key, raw, 10, "a fraction of the price (0.25 is +/-25%), ")


def _weight(key: str, raw: str) -> float:
    return _bounded(key, raw, 1000)


def _bounded(key: str, raw: str, high: float, meaning: str = "", *, low: float = 0) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{key} must be {meaning}between {low:g} and {high:g}, got {raw!r}")
    return value


def apply_offline_environment() -> None:
    """Switch off telemetry and hub look-ups, unless the user set them explicitly."""
    for key, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(key, value)

"""Settings come from RECBOT_* variables; typos and bad values are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, apply_offline_environment


def test_defaults_and_values_from_the_environment(tmp_path):
    settings = Settings.from_env({
        "RECBOT_DATA_DIR": str(tmp_path),
        "RECBOT_EMBEDDING_MODEL": "/models/mini",
        "RECBOT_EMBEDDING_BATCH_SIZE": "16",
        "RECBOT_CHROMA_URL": "http://127.0.0.1:9000",
        "RECBOT_LLM_BASE_URL": "",
        "PATH": "/usr/bin",
    })
    assert settings.data_dir == tmp_path
    assert settings.chroma_path == tmp_path / "chroma"
    assert settings.embedding_model == "/models/mini"
    assert settings.embedding_batch_size == 16
    assert settings.chroma_url == "http://127.0.0.1:9000"
    assert settings.llm_base_url is None  # empty means not set: the offline engine
    assert Settings.from_env({}).embedding_model == "all-MiniLM-L6-v2"
    assert Settings.from_env({}).embedding_backend == "torch"
    assert Settings.from_env({"RECBOT_EMBEDDING_BACKEND": " onnx-int8 "}).embedding_backend \
        == "onnx-int8"
    cached = Settings.from_env({"RECBOT_CACHE_DIR": str(tmp_path / "cache")})
    assert cached.encoder_cache == tmp_path / "cache" / "encoders"
    assert Settings.from_env({"XDG_CACHE_HOME": ""}).cache_dir.name == "recbot"
    assert Settings.from_env({"HOME": "/home/x", "XDG_DATA_HOME": ""}).data_dir.name == "recbot"


@pytest.mark.parametrize(("key", "value", "message"), [
    ("RECBOT_CHROMA_ULR", "http://x", "unknown setting RECBOT_CHROMA_ULR"),
    ("RECBOT_EMBEDDING_BATCH_SIZE", "many", "must be a number"),
    ("RECBOT_EMBEDDING_BATCH_SIZE", "0", "must be positive"),
    ("RECBOT_CHROMA_URL", "localhost:8000", "must be an http:// or https:// URL"),
    ("RECBOT_CATALOG", " ", "is empty"),
    ("RECBOT_BLEND_ALS", "high", "must be a number"),
    ("RECBOT_BLEND_TASTE", "-1", "between 0 and 1000"),
    ("RECBOT_BLEND_POPULARITY", "-1001", "between -1000 and 1000"),
    ("RECBOT_BLEND_SPARKLE", "1", "unknown setting RECBOT_BLEND_SPARKLE"),
    ("RECBOT_EMBEDDING_BACKEND", "onnx", "must be one of torch, onnx-int8, got 'onnx'"),
])
def test_bad_settings_are_refused(key, value, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({key: value})


def test_offline_environment_does_not_override_the_user(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("GRADIO_ANALYTICS_ENABLED", raising=False)
    apply_offline_environment()
    assert os.environ["HF_HUB_OFFLINE"] == "0"
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    assert isinstance(Settings.from_env({"RECBOT_DATA_DIR": "~/x"}).data_dir, Path)


def test_blend_weights_override_only_what_is_set(tmp_path):
    from bot.ranker import BlendWeights

    settings = Settings.from_env({"RECBOT_BLEND_ALS": "0.8", "RECBOT_BLEND_DIVERSITY": "0"})
    assert settings.blend() == {"als": 0.8, "diversity": 0.0}
    weights = BlendWeights.from_mapping(settings.blend())
    assert (weights.als, weights.diversity) == (0.8, 0.0)
    assert weights.popularity == BlendWeights().popularity
    assert settings.model_path("shop") == settings.data_dir / "models" / "shop.npz"
    # what `recbot eval --tune` may print can be set: popularity below 0
    tuned = Settings.from_env({"RECBOT_BLEND_POPULARITY": "-0.25", "RECBOT_BLEND_NEXT": "2"})
    assert BlendWeights.from_mapping(tuned.blend()).popularity == -0.25
    assert BlendWeights.from_mapping(tuned.blend()).next == 2.0


def test_web_settings_from_the_environment(tmp_path):
    settings = Settings.from_env({
        "RECBOT_HOST": "0.0.0.0", "RECBOT_PORT": "8080",
        "RECBOT_ALLOWED_ORIGINS": "https://Shop.example/, http://127.0.0.1:*",
        "RECBOT_SITE_KEYS": "pk_shop=https://shop.example|https://www.shop.example,pk_blog",
        "RECBOT_SESSION_SECRET": "x" * 40, "RECBOT_MAX_BODY_BYTES": "4096",
        "RECBOT_RATE_LIMIT": "12", "RECBOT_SESSION_TTL_DAYS": "0.5",
    })
    assert (settings.host, settings.port) == ("0.0.0.0", 8080)
    assert settings.allowed_origins == ("https://shop.example", "http://127.0.0.1:*")
    assert settings.site_keys == {"pk_shop": ("https://shop.example", "https://www.shop.example"),
                                  "pk_blog": ()}
    assert (settings.max_body_bytes, settings.rate_limit, settings.session_ttl_days) == \
        (4096, 12, 0.5)
    defaults = Settings.from_env({})
    assert defaults.site_keys == {"demo": ("http://127.0.0.1:*", "http://localhost:*")}
    assert (defaults.host, defaults.port, defaults.allowed_origins) == ("127.0.0.1", 7860, ())
    assert defaults.public_url is None  # the listening address (ui.security.own_origins)


@pytest.mark.parametrize(("raw", "public_url"), [
    ("https://Recbot.example/", "https://recbot.example"),
    ("https://recbot.example:443", "https://recbot.example"),  # as a browser names it
    ("http://192.168.1.20:80", "http://192.168.1.20"),
    ("http://recbot.lan:8080", "http://recbot.lan:8080"),
    ("", None),
])
def test_the_public_url_is_an_origin_as_browsers_send_it(raw, public_url):
    assert Settings.from_env({"RECBOT_PUBLIC_URL": raw}).public_url == public_url


@pytest.mark.parametrize(("key", "value", "message"), [
    ("RECBOT_PORT", "70000", "port number"),
    ("RECBOT_PORT", "http", "must be a number"),
    ("RECBOT_HOST", "", "host name or address"),
    ("RECBOT_PUBLIC_URL", "recbot.example", "is not an origin"),
    ("RECBOT_PUBLIC_URL", "https://recbot.example/chat", "is not an origin"),
    ("RECBOT_PUBLIC_URL", "http://127.0.0.1:*", "is one address"),
    ("RECBOT_ALLOWED_ORIGINS", "shop.example", "is not an origin"),
    ("RECBOT_ALLOWED_ORIGINS", "https://shop.example/path", "is not an origin"),
    ("RECBOT_SITE_KEYS", "", "give at least one site key"),
    ("RECBOT_SITE_KEYS", "_ui", "starting with a letter or digit"),
    ("RECBOT_SITE_KEYS", "a=https://x.example,a", "given twice"),
    ("RECBOT_SITE_KEYS", "a=ftp://x.example", "is not an origin"),
    ("RECBOT_SESSION_SECRET", "short", "at least 32 characters"),
    ("RECBOT_MAX_BODY_BYTES", "0", "must be positive"),
    ("RECBOT_RATE_LIMIT", "-3", "must be positive"),
    ("RECBOT_ALLOWED_ORIGIN", "https://x.example", "unknown setting RECBOT_ALLOWED_ORIGIN"),
])
def test_bad_web_settings_are_refused(key, value, message):
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({key: value})


def test_the_database_url_names_postgresql_and_stays_out_of_logs(tmp_path):
    url = "postgresql://recbot:s3cret@db.internal:5432/recbot"
    settings = Settings.from_env({"RECBOT_DATA_DIR": str(tmp_path), "RECBOT_DATABASE_URL": url})
    assert settings.profiles_store == settings.substitutions_store == url
    assert "s3cret" not in repr(settings)
    default = Settings.from_env({"RECBOT_DATA_DIR": str(tmp_path)})
    assert default.profiles_store == tmp_path / "profiles.sqlite3"
    with pytest.raises(ConfigError, match="postgresql://"):
        Settings.from_env({"RECBOT_DATA_DIR": str(tmp_path),
                           "RECBOT_DATABASE_URL": "mysql://db/recbot"})

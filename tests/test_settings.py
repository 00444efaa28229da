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
    assert Settings.from_env({"HOME": "/home/x", "XDG_DATA_HOME": ""}).data_dir.name == "recbot"


@pytest.mark.parametrize(("key", "value", "message"), [
    ("RECBOT_CHROMA_ULR", "http://x", "unknown setting RECBOT_CHROMA_ULR"),
    ("RECBOT_EMBEDDING_BATCH_SIZE", "many", "must be a number"),
    ("RECBOT_EMBEDDING_BATCH_SIZE", "0", "must be positive"),
    ("RECBOT_CHROMA_URL", "localhost:8000", "must be an http:// or https:// URL"),
    ("RECBOT_CATALOG", " ", "is empty"),
    ("RECBOT_BLEND_ALS", "high", "must be a number"),
    ("RECBOT_BLEND_POPULARITY", "-1", "between 0 and 1000"),
    ("RECBOT_BLEND_SPARKLE", "1", "unknown setting RECBOT_BLEND_SPARKLE"),
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

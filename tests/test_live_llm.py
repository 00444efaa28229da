"""The LLM agent against a real endpoint: runs only with RECBOT_LIVE_LLM=1.

    RECBOT_LIVE_LLM=1 RECBOT_LLM_BASE_URL=http://127.0.0.1:11434/v1 RECBOT_LLM_MODEL=qwen2.5:7b \\
        python -m pytest -m live_llm

The catalog is the same 300 demo movies as the other tests. Wording is the model's own,
so `text_contains` expectations of the scripts are not required; everything else is,
and every turn must be answered by the model, not by the offline fallback.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from bot.bot import Bot
from bot.context import Context
from bot.settings import Settings
from tests.test_bot import CONVERSATIONS

pytestmark = [
    pytest.mark.live_llm,
    pytest.mark.skipif(os.environ.get("RECBOT_LIVE_LLM") != "1",
                       reason="a real LLM endpoint: set RECBOT_LIVE_LLM=1 and RECBOT_LLM_*"),
]


@pytest.fixture
def live_bot(world, tmp_path) -> Bot:
    folder, chroma, embedder = world
    settings = Settings.from_env()
    if not settings.llm_configured:
        pytest.fail("RECBOT_LIVE_LLM=1 needs RECBOT_LLM_MODEL (and RECBOT_LLM_BASE_URL for a "
                    "local server, or RECBOT_LLM_API_KEY for OpenAI)")
    settings = replace(settings, data_dir=tmp_path, catalog="movies")
    return Bot(Context(settings, client=chroma, embedder=embedder))


def test_a_real_model_answers_through_tools_and_streams(live_bot):
    events = list(live_bot.stream("live", "I loved Heat and Casino"))
    reply = events[-1]
    assert reply.engine == "llm", dict(live_bot.agent.stats.fallbacks)
    assert reply.picks and "".join(e for e in events if isinstance(e, str)) == reply.text
    assert live_bot.agent.stats.tool_calls
    assert {"6", "16"} & set(live_bot.store.profile("live", "movies").liked)


@pytest.mark.parametrize("script", CONVERSATIONS, ids=lambda p: p.stem)
def test_conversation_scripts_with_a_real_model(live_bot, script):
    from bot.evaluation.replay import load_script, run_script

    result = run_script(live_bot, load_script(script))
    failures = [f for f in result.failures() if ": text contains" not in f]
    assert not failures, "\n".join(failures)
    assert result.fallbacks() == 0, dict(live_bot.agent.stats.fallbacks)

"""The LLM agent: the engine (engine.py), its tools (tools.py), the grounding of its text
(grounding.py), the model adapter (llm.py) and the prompt templates (prompts.py)."""

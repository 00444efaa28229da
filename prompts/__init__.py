"""The prompt templates, installed as the package bot.prompts (see pyproject.toml)."""

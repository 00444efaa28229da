"""The demo catalogs, installed as the package bot.demo_data (see pyproject.toml)."""

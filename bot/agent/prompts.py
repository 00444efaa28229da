"""Prompt templates: text files in `prompts/`, rendered strictly.

Every word the LLM reads from recbot (the system prompt, tool descriptions, the
digest request) is a file in the `prompts/` folder at the top of the repository,
which is installed as the package `bot.prompts` and read with `importlib.resources`,
or in `RECBOT_PROMPTS_DIR` (a team's own wording). Templates are Jinja2 rendered with
`StrictUndefined`: a variable the caller did not give is an error, never an empty
string. Values are inserted as text; template syntax inside an item description or
a message is not evaluated.

    >>> Prompts().render("system.md", catalog="movies", ...)
"""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FunctionLoader, StrictUndefined, TemplateError

from bot.errors import PromptError

SHIPPED = "bot.prompts"  # the repository's prompts/ folder, as pyproject.toml installs it


class Prompts:
    """The prompt templates of one folder: a team's own, or the shipped ones."""

    def __init__(self, folder: Path | None = None):
        self.folder: Traversable = Path(folder) if folder else _shipped()
        if not self.folder.is_dir():
            raise PromptError(f"no prompts folder at {self.folder}; set RECBOT_PROMPTS_DIR to "
                              "a folder with the templates of recbot's prompts/")
        self._env = Environment(loader=FunctionLoader(self._source), undefined=StrictUndefined,
                                autoescape=False, trim_blocks=True, lstrip_blocks=True,
                                keep_trailing_newline=False)

    def _source(self, template: str) -> str | None:
        path = self.folder / template
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def render(self, template: str, /, **values: Any) -> str:
        """`template` with `values`; a missing template or variable is an error."""
        path = self.folder / template
        if not path.is_file():
            raise PromptError(f"prompt template {template} is missing from {self.folder}")
        try:
            return self._env.get_template(template).render(**values).strip()
        except TemplateError as exc:  # UndefinedError, a syntax error in an edited template
            raise PromptError(f"prompt template {path}: {exc}") from exc

    @cached_property
    def tools(self) -> dict[str, dict[str, Any]]:
        """Tool descriptions from tools.yaml: {tool: {description, parameters: {name: text}}}."""
        return self.described("tools.yaml")

    def described(self, file: str) -> dict[str, dict[str, Any]]:
        """Tools described in a YAML file: {tool: {description, parameters: {name: text}}}."""
        path = self.folder / file
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise PromptError(f"cannot read tool descriptions {path}: {exc}") from exc
        if not isinstance(data, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("description"), str)
                for v in data.values()):
            raise PromptError(f"{path}: each tool needs a `description` (and `parameters`)")
        return data


def _shipped() -> Traversable:
    try:
        return resources.files(SHIPPED)
    except ModuleNotFoundError as exc:  # an install without its package data, or a stale one
        raise PromptError(f"recbot's prompts (the package {SHIPPED}) are not installed; "
                          "reinstall recbot, or set RECBOT_PROMPTS_DIR to a folder with the "
                          "templates of recbot's prompts/") from exc

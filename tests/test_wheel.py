"""The wheel works on its own: installed outside the checkout, recbot finds its prompts and
demo catalogs as package data, ingests a catalog and answers a chat turn.

The wheel is built from a copy of the checkout (a build/ folder left in the checkout cannot
fill it in) and installed, without dependencies, in a fresh virtual environment in tmp_path.
The dependencies are those of the environment running the tests, named by a line of a .pth
file: a folder named there is not a site folder, so its own .pth files (the editable
install of recbot among them) are not run, and `bot` can only come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import DEFAULT_EMBEDDING_MODEL, OFFLINE_ENVIRONMENT
from tests.conftest import SMALL_CATALOG, write_jsonl

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
# What a clean clone has but the build must not see (the patterns of .gitignore, and .git).
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".*_cache", ".recbot-data", "test-artifacts")
PACKAGES = ("bot", "indexes", "ui")
PACKAGE_DATA = {"prompts": "bot/prompts", "data": "bot/demo_data"}  # folder: where it installs


@dataclass
class Install:
    wheel: Path
    python: Path
    scripts: Path
    site: Path  # the fresh environment's site-packages
    workdir: Path  # outside the checkout
    env: dict[str, str]

    def run(self, *argv: str | Path, stdin: str | None = None) -> str:
        return run(*argv, cwd=self.workdir, env=self.env, stdin=stdin)

    def python_json(self, script: str) -> dict:
        """Run `script` in the installed environment; it prints one JSON object."""
        return json.loads(self.run(self.python, "-c", textwrap.dedent(script)))


def run(*argv: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
        stdin: str | None = None) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def install(tmp_path_factory) -> Install:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-q", "-w", root / "dist", source)
    (wheel,) = (root / "dist").glob("recbot-*.whl")

    venv = root / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    paths = json.loads(run(python, "-c", "import json, sysconfig; "
                                         "print(json.dumps(sysconfig.get_paths()))"))
    dependencies = dict.fromkeys(sysconfig.get_path(k) for k in ("purelib", "platlib"))
    Path(paths["purelib"], "recbot-dependencies.pth").write_text(
        "".join(f"{folder}\n" for folder in dependencies), encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "-q", wheel)

    workdir = root / "work"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECBOT_", "PYTHON"))}
    env.update(OFFLINE_ENVIRONMENT, RECBOT_DATA_DIR=str(root / "recbot-data"),
               RECBOT_EMBEDDING_MODEL=DEFAULT_EMBEDDING_MODEL)
    return Install(wheel, python, Path(paths["scripts"]), Path(paths["purelib"]), workdir, env)


def test_the_wheel_holds_the_code_prompts_and_demo_catalogs_and_nothing_else(install):
    def files(folder: Path) -> set[Path]:
        return {p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")
                and "__pycache__" not in p.parts}

    expected = {p.relative_to(REPO).as_posix() for name in PACKAGES for p in files(REPO / name)}
    for folder, package in PACKAGE_DATA.items():
        expected |= {f"{package}/{p.relative_to(REPO / folder).as_posix()}"
                     for p in files(REPO / folder)}
    with zipfile.ZipFile(install.wheel) as wheel:
        names = set(wheel.namelist())
    assert sorted(expected - names) == []
    assert {"bot/prompts/system.md", "bot/demo_data/movies.jsonl"} <= names
    assert sorted(n for n in names - expected if ".dist-info/" not in n) == []


def test_bot_is_imported_from_the_wheel_not_the_checkout(install):
    found = install.python_json("""
        import json, sys
        import bot, bot.demo_data, bot.prompts
        print(json.dumps({"files": [bot.__file__, bot.prompts.__file__, bot.demo_data.__file__],
                          "editable": [m for m in sys.modules if "editable" in m]}))
    """)
    assert all(Path(f).is_relative_to(install.site) for f in found["files"]), found
    assert found["editable"] == []
    assert not install.workdir.is_relative_to(REPO)


def test_the_console_script_runs(install):
    out = install.run(install.scripts / "recbot", "--help")
    assert "ingest" in out and "chat" in out


def test_every_shipped_prompt_renders(install):
    rendered = install.python_json("""
        import json
        from bot.agent.engine import _example_system_values
        from bot.agent.prompts import Prompts
        from bot.agent.tools import TOOLS, tool_schemas

        prompts = Prompts()
        values = _example_system_values()
        print(json.dumps({
            "folder": str(prompts.folder),
            "system": prompts.render("system.md", **values),
            "shown": prompts.render("shown.md", picks=[{"n": 1, "id": "7", "title": "Up"}]),
            "digest": prompts.render("digest.md", catalog="example", person=values["person"],
                                     count=3),
            "tools": sorted(tool_schemas(prompts)) == sorted(TOOLS),
        }))
    """)
    assert Path(rendered["folder"]).is_relative_to(install.site)
    assert 'the "example" catalog (1 items)' in rendered["system"]
    assert rendered["shown"] == "(Picks shown with this reply: #1 Up [id 7])"
    assert "the 3 picks" in rendered["digest"]
    assert rendered["tools"]


def test_the_demo_catalogs_are_in_the_installed_package(install):
    found = install.python_json("""
        import json
        from importlib import resources
        from bot.demo import DEMO_CATALOGS, DEMO_DIR, DEMO_INTERACTIONS

        shipped = resources.files("bot.demo_data")
        names = [*DEMO_CATALOGS.values(), *DEMO_INTERACTIONS.values(), "README.md"]
        print(json.dumps({"folder": str(DEMO_DIR),
                          "missing": [n for n in names if not (shipped / n).is_file()],
                          "licences": "MovieLens" in (shipped / "README.md").read_text()}))
    """)
    assert Path(found["folder"]).is_relative_to(install.site)
    assert found["missing"] == []
    assert found["licences"]


def test_ingest_a_catalog_then_chat(install):
    catalog = write_jsonl(install.workdir / "tiny.jsonl", SMALL_CATALOG)
    recbot = install.scripts / "recbot"
    out = install.run(recbot, "ingest", catalog.name, "--quiet")
    assert f"tiny: {len(SMALL_CATALOG)} items loaded" in out
    out = install.run(recbot, "chat", "--catalog", "tiny",
                      stdin="a funny film about a rocket to space\n")
    assert "Chatting about tiny with the offline engine" in out
    assert "Rocket Kids" in out or "Space Cowboys" in out, out

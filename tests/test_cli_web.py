"""`recbot serve`: refuses to start with nothing to serve; otherwise warms up, prints the URL
and serves the whole app (the serving itself is exercised by the browser tests)."""

from __future__ import annotations

import pytest

from bot.cli.main import main
from bot.context import Context
from bot.settings import Settings
from tests.web_world import build_world


def test_serve_with_no_catalog_says_how_to_get_one(tmp_path, capsys, chroma, embedder):
    context = Context(Settings(data_dir=tmp_path), client=chroma, embedder=embedder)
    assert main(["serve", "--port", "0"], context=context) == 2
    assert "recbot serve --demo" in capsys.readouterr().err


def test_serve_rejects_a_bad_port(tmp_path, capsys, chroma, embedder):
    context = Context(Settings(data_dir=tmp_path), client=chroma, embedder=embedder)
    assert main(["serve", "--port", "99999"], context=context) == 2
    assert "0-65535" in capsys.readouterr().err


def test_serve_warms_up_then_serves_the_app_on_the_address_asked(tmp_path, capsys,
                                                                  monkeypatch):
    import uvicorn

    chroma, embedder = build_world(tmp_path)
    context = Context(Settings(data_dir=tmp_path / "data"), client=chroma, embedder=embedder)
    served = {}

    def fake_run(server, sockets):
        served["app"], served["address"] = server.config.app, sockets[0].getsockname()
        for sock in sockets:
            sock.close()

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    # serve() sets torch and BLAS to one thread: not for the rest of this test process.
    monkeypatch.setattr("ui.server.one_thread_per_request", lambda: None)
    embedder.encoded.clear()
    assert main(["serve", "--host", "127.0.0.1", "--port", "0"], context=context) == 0
    out = capsys.readouterr().out
    host, port = served["address"]
    assert f"open http://127.0.0.1:{port}/ to chat" in out
    assert f"http://localhost:{port}/demo" in out
    assert embedder.encoded == ["warm up"]  # the model was loaded before the first visitor
    assert {"/api/chat", "/api/chat/stream", "/healthz"} <= set(served["app"].openapi()["paths"])
    assert {"/widget.js", "/demo"} <= {getattr(r, "path", "") for r in served["app"].routes}


@pytest.mark.parametrize("argv", [["serve", "--help"]])
def test_serve_is_documented(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    assert "--demo" in capsys.readouterr().out

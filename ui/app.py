"""`build_app(bot)`: one FastAPI app serving the API, the chat page, the widget and its demo.

    /               the Gradio chat page
    /api/...        the HTTP API (ui/api.py), OpenAPI at /openapi.json, docs at /docs
    /widget.js      the embeddable chat widget (ui/static/widget.js)
    /demo           a host page embedding the widget (ui/static/demo-host.html)
    /healthz        readiness

Launching is separate (`ui.server.serve`); tests run this app in a thread.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ui.api import WebState, api_router
from ui.security import (
    ApiCORSMiddleware,
    BodyLimitMiddleware,
    Limiter,
    RateLimiter,
    Sites,
    own_origins,
)
from ui.sessions import SessionSigner, load_secret

if TYPE_CHECKING:
    from bot.bot import Bot
    from bot.settings import Settings

# The chat page's own requests (Gradio's queue) carry a whole message at most.
PAGE_BODY_LIMIT = 1 << 20
# The demo host page names the widget at the default address; /demo serves it pointing here.
DEMO_WIDGET_URL = "http://127.0.0.1:7860/widget.js"


def static_text(name: str) -> str:
    return resources.files("ui").joinpath("static", name).read_text(encoding="utf-8")


def build_state(bot: Bot, address: tuple[str, int] | None = None) -> WebState:
    settings = bot.context.settings
    signer = SessionSigner(load_secret(settings.session_secret, settings.data_dir),
                           settings.session_ttl_days * 86_400)
    host, port = address or (settings.host, settings.port)
    sites = Sites(settings.site_keys, settings.allowed_origins,
                  own=own_origins(settings.public_url, host, port))
    return WebState(bot=bot, signer=signer, sites=sites,
                    turn_limiter=limiter(settings, "turns", settings.rate_limit),
                    session_limiter=limiter(settings, "sessions", settings.session_rate_limit))


def limiter(settings: Settings, scope: str, per_minute: int) -> Limiter:
    """Limits kept in the database when one is shared (RECBOT_DATABASE_URL: every worker
    on every host counts against the same budget), else in this process's memory."""
    if settings.database_url:
        from ui.shared_limits import SharedRateLimiter

        return SharedRateLimiter(settings.database_url, scope, per_minute)
    return RateLimiter(per_minute)


def build_app(bot: Bot, *, chat_page: bool = True,
              address: tuple[str, int] | None = None) -> FastAPI:
    """The whole web app for a bot. `chat_page=False` leaves out Gradio (API-only tests);
    `address` is the (host, port) it is served on, when not RECBOT_HOST and RECBOT_PORT."""
    state = build_state(bot, address)
    app = FastAPI(title="recbot", version="0.1.0",
                  description="Conversational recommendations: chat, feedback, items. "
                              "Start with POST /api/session.")
    app.state.web = state
    _error_handlers(app)
    app.include_router(api_router(state))

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        return Response(static_text("widget.js"), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=300",
                                 "X-Content-Type-Options": "nosniff"})

    @app.get("/demo", include_in_schema=False)
    def demo(request: Request) -> HTMLResponse:
        """The demo host page, its widget from one of the server's own origins: another
        than the page's when it has two (127.0.0.1 and localhost), so that the page and the
        widget are on different origins. The Host header only picks; it is never echoed."""
        opened = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
        server = next((o for o in state.sites.own if o != opened), state.sites.own[0])
        page = static_text("demo-host.html").replace(DEMO_WIDGET_URL, f"{server}/widget.js")
        return HTMLResponse(page)

    if chat_page:
        import gradio as gr

        from ui.chat_ui import CSS, build_chat_ui, theme

        gr.mount_gradio_app(app, build_chat_ui(state), path="/", footer_links=[],
                            run_history=False, max_file_size=0, ssr_mode=False, css=CSS,
                            theme=theme(), show_error=False)
    app.add_middleware(ApiCORSMiddleware, prefixes=["/api/"],
                       origin_regex=state.sites.cors_regex)
    app.add_middleware(BodyLimitMiddleware, default=PAGE_BODY_LIMIT,
                       limits=[("/api/", bot.context.settings.max_body_bytes)])
    return app


def _error_handlers(app: FastAPI) -> None:
    """Errors as `{"error": "..."}`; malformed JSON is a 400, a wrong field a 422."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems: list[Any] = list(exc.errors())
        if any(p.get("type") == "json_invalid" for p in problems):
            return JSONResponse({"error": "the request body is not valid JSON"},
                                status_code=400)
        described = "; ".join(_describe(p) for p in problems[:10])
        return JSONResponse({"error": f"invalid request: {described}"}, status_code=422)


def _describe(problem: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in problem.get("loc", ()) if p != "body")
    return f"{where or 'body'}: {problem.get('msg', 'invalid')}"

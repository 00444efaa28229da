"""The HTTP API through FastAPI's test client: every endpoint, bad input, keys, origins,
rate limits, and one visitor never reaching another's profile."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.web_world import (
    LONG_TITLE,
    ODD_ITEM,
    XSS_QUERY,
    XSS_TITLE,
    build_world,
    make_bot,
)
from ui.app import build_app

SHOP = "https://shop.example"


@pytest.fixture(scope="module")
def web_world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("web-api"))


def make_client(web_world, tmp_path, **settings) -> TestClient:
    settings.setdefault("site_keys", {"demo": ("http://127.0.0.1:*",), "shop": (SHOP,)})
    bot = make_bot(web_world, tmp_path / "data", **settings)
    return TestClient(build_app(bot, chat_page=False))


@pytest.fixture
def client(web_world, tmp_path) -> TestClient:
    return make_client(web_world, tmp_path)


def session(client: TestClient, key: str = "demo", **headers: str) -> str:
    response = client.post("/api/session", json={"key": key}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["session_id"]


def profile(client: TestClient, token: str):
    state = client.app.state.web
    return state.bot.store.profile(state.signer.verify(token).profile_key, "movies")


def read_events(text: str) -> list[tuple[str, dict]]:
    events = []
    for frame in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_health_catalogs_and_the_openapi_document(client):
    assert client.get("/healthz").json() == {"status": "ok", "catalogs": ["groceries", "movies"]}
    assert client.get("/api/catalogs").json() == {"catalogs": ["groceries", "movies"],
                                                  "default": "movies"}
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/session", "/api/chat", "/api/chat/stream", "/api/feedback",
            "/api/items/{item_id}", "/healthz"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_a_chat_turn_returns_the_reply_and_picks(client):
    token = session(client)
    first = client.post("/api/chat", json={"session_id": token, "message": "recommend something"})
    assert first.status_code == 200 and first.json()["asked"] and first.json()["picks"] == []
    body = client.post("/api/chat", json={"session_id": token,
                                          "message": "I loved Toy Story and Jumanji"}).json()
    assert body["reply"].startswith("Noted, you liked: Toy Story (1995), Jumanji (1995).")
    # The lead is the reply without its pick lines, for pages that show picks as cards.
    assert body["lead"] == body["reply"].splitlines()[0]
    assert all(p["title"] in body["reply"] and p["title"] not in body["lead"]
               for p in body["picks"])
    assert len(body["picks"]) == 5
    assert set(body["picks"][0]) == {"id", "title", "summary", "why", "score"}
    assert profile(client, token).liked == ["1", "2"]


def test_a_grocery_turn_in_another_catalog(client):
    token = session(client)
    body = client.post("/api/chat", json={"session_id": token, "message": "tea under 300",
                                          "catalog": "groceries"}).json()
    assert body["picks"] and body["alternatives"] is False
    # the slice's one green tea costs 225: the nearest under the lowest price asked, said so
    nearest = client.post("/api/chat", json={"session_id": token, "catalog": "groceries",
                                             "message": "green tea, 300 minimum"}).json()
    assert nearest["alternatives"] is True and nearest["picks"]
    assert nearest["picks"][0]["why"] == "75 under the lowest price asked"
    missing = client.post("/api/chat", json={"session_id": token, "message": "hi",
                                             "catalog": "books"})
    assert missing.status_code == 404 and "no catalog named 'books'" in missing.json()["error"]


def test_the_streamed_turn_sends_text_then_the_final_reply(client):
    token = session(client)
    response = client.post("/api/chat/stream", json={"session_id": token, "message": "a comedy"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = read_events(response.text)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "reply" and set(kinds[:-1]) == {"delta"}
    final = events[-1][1]
    assert "".join(data["text"] for _, data in events[:-1]) == final["reply"]
    assert len(final["picks"]) == 5


def test_a_turn_that_fails_while_streaming_ends_with_an_error_event(client, monkeypatch):
    from bot.errors import RecbotError

    def failing(session_id, message, *, catalog=None):
        yield "Looking...\n"
        raise RecbotError("the index went away")

    monkeypatch.setattr(client.app.state.web.bot, "stream", failing)
    response = client.post("/api/chat/stream", json={"session_id": session(client),
                                                     "message": "a comedy"})
    assert read_events(response.text) == [("delta", {"text": "Looking...\n"}),
                                           ("error", {"error": "the index went away"})]


def test_feedback_changes_the_profile_and_unknown_items_or_kinds_are_refused(client):
    token = session(client)
    for item, kind in (("1", "like"), ("2", "dislike"), ("3", "seen")):
        response = client.post("/api/feedback", json={"session_id": token, "item_id": item,
                                                      "kind": kind})
        assert response.json() == {"ok": True, "item_id": item, "kind": kind}
    stored = profile(client, token)
    assert (stored.liked, stored.disliked, stored.seen) == (["1"], ["2"], ["3"])
    unknown = client.post("/api/feedback", json={"session_id": token, "item_id": "nope",
                                                 "kind": "like"})
    assert unknown.status_code == 404 and "no item with id 'nope'" in unknown.json()["error"]
    bad_kind = client.post("/api/feedback", json={"session_id": token, "item_id": "1",
                                                  "kind": "love"})
    assert bad_kind.status_code == 422
    assert "like, dislike, seen, accepted" in bad_kind.json()["error"]
    assert profile(client, token).liked == ["1"]
    cleared = client.post("/api/feedback", json={"session_id": token, "item_id": "1",
                                                  "kind": "clear"})  # a like taken back
    assert cleared.json() == {"ok": True, "item_id": "1", "kind": "clear"}
    assert profile(client, token).liked == []


def test_items_are_returned_as_data(client):
    item = client.get("/api/items/xss-1").json()
    assert item["title"] == XSS_TITLE and item["genres"] == ["Mystery"]
    assert client.get("/api/items/1", params={"catalog": "movies"}).json()["title"] == \
        "Toy Story (1995)"
    assert client.get("/api/items/zzz").status_code == 404
    assert client.get("/api/items/1", params={"catalog": "books"}).status_code == 404
    assert client.get("/api/items/1", params={"catalog": "../etc"}).status_code == 422


def test_an_id_with_a_slash_can_be_fetched_and_liked(client):
    """Ids are sent percent-encoded (encodeURIComponent); a "/" may also be sent as is."""
    for path in (f"/api/items/{quote(ODD_ITEM['id'], safe='')}", "/api/items/odd/1"):
        response = client.get(path)
        assert response.status_code == 200, response.text
        assert response.json()["id"] == "odd/1" and response.json()["title"] == LONG_TITLE
    token = session(client)
    liked = client.post("/api/feedback", json={"session_id": token, "item_id": "odd/1",
                                               "kind": "like"})
    assert liked.json() == {"ok": True, "item_id": "odd/1", "kind": "like"}
    assert profile(client, token).liked == ["odd/1"]


def test_a_hostile_title_comes_back_unchanged_as_json_text(client):
    token = session(client)
    picks = client.post("/api/chat", json={"session_id": token, "message": XSS_QUERY}).json()
    assert XSS_TITLE in [p["title"] for p in picks["picks"]]


@pytest.mark.parametrize(("body", "status", "message"), [
    ('{"session_id": "x", "message": ', 400, "not valid JSON"),
    ("not json at all", 400, "not valid JSON"),
    ('{"message": "hi"}', 422, "session_id: Field required"),
    ('{"session_id": "x"}', 422, "message: Field required"),
    ('{"session_id": "x", "message": 5}', 422, "message: Input should be a valid string"),
    ('{"session_id": "x", "message": "hi", "admin": true}', 422, "admin: Extra inputs"),
    ('[1, 2]', 422, "body"),
])
def test_malformed_requests_get_a_clear_error(client, body, status, message):
    response = client.post("/api/chat", content=body,
                           headers={"content-type": "application/json"})
    assert response.status_code == status
    assert message in response.json()["error"]


def test_an_oversized_body_is_refused_before_it_is_read(web_world, tmp_path):
    client = make_client(web_world, tmp_path, max_body_bytes=1000)
    token = session(client)
    big = json.dumps({"session_id": token, "message": "a" * 5000})
    declared = client.post("/api/chat", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "limit 1000 bytes" in declared.json()["error"]

    def chunks():  # no Content-Length: the limit counts what arrives
        for start in range(0, len(big), 500):
            yield big[start:start + 500].encode()

    streamed = client.post("/api/chat", content=chunks(),
                           headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    assert profile(client, token).liked == [] and not client.app.state.web.bot.store.history(
        client.app.state.web.signer.verify(token).profile_key, "movies")
    too_long = client.post("/api/chat", json={"session_id": token, "message": "b" * 700})
    assert too_long.status_code == 200  # under the limit: fine


def test_one_message_limit_for_the_bot_the_api_and_the_widget(client):
    """The API refuses what the bot would not read, with the limit in the error; the widget's
    text box stops at the same length."""
    from pathlib import Path

    from bot.turn import MAX_MESSAGE

    token = session(client)
    longest = client.post("/api/chat", json={"session_id": token, "message": "b" * MAX_MESSAGE})
    assert longest.status_code == 200
    over = client.post("/api/chat", json={"session_id": token,
                                          "message": "b" * (MAX_MESSAGE + 1)})
    assert over.status_code == 422
    assert f"at most {MAX_MESSAGE} characters" in over.json()["error"]
    widget = Path(__file__).resolve().parent.parent / "ui" / "static" / "widget.js"
    assert f"input.maxLength = {MAX_MESSAGE};" in widget.read_text(encoding="utf-8")


def test_sessions_need_a_known_key(client):
    assert client.post("/api/session", json={}).status_code == 403
    wrong = client.post("/api/session", json={"key": "stolen"})
    assert wrong.status_code == 403 and wrong.json() == {"error": "unknown site key"}
    assert client.post("/api/session", headers={"X-Recbot-Key": "demo"}).status_code == 200


def test_a_token_for_one_key_is_refused_with_another(client):
    token = session(client, "demo")
    response = client.post("/api/chat", json={"session_id": token, "message": "hi"},
                           headers={"X-Recbot-Key": "shop"})
    assert response.status_code == 403 and "another site key" in response.json()["error"]


def test_foreign_origins_are_refused_and_get_no_cors_headers(client):
    evil = {"Origin": "https://evil.example"}
    assert client.post("/api/session", json={"key": "demo"}, headers=evil).status_code == 403
    # The shop's key works from the shop's pages only; demo's from loopback pages only.
    assert client.post("/api/session", json={"key": "shop"},
                       headers={"Origin": "http://127.0.0.1:8001"}).status_code == 403
    token = session(client, "shop", Origin=SHOP)
    chat = client.post("/api/chat", json={"session_id": token, "message": "hi"}, headers=evil)
    assert chat.status_code == 403
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type,x-recbot-key"}
    refused = client.options("/api/chat", headers={**preflight, **evil})
    assert "access-control-allow-origin" not in refused.headers
    allowed = client.options("/api/chat", headers={**preflight, "Origin": SHOP})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SHOP
    ok = client.post("/api/chat", json={"session_id": token, "message": "a comedy"},
                     headers={"Origin": SHOP})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == SHOP


def test_the_servers_own_pages_may_always_use_the_api(client):
    """Its own pages are on the address it listens on: here the default RECBOT_HOST and
    RECBOT_PORT, a loopback address, so by both names people type."""
    for origin in ("http://127.0.0.1:7860", "http://localhost:7860"):
        token = session(client, "shop", Origin=origin)
        assert client.post("/api/chat", json={"session_id": token, "message": "hi"},
                           headers={"Origin": origin}).status_code == 200
    assert client.post("/api/session", json={"key": "shop"},
                       headers={"Origin": "http://127.0.0.1:7861"}).status_code == 403


def test_a_lying_host_header_does_not_make_a_page_the_servers_own(client):
    """DNS rebinding: a page on evil.example, its name pointed at this server, sends its
    own name as Host and as Origin. Neither makes it the server's own page."""
    rebound = {"Host": "evil.example:7860", "Origin": "http://evil.example:7860"}
    refused = client.post("/api/session", json={"key": "shop"}, headers=rebound)
    assert refused.status_code == 403 and "origin" in refused.json()["error"]
    token = session(client, "shop")
    assert client.post("/api/chat", json={"session_id": token, "message": "hi"},
                       headers=rebound).status_code == 403
    demo = client.get("/demo", headers={"Host": "evil.example:7860"})
    assert "evil.example" not in demo.text
    assert 'src="http://127.0.0.1:7860/widget.js"' in demo.text


def test_a_configured_public_url_is_the_servers_own_origin(web_world, tmp_path):
    client = make_client(web_world, tmp_path, public_url="https://recbot.example")
    own = {"Origin": "https://recbot.example"}
    token = session(client, "shop", **own)
    assert client.post("/api/chat", json={"session_id": token, "message": "hi"},
                       headers=own).status_code == 200
    assert client.post("/api/session", json={"key": "shop"},  # no longer its address
                       headers={"Origin": "http://127.0.0.1:7860"}).status_code == 403
    demo = client.get("/demo", headers={"Host": "evil.example"})
    assert 'src="https://recbot.example/widget.js"' in demo.text
    assert "evil.example" not in demo.text


@pytest.mark.parametrize(("public_url", "host", "port", "own"), [
    (None, "127.0.0.1", 7860, ("http://127.0.0.1:7860", "http://localhost:7860")),
    (None, "localhost", 8000, ("http://127.0.0.1:8000", "http://localhost:8000")),
    (None, "0.0.0.0", 7860, ("http://127.0.0.1:7860", "http://localhost:7860")),
    (None, "recbot.lan", 80, ("http://recbot.lan",)),
    (None, "::1", 7860, ("http://[::1]:7860",)),
    ("https://recbot.example", "0.0.0.0", 7860, ("https://recbot.example",)),
])
def test_the_servers_own_origins_come_from_its_configuration(public_url, host, port, own):
    from ui.security import own_origins

    assert own_origins(public_url, host, port) == own


def test_one_visitor_never_reaches_another_visitors_profile(client):
    alice, bob = session(client), session(client)
    assert alice != bob
    client.post("/api/chat", json={"session_id": alice, "message": "I loved Toy Story"})
    client.post("/api/chat", json={"session_id": alice, "message": "nothing scary"})
    client.post("/api/feedback", json={"session_id": alice, "item_id": "2", "kind": "dislike"})
    assert profile(client, bob).liked == [] and profile(client, bob).excluded_topics == []
    bob_turn = client.post("/api/chat", json={"session_id": bob, "message": "more like it"})
    assert "Toy Story" not in bob_turn.json()["reply"]
    # Ids a visitor makes up, or alters, reach nobody's profile.
    state = client.app.state.web
    alice_key = state.signer.verify(alice).profile_key
    body, _, signature = alice.rpartition(".")
    forged = [alice_key, "s1", "web:demo:x", body + "." + signature[::-1],
              body.replace("v1.demo.", "v1.shop.") + "." + signature, alice + "x", ""]
    for token in forged:
        response = client.post("/api/chat", json={"session_id": token, "message": "hi"})
        assert response.status_code == 401, token
        feedback = client.post("/api/feedback", json={"session_id": token, "item_id": "1",
                                                      "kind": "like"})
        assert feedback.status_code == 401
    assert profile(client, alice).liked == ["1"]


def mangled_tokens(token: str) -> dict[str, str]:
    """Malformed versions of a good token, by what is wrong with them."""
    body, _, signature = token.rpartition(".")
    _, site, nonce, issued = body.split(".")
    return {
        "non-ASCII signature": f"{body}.é…",
        "non-ASCII payload": f"v1.démo.{nonce}.{issued}.{signature}",
        "a lone surrogate": f"{body}.\ud800",
        "empty parts": "v1....",
        "only dots": "....",
        "too many dots": f"{body}.x.{signature}",
        "huge": token * 40,
        "empty": "",
    }


@pytest.mark.parametrize("path", ["/api/chat", "/api/chat/stream", "/api/feedback"])
@pytest.mark.parametrize("case", list(mangled_tokens("v1.demo.nonce.1.signature")))
def test_a_malformed_token_is_a_401_in_every_endpoint(client, path, case):
    token = mangled_tokens(session(client))[case]
    body = ({"session_id": token, "item_id": "1", "kind": "like"} if path == "/api/feedback"
            else {"session_id": token, "message": "hi"})
    response = client.post(path, content=json.dumps(body),  # escapes the lone surrogate
                           headers={"content-type": "application/json"})
    assert response.status_code == 401, response.text
    assert response.json() == {"error": "not a session token"}


def test_a_withdrawn_key_or_a_chat_page_session_cannot_use_the_api(web_world, tmp_path):
    client = make_client(web_world, tmp_path)
    token = session(client, "shop")
    again = make_client(web_world, tmp_path, site_keys={"demo": ()})  # same secret, shop withdrawn
    response = again.post("/api/chat", json={"session_id": token, "message": "hi"})
    assert response.status_code == 401 and "no longer accepted" in response.json()["error"]
    page_token = client.app.state.web.signer.issue("_ui")
    assert client.post("/api/chat", json={"session_id": page_token, "message": "hi"}
                       ).status_code == 401


def test_turns_are_rate_limited_per_session(web_world, tmp_path):
    client = make_client(web_world, tmp_path, rate_limit=3)
    fast, other = session(client), session(client)
    codes = [client.post("/api/chat", json={"session_id": fast, "message": "hi"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.post("/api/feedback", json={"session_id": fast, "item_id": "1",
                                                 "kind": "like"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert client.post("/api/chat", json={"session_id": other, "message": "hi"}
                       ).status_code == 200  # the others are not slowed down


def test_new_sessions_are_rate_limited_per_client(web_world, tmp_path):
    client = make_client(web_world, tmp_path, session_rate_limit=2)
    codes = [client.post("/api/session", json={"key": "demo"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_an_expired_token_is_refused():
    from ui.sessions import SessionError, SessionSigner

    now = [1_000_000.0]
    signer = SessionSigner(b"k" * 32, ttl_seconds=60, clock=lambda: now[0])
    token = signer.issue("demo")
    assert signer.verify(token, site="demo").profile_key.startswith("web:demo:")
    with pytest.raises(SessionError, match="another site"):
        signer.verify(token, site="shop")
    now[0] += 61
    with pytest.raises(SessionError, match="expired"):
        signer.verify(token)
    other = SessionSigner(b"z" * 32, ttl_seconds=60, clock=lambda: now[0])
    with pytest.raises(SessionError, match="not a session token issued by this server"):
        other.verify(signer.issue("demo"))


def test_the_session_secret_is_created_once_and_kept(tmp_path):
    from ui.sessions import load_secret

    first = load_secret(None, tmp_path)
    assert load_secret(None, tmp_path) == first and len(first) >= 32
    assert (tmp_path / "session-secret").stat().st_mode & 0o777 == 0o600
    assert load_secret("s" * 40, tmp_path) == b"s" * 40


def test_the_chat_page_and_the_api_are_one_app(web_world, tmp_path):
    bot = make_bot(web_world, tmp_path / "data")
    with TestClient(build_app(bot)) as client:
        page = client.get("/")
        assert page.status_code == 200 and "gradio" in page.text.lower()
        assert client.get("/healthz").json()["status"] == "ok"
        widget = client.get("/widget.js")
        assert widget.headers["content-type"].startswith("text/javascript")
        assert "attachShadow" in widget.text and "innerHTML" not in widget.text
        # The demo page's widget comes from the server's other loopback name.
        for opened, widget in (("127.0.0.1:7860", "localhost:7860"),
                               ("localhost:7860", "127.0.0.1:7860")):
            demo = client.get("/demo", headers={"Host": opened})
            assert f'src="http://{widget}/widget.js" data-key="demo"' in demo.text


def test_every_api_path_answers_in_the_apis_shape(web_world, tmp_path):
    """Unknown paths and methods under /api/ are the API's, not the chat page's (mounted at
    "/", it would answer {"detail": "Not Found"})."""
    bot = make_bot(web_world, tmp_path / "data", site_keys={"shop": (SHOP,)})
    with TestClient(build_app(bot)) as client:
        for method, path, status in [
            ("GET", "/api/nothing", 404),
            ("POST", "/api/nothing/at/all", 404),
            ("GET", "/api/items/..%2F..%2Fetc%2Fpasswd", 404),  # an id that is not there
            ("GET", "/api/items/", 422),  # no id
            ("GET", "/api/chat", 405),
            ("DELETE", "/api/feedback", 405),
            ("PUT", "/api/items/1", 405),
            ("OPTIONS", "/api/session", 405),  # not a preflight: no Origin
        ]:
            response = client.request(method, path)
            assert response.status_code == status, (method, path, response.text)
            assert list(response.json()) == ["error"], (method, path, response.text)
        assert client.delete("/api/feedback").headers["allow"] == "POST"
        assert "'../../etc/passwd'" in client.get("/api/items/..%2F..%2Fetc%2Fpasswd"
                                                  ).json()["error"]
        refused = client.options("/api/chat", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert refused.status_code == 400
        assert refused.json() == {"error": "Disallowed CORS origin"}
        assert client.get("/").status_code == 200  # the chat page is still there


def test_feedback_on_a_substitute_is_learned_and_a_cross_category_pair_refused(client):
    token = session(client)
    state = client.app.state.web
    key = state.signer.verify(token).profile_key
    def offered() -> list[str]:
        result = state.bot.substitutes(key, "18", catalog="groceries", any_price=True)
        return [s.item.id for s in result.substitutes]

    before = offered()
    assert "19" in before  # roasted flax seeds for salted pumpkin seeds: same kind, in band
    rejected = client.post("/api/feedback", json={"session_id": token, "item_id": "19",
                                                  "kind": "rejected", "catalog": "groceries",
                                                  "substitute_for": "18"})
    assert rejected.status_code == 200, rejected.text
    assert "19" not in offered()  # this shopper said no to that pair
    across = client.post("/api/feedback", json={"session_id": token, "item_id": "5",
                                                "kind": "accepted", "catalog": "groceries",
                                                "substitute_for": "18"})  # soap for seeds
    assert across.status_code == 400 and "substitute" in across.json()["error"]
    seen = client.post("/api/feedback", json={"session_id": token, "item_id": "19",
                                              "kind": "seen", "catalog": "groceries",
                                              "substitute_for": "18"})
    assert seen.status_code == 400


def test_a_substitute_outside_the_price_band_is_marked_in_the_chat_api(client):
    token = session(client)
    body = client.post("/api/chat", json={
        "session_id": token, "catalog": "groceries",
        "message": "Creme Soft Soap - For Hands & Body is sold out, any alternative?"}).json()
    # The only other soap, Lemon & Tea Tree Oil Soap, costs 360 against 162: shown, marked.
    assert body["lead"].startswith("Nothing in stock of the same kind (Beauty & Hygiene > "
                                   "Bath & Hand Wash > Bathing Bars & Soaps) is within 25% of "
                                   "the price; the nearest:")
    assert [p["id"] for p in body["picks"]] == ["42"]
    assert body["picks"][0]["why"].startswith(
        "122% more expensive than Creme Soft Soap - For Hands & Body, outside the ±25% band")
    taken = client.post("/api/feedback", json={"session_id": token, "item_id": "42",
                                               "kind": "accepted", "catalog": "groceries",
                                               "substitute_for": "5"})
    assert taken.status_code == 200, taken.text

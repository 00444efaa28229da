/*
 * recbot chat widget: one script tag adds a chat bubble to any page.
 *
 *   <script src="https://YOUR-RECBOT/widget.js" data-key="YOUR-SITE-KEY" async></script>
 *
 * Optional attributes:
 *   data-catalog    which catalog to chat about
 *   data-title      the panel's heading; data-greeting: its first message
 *   data-position   "right" (default) or "left"
 *   data-theme      "light" (default), "dark", or "auto" (follows the visitor's system)
 *   data-accent     the site's colour, "#1a7f37" (its text is white or black, whichever reads)
 *   data-launcher   "hidden": no bubble; the site opens the chat with its own button
 *   data-strings    the interface's words in another language, as JSON:
 *                   '{"send": "Envoyer", "placeholder": "Votre message"}' (keys: STRINGS below)
 *   data-server     the recbot address, when widget.js is served from elsewhere
 *
 * A JavaScript API, callable before the script has loaded (calls are queued):
 *
 *   <script>window.recbot = window.recbot || function () {
 *     (window.recbot.q = window.recbot.q || []).push(arguments); };</script>
 *   recbot("open"); recbot("close"); recbot("ask", "a funny space movie");
 *   recbot("on", "message", function (m) { ... });   // {role, text, picks}
 *   recbot("on", "feedback", function (f) { ... });  // {item_id, kind}
 *   recbot("on", "open" | "close" | "ready", function () { ... });
 *
 * Everything lives in a shadow root, so the page's styles cannot reach the widget and
 * the widget's cannot reach the page. Every string from the server is set with
 * textContent, never parsed as HTML. The session token comes from the server (POST
 * /api/session) and is kept in this site's localStorage, with the conversation shown,
 * so it is still there on the site's next page.
 */
(function () {
  "use strict";
  if (window.__recbotWidget) return;
  var script = document.currentScript ||
    document.querySelector('script[src$="/widget.js"][data-key]');
  if (!script) return;

  var STRINGS = {
    title: "Recommendations",
    greeting: "Hi! Tell me what you are in the mood for, or name a few favourites.",
    placeholder: "Type a message", message: "Message", send: "Send",
    open: "Open chat", close: "Close chat", like: "Like", dislike: "Not for me",
    why: "Why: ", picks: "Picks", error: "Sorry, that did not work: ",
    notSaved: "Not saved: ", liked: "Liked", disliked: "Marked not for you",
    cleared: "Taken back", conversation: "Conversation"
  };

  function attr(name) { return script.getAttribute("data-" + name); }

  function strings() {
    var words = {}, key;
    for (key in STRINGS) words[key] = STRINGS[key];
    var given = {};
    try { given = JSON.parse(attr("strings") || "{}") || {}; } catch (e) {
      console.warn("recbot: data-strings is not JSON; the default words are used");
    }
    for (key in given) {
      if (STRINGS.hasOwnProperty(key) && typeof given[key] === "string") words[key] = given[key];
    }
    if (attr("title")) words.title = attr("title");
    if (attr("greeting")) words.greeting = attr("greeting");
    return words;
  }

  var HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
  var config = {
    key: attr("key") || "",
    catalog: attr("catalog") || null,
    position: attr("position") === "left" ? "left" : "right",
    theme: ["dark", "auto"].indexOf(attr("theme")) >= 0 ? attr("theme") : "light",
    accent: HEX.test(attr("accent") || "") ? attr("accent") : "#2457d6",
    launcher: attr("launcher") !== "hidden",
    words: strings(),
    server: (attr("server") || new URL(script.src, location.href).origin).replace(/\/+$/, "")
  };
  var words = config.words;
  var storageKey = "recbot:" + config.server + ":" + config.key + ":session";

  // White or near-black text on the accent, whichever contrasts more (WCAG's formula).
  function onAccent(hex) {
    var h = hex.length === 4 ? "#" + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3] : hex;
    var lum = [1, 3, 5].map(function (i) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#111111";
  }

  var LIGHT = "--bg:#ffffff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;" +
    "--error-bg:#fff0f0;--error-line:#c93c37;";
  var DARK = "--bg:#22272e;--fg:#e6edf3;--muted:#a8b3bf;--line:#545d68;--soft:#1c2128;" +
    "--error-bg:#3d1f20;--error-line:#f47067;";
  var CSS = [
    ".frame{" + LIGHT + "--accent:" + config.accent + ";--on-accent:" + onAccent(config.accent) +
    ";font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',",
    "Arial,sans-serif;color:var(--fg);font-style:normal;text-align:left}",
    ".frame.dark{" + DARK + "}",
    "@media (prefers-color-scheme: dark){.frame.auto{" + DARK + "}}",
    // The host element's inline style resets everything; typography starts at .frame.
    ".frame *{box-sizing:border-box;font:inherit;color:inherit;letter-spacing:normal;",
    "text-transform:none}",
    ".frame .bubble{width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;",
    "display:flex;align-items:center;justify-content:center;background:var(--accent);",
    "color:var(--on-accent);box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".right .bubble{margin-left:auto}",
    ".nolauncher .bubble{display:none}",
    ".frame :focus-visible{outline:3px solid #f5a623;outline-offset:1px}",
    ".panel{display:none;flex-direction:column;width:min(380px,calc(100vw - 40px));",
    "height:min(560px,calc(100vh - 100px));background:var(--bg);border:1px solid var(--line);",
    "border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;margin-bottom:10px}",
    ".open .panel{display:flex}",
    // A phone: the open chat takes the whole screen.
    "@media (max-width: 480px){.open .panel{position:fixed;inset:0;width:100vw;",
    "height:100vh;height:100dvh;border-radius:0;border:0;margin:0}}",
    ".head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;",
    "background:var(--accent);color:var(--on-accent);font-weight:600}",
    ".frame .head button{background:transparent;border:0;color:var(--on-accent);font-size:20px;",
    "cursor:pointer;min-width:32px;min-height:32px}",
    ".log{position:relative;flex:1;overflow-y:auto;padding:12px;display:flex;",
    "flex-direction:column;gap:8px;background:var(--soft)}",
    // A word longer than the panel is wide (a 200-letter title, a URL) breaks anywhere.
    ".msg{max-width:88%;padding:8px 11px;border-radius:10px;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    ".frame .msg.user{align-self:flex-end;background:var(--accent);color:var(--on-accent)}",
    ".msg.bot{align-self:flex-start;background:var(--bg);border:1px solid var(--line)}",
    ".msg.error{align-self:flex-start;background:var(--error-bg);",
    "border:1px solid var(--error-line)}",
    ".cards{display:flex;flex-direction:column;gap:8px;list-style:none;margin:0;padding:0}",
    ".card{background:var(--bg);border:1px solid var(--line);border-radius:10px;",
    "padding:9px 11px;overflow-wrap:anywhere}",
    ".card .title{font-weight:600}",
    ".frame .card .why{color:var(--muted);font-size:12px;margin-top:3px}",
    ".card .actions{display:flex;gap:6px;margin-top:6px}",
    ".frame .card .actions button{border:1px solid var(--line);background:var(--soft);",
    "border-radius:6px;padding:3px 8px;cursor:pointer;font-size:12px}",
    ".frame .card .actions button[aria-pressed=true]{background:var(--accent);",
    "color:var(--on-accent);border-color:var(--accent)}",
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid var(--line);background:var(--bg)}",
    ".frame input{flex:1;min-width:0;padding:8px 10px;border:1px solid var(--line);",
    "border-radius:8px;background:var(--bg);color:var(--fg)}",
    ".frame form button{padding:8px 12px;border:0;border-radius:8px;background:var(--accent);",
    "color:var(--on-accent);cursor:pointer}",
    ".frame form button:disabled{cursor:progress}",
    ".hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);",
    "white-space:nowrap}"
  ].join("");

  // -- the elements -------------------------------------------------------------------
  var host = document.createElement("recbot-chat");
  // Inline !important beats any page rule, so the page cannot hide or restyle the host.
  host.setAttribute("style", "all:initial !important;position:fixed !important;" +
    "bottom:20px !important;" + config.position + ":20px !important;" +
    "z-index:2147483000 !important;display:block !important");
  var root = host.attachShadow({mode: "open"});
  var style = document.createElement("style");
  style.textContent = CSS;
  root.appendChild(style);

  var frame = el("div", "frame " + config.position + " " + config.theme +
    (config.launcher ? "" : " nolauncher"));
  var panel = el("section", "panel");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", words.title);
  var head = el("div", "head");
  head.appendChild(el("span", "", words.title));
  var close = el("button", "close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", words.close);
  head.appendChild(close);
  var log = el("div", "log");
  log.setAttribute("role", "region");
  log.setAttribute("aria-label", words.conversation);
  log.tabIndex = 0;  // a keyboard can scroll it
  var live = el("div", "hidden");  // what a screen reader reads out: each finished answer
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  var form = el("form");
  var input = el("input");
  input.type = "text";
  input.maxLength = 2000;  // bot.turn.MAX_MESSAGE: the API refuses longer messages
  input.placeholder = words.placeholder;
  input.setAttribute("aria-label", words.message);
  var send = el("button", "", words.send);
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(live);
  panel.appendChild(form);
  var bubble = el("button", "bubble");
  bubble.type = "button";
  bubble.appendChild(chatIcon());
  bubble.setAttribute("aria-label", words.open);
  bubble.setAttribute("aria-expanded", "false");
  frame.appendChild(panel);
  frame.appendChild(bubble);
  root.appendChild(frame);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);  // text, never HTML
    return node;
  }

  function chatIcon() {  // a speech balloon, drawn: no icon font or emoji font needed
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 " +
      "1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  // -- what is shown, kept for the site's next page ------------------------------------
  // entries: {role: "user" | "bot" | "error", text, picks: [{id, title, summary, why,
  // pressed}]}; the newest MAX_KEPT are kept in localStorage beside the session token.
  var MAX_KEPT = 60;
  var entries = [];

  function store(name, value, where) {
    try { (where || localStorage).setItem(storageKey + name, value); } catch (e) { /* blocked */ }
  }
  function stored(name, where) {
    try { return (where || localStorage).getItem(storageKey + name); } catch (e) { return null; }
  }
  function keep() { store(":log", JSON.stringify(entries.slice(-MAX_KEPT))); }

  function say(role, text, picks) {
    var entry = {role: role, text: text, picks: picks || []};
    entries.push(entry);
    var node = el("div", "msg " + role, text);
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    keep();
    return {entry: entry, node: node};
  }

  function restore() {
    var kept = [];
    try { kept = JSON.parse(stored(":log") || "[]") || []; } catch (e) { kept = []; }
    kept.forEach(function (entry) {
      if (!entry || ["user", "bot", "error"].indexOf(entry.role) < 0) return;
      var shown = say(entry.role, String(entry.text || ""));
      if (Array.isArray(entry.picks) && entry.picks.length) showPicks(shown, entry.picks);
    });
  }

  // -- talking to recbot --------------------------------------------------------------
  var session = stored("");

  function post(path, body) {
    return fetch(config.server + path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Recbot-Key": config.key},
      body: JSON.stringify(body),
      credentials: "omit"
    });
  }

  function errorText(response) {
    return response.json().then(function (body) {
      return (body && body.error) || ("error " + response.status);
    }, function () { return "error " + response.status; });
  }

  function newSession() {
    return post("/api/session", {key: config.key}).then(function (response) {
      if (!response.ok) return errorText(response).then(function (t) { throw new Error(t); });
      return response.json();
    }).then(function (body) {
      session = body.session_id;
      store("", session);
      return session;
    });
  }

  function chat(message, retried) {
    var ready = session ? Promise.resolve(session) : newSession();
    return ready.then(function (token) {
      var body = {session_id: token, message: message};
      if (config.catalog) body.catalog = config.catalog;
      return post("/api/chat/stream", body);
    }).then(function (response) {
      if (response.status === 401 && !retried) {  // expired or from another server
        session = null;
        return chat(message, true);
      }
      if (!response.ok) return errorText(response).then(function (t) { throw new Error(t); });
      return readEvents(response);
    });
  }

  // The reply's text without "1. Title: ..." lines, which the cards below show.
  function withoutPickLines(text) {
    return text.split("\n").filter(function (line) {
      return !/^\s*\d{1,2}\.(\s|$)/.test(line) && !/^\s*\d{1,2}$/.test(line);
    }).join("\n").trim();
  }

  // Server-sent events over fetch (EventSource cannot POST): frames split by a blank line.
  function readEvents(response) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    var shown = say("bot", "");
    var node = shown.node;
    var finished = false;
    var written = "";
    function handle(frame) {
      var event = "message", data = "";
      frame.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) event = line.slice(6).trim();
        else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
      });
      if (!data) return;
      var payload = JSON.parse(data);
      if (event === "delta") {
        written += payload.text;
        node.textContent = withoutPickLines(written);  // picks are shown as cards
      } else if (event === "reply") {
        var text = payload.lead || payload.reply;  // the final text is authoritative
        node.textContent = shown.entry.text = text;
        var picks = (payload.picks || []).map(function (p) {
          return {id: p.id, title: p.title, summary: p.summary, why: p.why, pressed: ""};
        });
        showPicks(shown, picks);
        finished = true;
        keep();
        log.scrollTop = node.offsetTop - 8;  // the start of the reply, then its cards
        live.textContent = text + (picks.length ? " (" + picks.length + " " +
          words.picks.toLowerCase() + ")" : "");
        emit("message", {role: "bot", text: text, picks: picks.map(function (p) {
          return {id: p.id, title: p.title, summary: p.summary, why: p.why};
        })});
        return;
      } else if (event === "error") {
        node.className = "msg error";
        shown.entry.role = "error";
        node.textContent = shown.entry.text = words.error + payload.error;
        live.textContent = node.textContent;
        finished = true;
        keep();
      }
      log.scrollTop = log.scrollHeight;
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          if (buffer.trim()) handle(buffer);
          if (!finished) throw new Error("the connection closed early");
          return;
        }
        buffer += decoder.decode(chunk.value, {stream: true});
        var frames = buffer.split("\n\n");
        buffer = frames.pop();
        frames.forEach(handle);
        return pump();
      });
    }
    return pump().catch(function (error) {  // no empty bubble left behind
      if (!finished && !node.textContent) {
        node.remove();
        entries.splice(entries.indexOf(shown.entry), 1);
      }
      throw error;
    });
  }

  function showPicks(shown, picks) {
    shown.entry.picks = picks;
    if (!picks.length) return;
    var list = el("ul", "cards");
    list.setAttribute("aria-label", words.picks);
    picks.forEach(function (pick) {
      var card = el("li", "card");
      card.setAttribute("data-item-id", pick.id);
      card.appendChild(el("div", "title", pick.title));
      card.appendChild(el("div", "summary", pick.summary));
      card.appendChild(el("div", "why", words.why + pick.why));
      var actions = el("div", "actions");
      [["like", words.like], ["dislike", words.dislike]].forEach(function (choice) {
        var button = el("button", choice[0], choice[1]);
        button.type = "button";
        button.setAttribute("aria-pressed", String(pick.pressed === choice[0]));
        button.addEventListener("click", function () { feedback(pick, choice[0], actions); });
        actions.appendChild(button);
      });
      card.appendChild(actions);
      list.appendChild(card);
    });
    log.appendChild(list);
    log.scrollTop = log.scrollHeight;
  }

  // A button pressed again takes the opinion back ("clear").
  function feedback(pick, kind, actions) {
    var sent = pick.pressed === kind ? "clear" : kind;
    var body = {session_id: session, item_id: pick.id, kind: sent};
    if (config.catalog) body.catalog = config.catalog;
    post("/api/feedback", body).then(function (response) {
      if (!response.ok) return errorText(response).then(function (t) { throw new Error(t); });
      pick.pressed = sent === "clear" ? "" : sent;
      keep();
      Array.prototype.forEach.call(actions.children, function (button) {
        button.setAttribute("aria-pressed", String(button.className === pick.pressed));
      });
      live.textContent = pick.title + ": " + (sent === "clear" ? words.cleared :
        sent === "like" ? words.liked : words.disliked);
      emit("feedback", {item_id: pick.id, kind: sent});
    }).catch(function (error) { say("error", words.notSaved + error.message); });
  }

  // -- opening, closing, the keyboard -------------------------------------------------
  var before = null;  // what had the focus before the chat opened: it gets it back
  function isOpen() { return frame.classList.contains("open"); }

  function toggle(open, focus) {
    if (open === isOpen()) return;
    if (open) before = root.activeElement || document.activeElement;
    frame.classList.toggle("open", open);
    bubble.setAttribute("aria-label", open ? words.close : words.open);
    bubble.setAttribute("aria-expanded", String(open));
    store(":open", open ? "1" : "", sessionStorage);
    if (open) {
      if (!entries.length) say("bot", words.greeting);
      if (focus !== false) input.focus();
    } else if (focus !== false) {
      var back = config.launcher ? bubble : before;
      if (back && back.focus && back !== document.body) back.focus();
    }
    emit(open ? "open" : "close", {});
  }

  function focusable() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("button, input, [tabindex]"),
      function (node) { return !node.disabled && node.getClientRects().length; });
  }

  bubble.addEventListener("click", function () { toggle(!isOpen()); });
  close.addEventListener("click", function () { toggle(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { toggle(false); return; }
    if (event.key !== "Tab") return;
    // The focus stays in the open chat: past the last control it comes back to the first.
    var nodes = focusable();
    if (!nodes.length) return;
    var first = nodes[0], last = nodes[nodes.length - 1];
    var current = root.activeElement;
    if (event.shiftKey && (current === first || !panel.contains(current))) {
      event.preventDefault(); last.focus();
    } else if (!event.shiftKey && current === last) {
      event.preventDefault(); first.focus();
    }
  });

  function ask(message) {
    message = String(message || "").trim();
    if (!message || send.disabled) return false;
    say("user", message);
    emit("message", {role: "user", text: message, picks: []});
    send.disabled = true;
    chat(message, false).catch(function (error) {
      say("error", words.error + error.message);
    }).then(function () { send.disabled = false; if (isOpen()) input.focus(); });
    return true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (ask(input.value)) input.value = "";
  });

  // -- the page's API -----------------------------------------------------------------
  var handlers = {};
  function emit(name, detail) {
    (handlers[name] || []).slice().forEach(function (handler) {
      try { handler(detail); } catch (e) { console.error("recbot: a handler failed", e); }
    });
  }
  var commands = {
    open: function () { toggle(true); },
    close: function () { toggle(false); },
    toggle: function () { toggle(!isOpen()); },
    ask: function (text) { toggle(true); return ask(text); },
    on: function (name, handler) {
      if (typeof handler === "function") (handlers[name] = handlers[name] || []).push(handler);
    },
    off: function (name, handler) {
      handlers[name] = (handlers[name] || []).filter(function (h) { return h !== handler; });
    }
  };
  function api(command) {
    var run = commands[command];
    if (!run) { console.warn("recbot: no command " + command); return undefined; }
    return run.apply(null, Array.prototype.slice.call(arguments, 1));
  }
  Object.keys(commands).forEach(function (name) { api[name] = commands[name]; });

  function mount() {
    document.body.appendChild(host);
    restore();
    // Calls the page made before this script ran wait in the stub's queue: run them now.
    var queued = (typeof window.recbot === "function" && window.recbot.q) || [];
    window.recbot = api;
    Array.prototype.forEach.call(queued, function (args) { api.apply(null, args); });
    if (stored(":open", sessionStorage) === "1") toggle(true, false);  // open on the last page
    emit("ready", {});
  }
  window.__recbotWidget = {version: 2, open: commands.open};  // one widget per page
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();

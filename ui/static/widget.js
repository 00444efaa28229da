/*
 * recbot chat widget: one script tag adds a chat bubble to any page.
 *
 *   <script src="https://YOUR-RECBOT/widget.js" data-key="YOUR-SITE-KEY" async></script>
 *
 * Optional attributes: data-catalog (which catalog to chat about), data-title (panel
 * heading), data-greeting (first message), data-position ("right" or "left"),
 * data-server (the recbot address, when widget.js is served from elsewhere).
 *
 * Everything lives in a shadow root, so the page's styles cannot reach the widget
 * and the widget's cannot reach the page. Every string from the server is set with
 * textContent, never parsed as HTML. The session token comes from the server
 * (POST /api/session) and is kept in this site's localStorage.
 */
(function () {
  "use strict";
  if (window.__recbotWidget) return;
  var script = document.currentScript ||
    document.querySelector('script[src$="/widget.js"][data-key]');
  if (!script) return;

  var config = {
    key: script.getAttribute("data-key") || "",
    catalog: script.getAttribute("data-catalog") || null,
    title: script.getAttribute("data-title") || "Recommendations",
    greeting: script.getAttribute("data-greeting") ||
      "Hi! Tell me what you are in the mood for, or name a few favourites.",
    position: script.getAttribute("data-position") === "left" ? "left" : "right",
    server: (script.getAttribute("data-server") || new URL(script.src, location.href).origin)
      .replace(/\/+$/, "")
  };
  var storageKey = "recbot:" + config.server + ":" + config.key + ":session";

  var CSS = [
    // The host element's inline style resets everything; typography starts at .frame.
    ".frame{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',",
    "Arial,sans-serif;color:#1f2328;font-style:normal;text-align:left}",
    ".frame *{box-sizing:border-box;font:inherit;color:inherit;letter-spacing:normal;",
    "text-transform:none}",
    ".bubble{width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;display:flex;",
    "align-items:center;justify-content:center;",
    "background:#2457d6;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".right .bubble{margin-left:auto}",
    ".bubble:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #f5a623}",
    ".panel{display:none;flex-direction:column;width:min(380px,calc(100vw - 40px));",
    "height:min(560px,calc(100vh - 100px));background:#fff;border:1px solid #d0d7de;",
    "border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;margin-bottom:10px}",
    ".open .panel{display:flex}",
    ".head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;",
    "background:#2457d6;color:#fff;font-weight:600}",
    ".head button{background:transparent;border:0;color:#fff;font-size:20px;cursor:pointer}",
    ".log{position:relative;flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;",
    "background:#f6f8fa}",
    // A word longer than the panel is wide (a 200-letter title, a URL) breaks anywhere.
    ".msg{max-width:88%;padding:8px 11px;border-radius:10px;white-space:pre-wrap;",
    "overflow-wrap:anywhere}",
    ".msg.user{align-self:flex-end;background:#2457d6;color:#fff}",
    ".msg.bot{align-self:flex-start;background:#fff;border:1px solid #d0d7de}",
    ".msg.error{align-self:flex-start;background:#fff0f0;border:1px solid #e5a0a0}",
    ".cards{display:flex;flex-direction:column;gap:8px}",
    ".card{background:#fff;border:1px solid #d0d7de;border-radius:10px;padding:9px 11px;",
    "overflow-wrap:anywhere}",
    ".card .title{font-weight:600}",
    ".card .why{color:#57606a;font-size:12px;margin-top:3px}",
    ".card .actions{display:flex;gap:6px;margin-top:6px}",
    ".card .actions button{border:1px solid #d0d7de;background:#f6f8fa;border-radius:6px;",
    "padding:3px 8px;cursor:pointer;font-size:12px}",
    ".card .actions button[aria-pressed=true]{background:#dbe6ff;border-color:#2457d6}",
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #d0d7de;background:#fff}",
    "input{flex:1;min-width:0;padding:8px 10px;border:1px solid #d0d7de;border-radius:8px}",
    ".frame form button{padding:8px 12px;border:0;border-radius:8px;background:#2457d6;color:#fff;",
    "cursor:pointer}",
    ".frame form button:disabled{opacity:.6;cursor:default}"
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

  var frame = el("div", "frame " + config.position);
  var panel = el("section", "panel");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", config.title);
  var head = el("div", "head");
  head.appendChild(el("span", "", config.title));
  var close = el("button", "close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  head.appendChild(close);
  var log = el("div", "log");
  log.setAttribute("aria-live", "polite");
  var form = el("form");
  var input = el("input");
  input.type = "text";
  input.maxLength = 2000;  // bot.turn.MAX_MESSAGE: the API refuses longer messages
  input.placeholder = "Type a message";
  input.setAttribute("aria-label", "Message");
  var send = el("button", "", "Send");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  var bubble = el("button", "bubble");
  bubble.type = "button";
  bubble.appendChild(chatIcon());
  bubble.setAttribute("aria-label", "Open chat");
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
    path.setAttribute("fill", "#fff");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 " +
      "1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function say(kind, text) {
    var node = el("div", "msg " + kind, text);
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  // -- talking to recbot --------------------------------------------------------------
  var session = null;
  try { session = localStorage.getItem(storageKey); } catch (e) { /* storage blocked */ }

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
      try { localStorage.setItem(storageKey, session); } catch (e) { /* storage blocked */ }
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
    var node = say("bot", "");
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
        node.textContent = payload.lead || payload.reply;  // the final text is authoritative
        showPicks(payload.picks || []);
        finished = true;
        log.scrollTop = node.offsetTop - 8;  // the start of the reply, then its cards
        return;
      } else if (event === "error") {
        node.className = "msg error";
        node.textContent = "Sorry, that did not work: " + payload.error;
        finished = true;
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
    return pump();
  }

  function showPicks(picks) {
    if (!picks.length) return;
    var list = el("div", "cards");
    picks.forEach(function (pick) {
      var card = el("article", "card");
      card.setAttribute("data-item-id", pick.id);
      card.appendChild(el("div", "title", pick.title));
      card.appendChild(el("div", "summary", pick.summary));
      card.appendChild(el("div", "why", "Why: " + pick.why));
      var actions = el("div", "actions");
      [["like", "Like"], ["dislike", "Not for me"]].forEach(
        function (choice) {
          var button = el("button", choice[0], choice[1]);
          button.type = "button";
          button.setAttribute("aria-pressed", "false");
          button.addEventListener("click", function () { feedback(pick, choice[0], actions); });
          actions.appendChild(button);
        });
      card.appendChild(actions);
      list.appendChild(card);
    });
    log.appendChild(list);
    log.scrollTop = log.scrollHeight;
  }

  function feedback(pick, kind, actions) {
    var body = {session_id: session, item_id: pick.id, kind: kind};
    if (config.catalog) body.catalog = config.catalog;
    post("/api/feedback", body).then(function (response) {
      if (!response.ok) return errorText(response).then(function (t) { throw new Error(t); });
      Array.prototype.forEach.call(actions.children, function (button) {
        button.setAttribute("aria-pressed", String(button.className === kind));
      });
    }).catch(function (error) { say("error", "Not saved: " + error.message); });
  }

  // -- behaviour ----------------------------------------------------------------------
  var greeted = false;
  function toggle(open) {
    frame.classList.toggle("open", open);
    bubble.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    if (open) {
      if (!greeted) { say("bot", config.greeting); greeted = true; }
      input.focus();
    }
  }
  bubble.addEventListener("click", function () {
    toggle(!frame.classList.contains("open"));
  });
  close.addEventListener("click", function () { toggle(false); bubble.focus(); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { toggle(false); bubble.focus(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var message = input.value.trim();
    if (!message || send.disabled) return;
    say("user", message);
    input.value = "";
    send.disabled = true;
    chat(message, false).catch(function (error) {
      say("error", "Sorry, that did not work: " + error.message);
    }).then(function () { send.disabled = false; input.focus(); });
  });

  function mount() { document.body.appendChild(host); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
  window.__recbotWidget = {version: 1, open: function () { toggle(true); }};
})();

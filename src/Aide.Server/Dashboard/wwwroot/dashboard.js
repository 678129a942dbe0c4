// Aide dashboard: polls the /api panels, streams /api/events/stream, and renders everything with textContent
// (never innerHTML for anything a model, a user or an event wrote). No framework, no build step.
"use strict";
(() => {
  const POLL_MS = 3000;
  const MAX_EVENTS = 300;
  const $ = (selector, root = document) => root.querySelector(selector);
  const state = { key: sessionStorage.getItem("aide-key") || "", paused: false, lastEventId: "", shown: new Set(), held: [], usage: "hours", conversation: "" };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  const number = (value, digits = 0) => value == null ? "–" : Number(value).toLocaleString(undefined, { maximumFractionDigits: digits });
  const bytes = (value) => value >= 1 << 20 ? number(value / (1 << 20), 1) + " MB" : value >= 1024 ? number(value / 1024, 1) + " KB" : number(value) + " B";
  const time = (value) => value ? new Date(value).toLocaleTimeString() : "–";
  const when = (value) => value ? new Date(value).toLocaleString() : "–";

  async function api(path, options = {}) {
    const headers = Object.assign({}, options.headers);
    if (state.key) headers.Authorization = "Bearer " + state.key;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status === 401) {
      $("#key-form").hidden = false;
      throw new Error("an access key is needed");
    }
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (!response.ok) throw new Error(body?.error?.message || body?.error || response.statusText);
    return body;
  }

  function fill(tbody, rows) {
    tbody.replaceChildren(...rows);
  }

  function sparkline(samples, threshold) {
    const width = 90, height = 22;
    // Scaled to the samples; the threshold is drawn only when it falls within their range (else it would flatten them).
    const low = Math.min(...samples), high = Math.max(...samples);
    if (threshold != null && (threshold < low || threshold > high)) threshold = null;
    const y = (v) => high === low ? height / 2 : height - 2 - ((v - low) / (high - low)) * (height - 4);
    const points = samples.map((v, i) => `${(samples.length === 1 ? width : (i * width) / (samples.length - 1)).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const chart = svg("svg", { class: "spark", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "trend" });
    if (threshold != null && samples.length) chart.append(svg("line", { x1: 0, x2: width, y1: y(threshold), y2: y(threshold) }));
    if (samples.length > 1) chart.append(svg("polyline", { points }));
    else if (samples.length) chart.append(svg("circle", { cx: width - 2, cy: y(samples[0]), r: 2 }));
    return chart;
  }

  async function health() {
    const panel = await api("/api/health");
    const overall = $("#overall");
    overall.textContent = panel.level;
    overall.className = "level " + panel.level;
    $("#score").textContent = "score " + number(panel.score, 1);
    fill($("#health tbody"), panel.components.map((c) => el("tr", null,
      el("td", null, el("strong", { text: c.name }), el("div", { class: "muted", text: c.priority + " · " + (c.checkedAt ? "checked " + time(c.checkedAt) : "not checked yet") })),
      el("td", null, el("span", { class: "state " + c.level, text: c.level }), c.recovering ? el("div", { class: "warning", text: "recovering…" }) : null, el("div", { class: "muted", text: c.description })),
      el("td", null, ...c.metrics.map((m) => el("span", { class: "metric", title: m.name },
        el("span", { text: m.name + " " + number(m.value, 2) }),
        m.warning != null ? el("span", { class: "muted", text: "(warn " + number(m.warning, 2) + ", crit " + number(m.critical, 2) + ")" }) : null,
        sparkline(m.samples, m.warning)))),
      el("td", null, ...c.predictions.map((p) => el("div", { class: "warning", text: `${p.metric} → ${number(p.level, 2)} by ${time(p.breachAt)} (confidence ${number(p.confidence * 100)} %)` }))))));
  }

  async function providers() {
    const panel = await api("/api/providers");
    fill($("#providers tbody"), panel.providers.map((p) => el("tr", { "data-provider": p.name },
      el("td", { text: String(p.priority) }),
      el("td", { text: p.name }),
      el("td", null, el("span", { class: "state " + p.breaker, text: p.breaker }),
        p.nextProbeAt ? el("div", { class: "muted", text: "next probe " + time(p.nextProbeAt) }) : null,
        p.breakerReason && p.breaker !== "closed" ? el("div", { class: "muted", text: p.breakerReason }) : null),
      el("td", { text: number(p.calls) }),
      el("td", { class: p.errorRate > 0 ? "error" : "", text: number(p.errorRate * 100, 1) + " %" }),
      el("td", { text: `${number(p.p50Ms, 1)} / ${number(p.p95Ms, 1)} / ${number(p.p99Ms, 1)} ms` }),
      el("td", { text: number(p.failoversFrom) }))));
    $("#providers .answers").replaceChildren(...panel.recent.map((a) => el("li", { class: a.ok ? "" : "error" },
      el("span", { text: `${time(a.at)} ${a.provider}${a.model ? " · " + a.model : ""} · ${number(a.latencyMs, 1)} ms` }),
      a.fromCache ? el("span", { class: "muted", text: " · cache" }) : null,
      a.ok ? null : el("span", { class: "error", text: " · " + a.error }))));
  }

  async function cache() {
    const panel = await api("/api/cache");
    const figures = panel.enabled ? [
      ["hit ratio", number(panel.hitRatio * 100, 1) + " % (" + number(panel.hits) + " hits, " + number(panel.misses) + " misses)"],
      ["memory", number(panel.memoryEntries) + " entries, " + bytes(panel.memoryBytes)],
      ["disk", number(panel.diskEntries) + " entries, " + bytes(panel.diskStoredBytes) + " stored of " + bytes(panel.diskOriginalBytes) + " raw"],
      ["compression", panel.diskOriginalBytes ? number((panel.diskStoredBytes / panel.diskOriginalBytes) * 100, 1) + " % of raw (" + panel.codec + ")" : "–"],
      ["by codec", Object.entries(panel.entriesByCodec).map(([k, v]) => `${k}: ${number(v)} entries, ${number((panel.compressionByCodec[k] ?? 1) * 100, 1)} % of raw`).join("; ") || "–"],
    ] : [["cache", "off"]];
    if (panel.problem) figures.push(["problem", panel.problem]);
    $("#cache .figures").replaceChildren(...figures.flatMap(([name, value]) => [el("dt", { text: name }), el("dd", { "data-figure": name, text: value })]));
    $("#cache .evictions").replaceChildren(...Object.entries(panel.evictionsByReason).flatMap(([name, value]) => [el("dt", { text: name }), el("dd", { text: number(value) })]));
    const points = panel.hitRatioByMinute;
    const width = 600, height = 70, bar = width / Math.max(points.length, 1);
    $("#cache .chart").replaceChildren(svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img", "aria-label": "hit ratio per minute" },
      ...points.map((p, i) => {
        const ratio = p.hits + p.misses ? p.hits / (p.hits + p.misses) : 0;
        const rect = svg("rect", { x: i * bar, y: height - ratio * height, width: Math.max(bar - 1, 1), height: Math.max(ratio * height, 1) });
        rect.append(svg("title", null, document.createTextNode(`${time(p.minute)}: ${number(ratio * 100)} % of ${p.hits + p.misses}`)));
        return rect;
      })));
  }

  async function usage() {
    const panel = await api("/api/usage");
    const rows = panel[state.usage];
    fill($("#usage tbody"), rows.length ? rows.map((r) => el("tr", null,
      el("td", { text: state.usage === "hours" ? new Date(r.start).toLocaleString(undefined, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" }) : new Date(r.start).toLocaleDateString() }),
      el("td", { text: r.provider }), el("td", { text: r.model || "–" }), el("td", { text: r.key || "–" }),
      el("td", { text: number(r.requests) + (r.cachedRequests ? ` (${number(r.cachedRequests)} cached)` : "") }),
      el("td", { text: number(r.inputTokens) }), el("td", { text: number(r.outputTokens) }))) : [el("tr", null, el("td", { colspan: 7, class: "muted", text: "no requests yet" }))]);
    fill($("#usage table.costs tbody"), panel.costs.length ? panel.costs.map((c) => el("tr", null,
      el("td", { text: new Date(c.day).toLocaleDateString(undefined, { timeZone: "UTC" }) }), el("td", { text: c.model || "–" }), el("td", { text: c.key || "–" }),
      el("td", { text: number(c.requests) }), el("td", { text: c.currency ? money(c.cost, c.currency) : "unpriced" }),
      el("td", { text: c.currency ? money(c.saved, c.currency) : "–" }))) : [el("tr", null, el("td", { colspan: 6, class: "muted", text: "nothing spent yet" }))]);
  }

  function money(amount, currency) {
    const digits = amount !== 0 && Math.abs(amount) < 1 ? 5 : 2;
    return new Intl.NumberFormat(undefined, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: digits }).format(amount);
  }

  async function keys() {
    const panel = await api("/api/keys");
    $("#keys .summary").textContent = panel.keys.length
      ? "Every /v1 request needs one of these keys (aide keys create NAME adds one; only a salted hash is stored)." + (panel.caller ? ` This page uses '${panel.caller}'.` : "")
      : "No access keys: the server is open to this machine only (aide keys create NAME makes one).";
    fill($("#keys tbody"), panel.keys.map((k) => el("tr", { "data-key": k.name },
      el("td", { text: k.name }), el("td", { text: k.requestsPerMinute ?? "–" }), el("td", { text: k.tokensPerMinute ?? "–" }), el("td", { text: when(k.created) }),
      el("td", null, el("button", { type: "button", class: "danger", text: "Revoke", onclick: () => revoke(k.name) })))));
  }

  async function revoke(name) {
    if (!confirm(`Revoke the access key '${name}'? Clients using it get 401 from now on.`)) return;
    try {
      await api("/api/keys/" + encodeURIComponent(name) + "/revoke", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      $("#keys .result").textContent = `revoked '${name}'`;
      keys().catch(report);
    } catch (err) { $("#keys .result").textContent = err.message; }
  }

  // Markdown, safely: block and inline structure become elements, every piece of text a text node.
  function markdown(source) {
    const root = document.createDocumentFragment();
    const lines = source.replace(/\r\n/g, "\n").split("\n");
    let list = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const fence = line.match(/^```(\S*)/);
      if (fence) {
        const code = [];
        for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
        root.append(el("pre", null, el("code", { text: code.join("\n") })));
        list = null;
        continue;
      }
      const heading = line.match(/^(#{1,6})\s+(.*)/);
      const item = line.match(/^\s*(?:[-*+]|\d+[.)])\s+(.*)/);
      if (heading) { root.append(inline(el("h" + Math.min(heading[1].length + 2, 6)), heading[2])); list = null; }
      else if (item) {
        if (!list) { list = el(/^\s*\d/.test(line) ? "ol" : "ul"); root.append(list); }
        list.append(inline(el("li"), item[1]));
      } else if (line.trim() === "") list = null;
      else { root.append(inline(el("p"), line)); list = null; }
    }
    return root;
  }

  function inline(parent, text) {
    const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*]+\*|\[[^\]]+\]\([^)\s]+\))/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      parent.append(document.createTextNode(text.slice(last, match.index)));
      const token = match[0];
      if (token.startsWith("`")) parent.append(el("code", { text: token.slice(1, -1) }));
      else if (token.startsWith("**")) parent.append(el("strong", { text: token.slice(2, -2) }));
      else if (token.startsWith("*")) parent.append(el("em", { text: token.slice(1, -1) }));
      else {
        const [, label, href] = token.match(/\[([^\]]+)\]\(([^)\s]+)\)/);
        parent.append(/^https?:\/\//i.test(href) ? el("a", { href, rel: "noopener noreferrer", target: "_blank", text: label }) : document.createTextNode(token));
      }
      last = match.index + token.length;
    }
    parent.append(document.createTextNode(text.slice(last)));
    return parent;
  }

  async function conversations() {
    const query = $("#conv-search").value.trim();
    const panel = await api("/api/conversations" + (query ? "?q=" + encodeURIComponent(query) : ""));
    const tbody = $("#conversations tbody");
    if (!panel.enabled) { fill(tbody, [el("tr", null, el("td", { colspan: 4, class: "muted", text: "history is off on this server" }))]); return; }
    fill(tbody, panel.conversations.length ? panel.conversations.map((c) => el("tr", { class: c.name === state.conversation ? "on" : "", "data-name": c.name, onclick: () => openConversation(c.name) },
      el("td", null, el("strong", { text: c.name }), c.title ? el("div", { class: "muted", text: c.title }) : null, c.match ? el("div", { class: "muted", text: c.match }) : null),
      el("td", { text: number(Math.ceil(c.messages / 2)) }), el("td", { text: number(c.tokens) }), el("td", { text: when(c.updatedAt) }))) :
      [el("tr", null, el("td", { colspan: 4, class: "muted", text: query ? "nothing matches" : "no conversations yet" }))]);
  }

  async function openConversation(name) {
    state.conversation = name;
    const view = await api("/api/conversations/" + encodeURIComponent(name));
    const article = $("#conversations .conversation");
    article.className = "conversation";
    const w = view.window;
    article.replaceChildren(...[
      el("h3", { text: view.conversation.name + (view.conversation.model ? " · " + view.conversation.model : "") }),
      w ? el("p", { class: "muted", text: `last window: ${number(w.tokensAfter)} of ${number(w.budget)} tokens; ${w.itemsAfter} items kept, ${w.itemsSummarized} summarized, ${w.itemsDropped} dropped (${w.strategy})` }) : null,
      view.pinned.length ? el("p", null, el("strong", { text: "Context: " }), ...view.pinned.map((p) => el("span", { class: "metric", text: (p.pinned ? "📌 " : "") + p.kind + ": " + p.content }))) : null,
      view.entities.length ? el("p", { class: "muted", text: "Entities: " + view.entities.map((e) => `${e.value} (${e.kind} ×${e.mentions})`).join(", ") }) : null,
      ...view.messages.map((m) => el("div", { class: "msg " + m.role + (m.kind === "summary" ? " summary" : ""), "data-sequence": String(m.sequence) },
        el("div", { class: "who", text: `${m.kind === "summary" ? "summary" : m.role} · ${when(m.at)} · ${m.tokens} tokens` }), markdown(m.content)))].filter((n) => n));
    conversations().catch(report);
  }

  const machine = (m) => typeof m === "object" && m ? `${m.cpu}, ${m.logicalCores} logical cores, ${m.os}, ${m.runtime} (${m.build})` : String(m ?? "");

  async function bench() {
    let panel;
    try { panel = await api("/api/bench"); } catch (e) { $("#bench .summary").textContent = e.message; return; }
    const report = panel.report;
    if (!report) { $("#bench .summary").textContent = panel.message; return; }
    $("#bench .summary").textContent = `${report.passed} of ${report.passed + report.failed} checks passed · ${when(report.date)} · ${machine(report.machine)} · aide ${report.version} · ${report.mode} run`;
    fill($("#bench tbody"), report.checks.map((c) => el("tr", null, el("td", { text: c.name }), el("td", { text: c.target }), el("td", { text: c.measured }),
      el("td", { class: c.passed ? "pass" : "fail", text: c.passed ? "pass" : "fail" }))));
    // The charts are the same inline SVG as aide bench --html, made by the server with every text escaped; parsed as
    // inert markup (scripts in it would not run under this page's Content-Security-Policy either).
    const charts = new DOMParser().parseFromString("<div>" + panel.chartsHtml + "</div>", "text/html").body.firstChild;
    charts.querySelectorAll("script").forEach((s) => s.remove());
    $("#bench .bench-charts").replaceChildren(...charts.childNodes);
  }

  function eventItem(e) {
    const known = new Set(["category", "type", "id", "timestamp", "source", "severity", "sessionId", "correlationId", "callerId"]);
    const details = Object.entries(e).filter(([k]) => !known.has(k)).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
    return el("li", { class: (e.severity || "info").toLowerCase(), "data-id": e.id, "data-type": e.type },
      el("span", { class: "muted", text: time(e.timestamp) + " " }), el("span", { class: "type", text: e.type }),
      el("span", { text: " " + details }), e.sessionId ? el("span", { class: "muted", text: " session=" + e.sessionId }) : null);
  }

  function showEvent(e) {
    if (state.shown.has(e.id)) return;
    state.shown.add(e.id);
    state.lastEventId = e.id;
    const list = $("#events .event-list");
    list.prepend(eventItem(e));
    while (list.children.length > MAX_EVENTS) {
      state.shown.delete(list.lastChild.dataset.id);
      list.lastChild.remove();
    }
  }

  function eventQuery() {
    const params = new URLSearchParams();
    for (const [name, id] of [["category", "#ev-category"], ["type", "#ev-type"], ["session", "#ev-session"]]) if ($(id).value.trim()) params.set(name, $(id).value.trim());
    return params.toString();
  }

  // Server-Sent Events read through fetch (EventSource cannot send the key); a dropped stream reconnects after a
  // second with Last-Event-ID, so the server replays what was missed, even across its restart.
  let stream = null;
  async function follow() {
    const controller = new AbortController();
    stream = controller;
    const query = eventQuery();
    try {
      if (!state.lastEventId) (await api("/api/events?limit=100" + (query ? "&" + query : ""))).reverse().forEach(showEvent);
      const headers = { Accept: "text/event-stream" };
      if (state.key) headers.Authorization = "Bearer " + state.key;
      if (state.lastEventId) headers["Last-Event-ID"] = state.lastEventId;
      const response = await fetch("/api/events/stream" + (query ? "?" + query : ""), { headers, signal: controller.signal });
      if (response.status === 401) {
        // Waits for the key: submitting it restarts the stream (no retry loop of refusals meanwhile).
        $("#key-form").hidden = false;
        $("#ev-state").textContent = "needs an access key";
        if (stream === controller) stream = null;
        return;
      }
      if (!response.ok) throw new Error("events: " + response.status);
      $("#ev-state").textContent = "live";
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
          if (data && state.paused) {
            state.held.push(JSON.parse(data));
            if (state.held.length > MAX_EVENTS) state.held.shift();
          }
          else if (data) showEvent(JSON.parse(data));
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
      if (!$("#key-form").hidden) { // refused for want of a key: submitting one restarts the stream
        $("#ev-state").textContent = "needs an access key";
        if (stream === controller) stream = null;
        return;
      }
    }
    if (stream === controller) {
      $("#ev-state").textContent = "reconnecting…";
      setTimeout(() => { if (stream === controller) follow(); }, 1000);
    }
  }

  function restartEvents() {
    stream?.abort();
    state.lastEventId = "";
    state.shown.clear();
    $("#events .event-list").replaceChildren();
    follow();
  }

  function report(error) {
    $("#status").textContent = error.message;
  }

  async function poll() {
    if (document.visibilityState === "visible") {
      const results = await Promise.allSettled([health(), providers(), cache(), usage()]);
      const failed = results.find((r) => r.status === "rejected");
      $("#status").textContent = failed ? failed.reason.message : "updated " + new Date().toLocaleTimeString();
    }
    setTimeout(poll, POLL_MS);
  }

  function wire() {
    $("#key-form").addEventListener("submit", (e) => {
      e.preventDefault();
      state.key = $("#key").value.trim();
      sessionStorage.setItem("aide-key", state.key);
      $("#key-form").hidden = true;
      restartEvents();
      conversations().catch(report);
      keys().catch(report);
      bench();
    });
    $("#ev-pause").addEventListener("click", () => {
      state.paused = !state.paused;
      $("#ev-pause").textContent = state.paused ? "Resume" : "Pause";
      $("#ev-state").textContent = state.paused ? "paused" : "live";
      if (!state.paused) state.held.splice(0).forEach(showEvent); // what arrived while paused, in order
    });
    for (const id of ["#ev-category", "#ev-type", "#ev-session"]) $(id).addEventListener("change", restartEvents);
    let searching;
    $("#conv-search").addEventListener("input", () => { clearTimeout(searching); searching = setTimeout(() => conversations().catch(report), 250); });
    for (const button of document.querySelectorAll("#usage .tabs button")) {
      button.addEventListener("click", () => {
        state.usage = button.dataset.span;
        document.querySelectorAll("#usage .tabs button").forEach((b) => b.classList.toggle("on", b === button));
        usage().catch(report);
      });
    }
    const post = (path, body) => api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    $("#invalidate").addEventListener("submit", async (e) => {
      e.preventDefault();
      const kind = $("#inv-kind").value, value = $("#inv-value").value.trim();
      if (!value || !confirm(`Invalidate every cached answer with ${kind} "${value}"?`)) return;
      try { $("#cache .result").textContent = `removed ${number((await post("/api/cache/invalidate", { [kind]: value })).removed)} entries`; cache(); } catch (err) { $("#cache .result").textContent = err.message; }
    });
    $("#cache-clear").addEventListener("click", async () => {
      if (!confirm("Clear the whole response cache (memory and disk)?")) return;
      try { const r = await post("/api/cache/clear", {}); $("#cache .result").textContent = `cleared ${number(r.removed)} entries (${bytes(r.bytes)})`; cache(); } catch (err) { $("#cache .result").textContent = err.message; }
    });
  }

  wire();
  poll();
  follow();
  conversations().catch(report);
  keys().catch(report);
  bench();
  setInterval(() => { if (document.visibilityState === "visible") conversations().catch(report); }, 10 * POLL_MS);
})();

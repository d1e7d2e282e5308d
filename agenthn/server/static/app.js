// AgentHN web UI: a page per feature, live runs streamed as events, runs recorded and replayable.
//
// Every page is a view with handle(event); a live run feeds it events from the server's SSE stream,
// a replay feeds it the same events from a recorded log (the server's run log, a downloaded JSON file,
// or this browser's localStorage), so a replay looks exactly like the run did, even with no backend.

import { ApiError, deleteJSON, getJSON, health, postJSON, settings, streamRun } from "./api.js";
import { $, EventLog, clear, el, field } from "./dom.js";
import { ChatView } from "./chat.js";
import { ImproveView } from "./improve.js";
import { ProfileView } from "./profile.js";
import { SkillsView } from "./skills.js";

const LOCAL_RUNS = "agenthn.runs";
const MAX_LOCAL_RUNS = 30;
let online = false;
let controller = null;

// ---- recorded runs in localStorage ------------------------------------------------------------------
const localRuns = {
  list() {
    return JSON.parse(localStorage.getItem(LOCAL_RUNS) || "[]");
  },
  save(log) {
    const runs = [log, ...localRuns.list().filter((r) => r.run.run_id !== log.run.run_id)].slice(0, MAX_LOCAL_RUNS);
    try {
      localStorage.setItem(LOCAL_RUNS, JSON.stringify(runs));
    } catch (e) { // quota: keep fewer rather than lose the newest
      localStorage.setItem(LOCAL_RUNS, JSON.stringify(runs.slice(0, 5)));
    }
  },
  remove(id) {
    localStorage.setItem(LOCAL_RUNS, JSON.stringify(localRuns.list().filter((r) => r.run.run_id !== id)));
  },
};

function banner(message, kind = "error") {
  const b = $("#banner");
  b.hidden = !message;
  b.className = `banner ${kind}`;
  b.textContent = message || "";
}

// ---- live runs and replays ----------------------------------------------------------------------------
async function run(view, path, body, { keep = false } = {}) {
  if (!keep) view.reset();
  banner("");
  const log = { format: "agenthn-run/1", run: { run_id: `local-${Date.now()}`, feature: view.feature,
    status: "running", created_at: Date.now() / 1000 }, events: [] };
  controller = new AbortController();
  try {
    await streamRun(path, body, (ev) => {
      if (ev.type === "run_started") log.run.run_id = ev.run_id;
      if (ev.type === "run_finished") log.run.status = ev.status;
      log.events.push(ev);
      view.handle(ev);
    }, controller.signal);
  } catch (e) {
    if (e.name === "AbortError") log.run.status = "cancelled";
    else banner(e instanceof ApiError ? `${e.status} ${e.code || ""}: ${e.message}` : `request failed: ${e.message}`);
  } finally {
    controller = null;
    if (log.events.length) localRuns.save(log);
  }
}

async function replay(log, speed) {
  const view = views[log.run.feature];
  if (!view) return banner(`no page for feature ${log.run.feature}`);
  location.hash = `#${log.run.feature}`;
  show(log.run.feature);
  view.reset();
  banner(`replaying ${log.run.feature} run ${log.run.run_id} (${log.events.length} events)`, "info");
  let prev = 0;
  for (const ev of log.events) {
    const wait = speed > 0 ? Math.min(1000, ((ev.t ?? prev) - prev) * 1000 / speed) : 0;
    if (wait > 2) await new Promise((r) => setTimeout(r, wait));
    prev = ev.t ?? prev;
    view.handle(ev);
  }
  banner(`replayed ${log.run.feature} run ${log.run.run_id}`, "info");
}

function download(log) {
  const blob = new Blob([JSON.stringify(log, null, 1)], { type: "application/json" });
  const a = el("a", { href: URL.createObjectURL(blob), download: `agenthn-${log.run.feature}-${log.run.run_id}.json` });
  document.body.append(a);
  a.click();
  a.remove();
}

const ctx = {
  run, getJSON, postJSON, deleteJSON, online: () => online,
  stop: () => controller && controller.abort(),
};

// ---- runs page ----------------------------------------------------------------------------------------
class RunsView {
  feature = "runs";

  constructor() {
    this.speed = el("select", { id: "replay-speed" },
      el("option", { value: "1", text: "1×" }), el("option", { value: "4", text: "4×", selected: true }),
      el("option", { value: "0", text: "instant" }));
    this.server = el("table", { id: "runs-server", class: "kv" });
    this.local = el("table", { id: "runs-local", class: "kv" });
    this.upload = el("input", { type: "file", id: "runs-upload", accept: "application/json,.json",
      onchange: (e) => this.fromFile(e.target.files[0]) });
    this.node = el("section", { id: "page-runs", class: "page" },
      el("div", { class: "toolbar" }, field("replay speed", this.speed), field("replay a downloaded log", this.upload)),
      el("h3", { text: "Recorded on the server" }), this.server,
      el("h3", { text: "Recorded in this browser (replayable with the backend down)" }), this.local);
  }

  reset() {}
  handle() {}

  row(r, actions) {
    const when = new Date(r.created_at * 1000).toLocaleString();
    return el("tr", { "data-run": r.run_id }, el("td", { text: when }), el("td", { text: r.feature }),
      el("td", { text: r.status }), el("td", { class: "mono", text: r.run_id.slice(0, 12) }), el("td", {}, ...actions));
  }

  async onShow() {
    clear(this.local).append(...localRuns.list().map((log) => this.row(log.run, [
      el("button", { class: "small replay-local", text: "replay", onclick: () => replay(log, Number(this.speed.value)) }),
      el("button", { class: "small", text: "download", onclick: () => download(log) }),
      el("button", { class: "small", text: "delete", onclick: () => { localRuns.remove(log.run.run_id); this.onShow(); } }),
    ])));
    clear(this.server);
    if (!online) return this.server.append(el("tr", {}, el("td", { class: "muted", text: "backend unreachable" })));
    try {
      const runs = (await getJSON("/api/runs")).reverse();
      this.server.append(...runs.map((r) => this.row(r, [
        el("button", { class: "small replay-server", text: "replay",
          onclick: async () => replay(await getJSON(`/api/runs/${r.run_id}`), Number(this.speed.value)) }),
        el("button", { class: "small", text: "download", onclick: async () => download(await getJSON(`/api/runs/${r.run_id}`)) }),
      ])));
    } catch (e) {
      this.server.append(el("tr", {}, el("td", { class: "muted", text: e.message })));
    }
  }

  async fromFile(file) {
    try {
      const log = JSON.parse(await file.text());
      if (!log.run || !Array.isArray(log.events)) throw new Error("not an AgentHN run log");
      localRuns.save(log);
      await replay(log, Number(this.speed.value));
    } catch (e) {
      banner(`cannot replay ${file.name}: ${e.message}`);
    }
  }
}

// ---- settings page ----------------------------------------------------------------------------------
class SettingsView {
  feature = "settings";

  constructor() {
    const s = settings.load();
    this.base = el("input", { id: "set-base", value: s.base, size: 36 });
    this.key = el("input", { id: "set-key", value: s.key, size: 48, type: "password", autocomplete: "off" });
    this.who = el("div", { id: "set-who", class: "muted" });
    this.newName = el("input", { id: "admin-name", placeholder: "new user's name" });
    this.newKey = el("div", { id: "admin-new-key", class: "mono" });
    this.node = el("section", { id: "page-settings", class: "page" },
      el("form", { class: "stack", onsubmit: (e) => this.save(e) },
        field("API base URL", this.base), field("API key", this.key),
        el("div", {}, el("button", { id: "set-save", type: "submit", text: "Save and test" })), this.who),
      el("h3", { text: "Your data" }),
      el("div", { class: "toolbar" }, el("button", { id: "set-export", type: "button", text: "Export my data",
        onclick: () => this.exportData() }), el("span", { class: "muted",
        text: "one zip: turns, profile, skills, notes, runs, adapters (restore: agenthn import)" })),
      el("h3", { text: "Admin: create a user" }),
      el("form", { class: "toolbar", onsubmit: (e) => this.createUser(e) }, this.newName,
        el("button", { type: "submit", text: "Create" })), this.newKey);
  }

  reset() {}
  handle() {}

  async save(e) {
    e.preventDefault();
    settings.save({ base: this.base.value.trim(), key: this.key.value.trim() });
    await refreshStatus();
    await this.onShow();
  }

  async onShow() {
    try {
      const me = await getJSON("/api/me");
      this.who.textContent = `signed in as ${me.name} (user ${me.id}${me.is_admin ? ", admin" : ""})`;
    } catch (e) {
      this.who.textContent = online ? `key not accepted: ${e.message}` : "backend unreachable";
    }
  }

  // A plain link cannot send the key, so the archive is fetched with it and handed over as a blob.
  async exportData() {
    const { base, key } = settings.load();
    const r = await fetch(base.replace(/\/+$/, "") + "/api/export", { headers: { Authorization: `Bearer ${key}` } });
    if (!r.ok) return banner(`export failed: HTTP ${r.status}`);
    const named = (r.headers.get("content-disposition") || "").match(/filename="([^"]+)"/);
    const link = el("a", { href: URL.createObjectURL(await r.blob()), download: named ? named[1] : "agenthn-export.zip" });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  async createUser(e) {
    e.preventDefault();
    const u = await postJSON("/admin/users", { name: this.newName.value.trim() });
    this.newKey.textContent = `user ${u.name} (id ${u.id}) key, shown once: ${u.api_key}`;
  }
}

// ---- pages and routing ----------------------------------------------------------------------------------
const views = {
  chat: new ChatView(ctx), profile: new ProfileView(ctx), skills: new SkillsView(ctx),
  improve: new ImproveView(ctx), runs: new RunsView(), settings: new SettingsView(),
};

function show(name) {
  const page = views[name] ? name : "chat";
  const main = $("#main");
  if (main.firstChild !== views[page].node) clear(main).append(views[page].node);
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.page === page);
  if (views[page].onShow) views[page].onShow().catch((e) => banner(e.message));
}

async function refreshStatus() {
  const h = await health();
  online = !!h;
  const s = $("#status");
  s.textContent = h ? `online · ${h.model}` : "offline (replay only)";
  s.className = `status ${h ? "on" : "off"}`;
}

async function loadSchema() {
  try {
    const schema = await getJSON("/api/events/schema");
    EventLog.known = new Set(Object.keys(schema.discriminator?.mapping || {}));
  } catch (e) { /* replays work without it */ }
}

window.addEventListener("hashchange", () => show(location.hash.slice(1)));
window.addEventListener("unhandledrejection", (e) => banner(e.reason?.message || String(e.reason)));
await refreshStatus();
if (online) loadSchema();
setInterval(refreshStatus, 5000);
if (!settings.load().key && !location.hash) location.hash = "#settings";
show(location.hash.slice(1));
window.agenthn = { views, replay, localRuns, EventLog }; // for the console and the browser test

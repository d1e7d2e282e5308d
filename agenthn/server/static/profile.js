// Personalization: the edits the model proposes for a user turn (applied or rejected, with reasons),
// the profile they build, its audited history (undo any edit), and the profile adapter refreshes.

import { EventLog, bytes, clear, el, field, forgetButton, sampleList } from "./dom.js";

// An edit of a forgotten fact (its values erased) or the edit that forgot it: never undone.
const forgotten = (e) => e.actor === "forget" || (e.op !== "REMOVE" && e.new_value === null);

export class ProfileView {
  feature = "profile";

  constructor(ctx) {
    this.ctx = ctx;
    this.input = el("textarea", { id: "profile-input", rows: 2,
      placeholder: "Tell the agent about yourself, e.g. \"My name is Tam and my locker code is 4821.\"" });
    this.observe = el("button", { id: "profile-observe", type: "submit", text: "Propose edits" });
    this.samples = el("div", { id: "profile-samples-box" });
    this.edits = el("ol", { id: "profile-edits", class: "edits" });
    this.table = el("table", { id: "profile-table", class: "kv" });
    this.history = el("table", { id: "profile-history", class: "kv" });
    this.adapter = el("div", { id: "profile-adapter", class: "muted", text: "no profile adapter yet" });
    this.op = el("select", { id: "edit-op" }, ...["ADD", "UPDATE", "REMOVE"].map((o) => el("option", { text: o })));
    this.key = el("input", { id: "edit-key", placeholder: "key, e.g. name", size: 12 });
    this.value = el("input", { id: "edit-value", placeholder: "value", size: 16 });
    this.log = new EventLog();
    this.node = el("section", { id: "page-profile", class: "page two-col" },
      el("div", { class: "col" },
        el("form", { class: "composer", onsubmit: (e) => this.submit(e) }, this.input, this.observe),
        el("div", {}, el("button", { type: "button", id: "profile-sample", text: "Sample turns",
          onclick: () => this.sample() })), this.samples,
        el("h3", { text: "Proposed edits" }), this.edits,
        el("h3", { text: "Edit by hand" }),
        el("form", { class: "toolbar", onsubmit: (e) => this.manual(e) }, this.op, this.key, this.value,
          el("button", { type: "submit", id: "edit-apply", text: "Apply" })),
        el("h3", { text: "History (audit log)" }), this.history),
      el("div", { class: "col side" },
        el("h3", { text: "Profile" }), this.table,
        el("h3", { text: "Profile adapter" }), this.adapter,
        el("h3", { text: "Events" }), this.log.node));
    this.reset();
  }

  reset() {
    clear(this.edits);
    this.log.reset();
  }

  async onShow() {
    if (!this.ctx.online()) return;
    try {
      const p = await this.ctx.getJSON("/api/profile");
      this.showProfile(p.profile);
      this.showHistory(p.history);
    } catch (e) { /* shown by the app's banner */ }
  }

  // Turns in order (add, ask, correct, withdraw), each with the edits it should lead to.
  async sample() {
    const p = (await this.ctx.getJSON("/api/samples")).profile;
    const turns = p.turns.map((t) => ({ text: t.turn, note: t.edits.length ? t.edits.join("; ") : "no edit" }));
    clear(this.samples).append(sampleList("profile-samples", turns, this.input));
  }

  async submit(e) {
    e.preventDefault();
    const message = this.input.value.trim();
    if (!message) return;
    this.observe.disabled = true;
    try {
      await this.ctx.run(this, "/api/profile/observe", { message });
      await this.onShow();
    } finally {
      this.observe.disabled = false;
    }
  }

  async manual(e) {
    e.preventDefault();
    const body = { op: this.op.value, key: this.key.value.trim(), value: this.value.value.trim() || null };
    const out = await this.ctx.postJSON("/api/profile/edits", body);
    out.events.forEach((ev) => this.handle(ev));
    await this.onShow();
  }

  async forget(key) {
    const out = await this.ctx.deleteJSON(`/api/profile/facts/${encodeURIComponent(key)}`);
    this.adapter.textContent = out.rebuilt_profile?.empty ? "profile empty: no adapter"
      : `rebuilt without "${key}": ${out.rebuilt_profile?.entries ?? 0} entries`;
    await this.onShow();
  }

  async undo(id) {
    const out = await this.ctx.postJSON(`/api/profile/edits/${id}/undo`, {});
    out.events.forEach((ev) => this.handle(ev));
    await this.onShow();
  }

  showProfile(profile) {
    clear(this.table).append(el("tr", {}, el("th", { text: "key" }), el("th", { text: "value" }), el("th")),
      ...Object.entries(profile).map(([k, v]) => el("tr", { "data-key": k }, el("td", { text: k }),
        el("td", { text: v }), el("td", {}, forgetButton(`the fact "${k}"`, () => this.forget(k))))));
    if (!Object.keys(profile).length) this.table.append(el("tr", {}, el("td", { class: "muted", text: "(empty)" })));
  }

  showHistory(history) {
    clear(this.history).append(el("tr", {}, ...["#", "op", "key", "old", "new", "by", ""].map(
      (h) => el("th", { text: h }))));
    for (const e of history) {
      this.history.append(el("tr", { class: e.undone ? "undone" : "" },
        el("td", { text: e.id }), el("td", { text: e.op }), el("td", { text: e.key }),
        el("td", { text: e.old_value ?? "" }), el("td", { text: e.new_value ?? "" }), el("td", { text: e.actor }),
        el("td", {}, e.undone ? "undone" : forgotten(e) ? "forgotten" : el("button", { class: "small", text: "undo",
          onclick: () => this.undo(e.id) }))));
    }
  }

  handle(ev) {
    this.log.add(ev);
    switch (ev.type) {
      case "profile_edit_proposed":
        this.edits.append(el("li", { class: "proposal" }, el("span", { class: "muted",
          text: ev.asked_again ? "model proposed (asked again, no profile shown): "
            : ev.clause ? `model proposed (for the clause “${ev.clause}” alone): ` : "model proposed: " }),
          el("code", { text: ev.text })));
        break;
      case "profile_edit_applied":
        this.edits.append(el("li", { class: "applied" }, el("b", { text: ev.op }), ` ${ev.key}: `,
          ev.old ? el("s", { text: ev.old }) : "", ev.old ? " → " : "", el("span", { text: ev.new ?? "" }),
          (ev.flags || []).map(flagChip)));
        break;
      case "profile_edit_rejected":
        this.edits.append(el("li", { class: "rejected" }, el("b", { text: "rejected " }), el("code", { text: ev.line }),
          el("span", { class: "muted", text: ` (${ev.reason})` })));
        break;
      case "profile_edit_undone":
        this.edits.append(el("li", { class: "undone" }, `undone #${ev.edit_id} ${ev.key}`));
        break;
      case "profile_state":
        this.showProfile(ev.profile);
        break;
      case "profile_adapter_refreshed":
        this.adapter.textContent = ev.empty ? "profile empty: no adapter"
          : `refreshed: ${ev.entries} entries, ${ev.doc_tokens} tokens → ${bytes(ev.adapter_bytes)}`;
        break;
      case "error":
        this.edits.append(el("li", { class: "rejected", text: `${ev.status}: ${ev.message}` }));
        break;
    }
  }
}

// An edit's flags: one read from the user's own words is plain provenance; any other (an op coerced, a
// value that looks like an instruction) asks for a second look.
function flagChip(flag) {
  return flag === "read_from_turn" ? el("span", { class: "chip", text: "read from your words" })
    : el("span", { class: "chip warn", text: flag });
}

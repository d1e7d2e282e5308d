// Chat with memory: the conversation as it streams, the bounded context window the model saw, the
// memory segments (adapters written as old turns leave the window, and the ones retrieved per query),
// and the adapters composed for the turn.

import { $, EventLog, bytes, clear, el, field, forgetButton, sampleList } from "./dom.js";

export class ChatView {
  feature = "chat";

  constructor(ctx) {
    this.ctx = ctx;
    this.cid = el("input", { id: "chat-cid", value: "demo", size: 14 });
    this.memory = el("input", { type: "checkbox", id: "chat-memory", checked: true });
    this.profile = el("input", { type: "checkbox", id: "chat-profile", checked: true });
    this.learn = el("input", { type: "checkbox", id: "chat-learn" });
    this.skills = el("input", { id: "chat-skills", placeholder: "skills, comma separated", size: 16 });
    this.maxTokens = el("input", { id: "chat-max", type: "number", value: 48, min: 1, max: 256 });
    this.input = el("textarea", { id: "chat-input", rows: 2, placeholder: "Say something; memory keeps it." });
    this.send = el("button", { id: "chat-send", type: "submit", text: "Send" });
    this.stop = el("button", { id: "chat-stop", type: "button", text: "Stop", disabled: true,
      onclick: () => this.ctx.stop() });
    this.messages = el("div", { id: "chat-log", class: "chatlog" });
    this.samples = el("div", { id: "chat-samples-box" });
    this.context = el("div", { id: "chat-context", class: "context" });
    this.segments = el("ol", { id: "chat-segments", class: "segments" });
    this.adapters = el("div", { id: "chat-adapters", class: "chips" });
    this.conversations = el("ul", { id: "chat-conversations", class: "convs" });
    this.log = new EventLog();
    const form = el("form", { id: "chat-form", class: "composer", onsubmit: (e) => this.submit(e) },
      this.input, this.send, this.stop);
    this.node = el("section", { id: "page-chat", class: "page two-col" },
      el("div", { class: "col" },
        el("div", { class: "toolbar" },
          field("conversation", this.cid),
          el("button", { type: "button", text: "New", onclick: () => this.newConversation() }),
          el("button", { type: "button", id: "chat-load", text: "Load", onclick: () => this.loadConversation() }),
          field("memory", this.memory), field("profile", this.profile), field("learn profile", this.learn),
          field("skills", this.skills), field("max tokens", this.maxTokens),
          el("button", { type: "button", id: "chat-sample", text: "Sample lines", onclick: () => this.sample() })),
        this.messages, form, this.samples),
      el("div", { class: "col side" },
        el("h3", { text: "Your conversations" }), this.conversations,
        el("h3", { text: "Live context window" }), this.context,
        el("h3", { text: "Memory segments (adapters)" }), this.segments,
        el("h3", { text: "Adapters composed this turn" }), this.adapters,
        el("h3", { text: "Events" }), this.log.node));
    this.reset();
  }

  reset() {
    clear(this.messages);
    clear(this.context).append(el("p", { class: "muted", text: "The context the model sees appears here." }));
    clear(this.segments);
    clear(this.adapters);
    this.log.reset();
    this.live = null;
  }

  // A fact said in passing, small talk, then the question: send them in order to see memory at work.
  async sample() {
    const m = (await this.ctx.getJSON("/api/samples")).memory;
    const lines = [...m.turns.map((text) => ({ text })), { text: m.question, note: `expected ${m.answer}` }];
    clear(this.samples).append(sampleList("chat-samples", lines, this.input));
  }

  newConversation() {
    this.cid.value = "c-" + Math.random().toString(36).slice(2, 8);
    this.reset();
  }

  async loadConversation() {
    this.reset();
    const cid = this.cid.value;
    const conv = await this.ctx.getJSON(`/api/conversations/${encodeURIComponent(cid)}`);
    for (const t of conv.turns) {
      this.addMessage(t.role, t.content).append(forgetButton(`turn ${t.idx} of "${cid}"`, async () => {
        await this.ctx.deleteJSON(`/api/conversations/${encodeURIComponent(cid)}/turns/${t.idx}`);
        await this.loadConversation(); // its segments were rebuilt without it
      }));
    }
    for (const s of conv.segments) this.addSegment({ segment_id: s.id, ...s });
  }

  async onShow() {
    if (!this.ctx.online()) return;
    try {
      const ids = await this.ctx.getJSON("/api/conversations");
      clear(this.conversations).append(...ids.map((cid) => el("li", { "data-cid": cid },
        el("a", { text: cid, onclick: () => { this.cid.value = cid; this.loadConversation(); } }),
        forgetButton(`the conversation "${cid}"`, () => this.forget(cid)))));
      if (!ids.length) this.conversations.append(el("li", { class: "muted empty", text: "(none yet)" }));
    } catch (e) { /* banner */ }
  }

  async forget(cid) {
    await this.ctx.deleteJSON(`/api/conversations/${encodeURIComponent(cid)}`);
    if (this.cid.value === cid) this.reset();
    await this.onShow();
  }

  async submit(e) {
    e.preventDefault();
    const message = this.input.value.trim();
    if (!message) return;
    this.input.value = "";
    const body = {
      message, conversation_id: this.cid.value || undefined, memory: this.memory.checked,
      profile: this.profile.checked, learn_profile: this.learn.checked,
      skills: this.skills.value.split(",").map((s) => s.trim()).filter(Boolean),
      max_tokens: Number(this.maxTokens.value) || undefined,
    };
    this.send.disabled = true;
    this.stop.disabled = false;
    try {
      await this.ctx.run(this, "/api/chat", body, { keep: true });
      await this.onShow();
    } finally {
      this.send.disabled = false;
      this.stop.disabled = true;
    }
  }

  addMessage(role, text) {
    const node = el("div", { class: `msg ${role}` }, el("span", { class: "role", text: role }),
      el("span", { class: "text", text }));
    this.messages.append(node);
    this.messages.scrollTop = this.messages.scrollHeight;
    return node;
  }

  addSegment(s) {
    const id = `seg-${s.segment_id}`;
    if ($(`#${id}`, this.segments)) return;
    this.segments.append(el("li", { id, class: "segment", "data-id": s.segment_id },
      el("b", { text: `#${s.idx}` }), ` turns ${s.first_turn}–${s.last_turn}`,
      s.bytes ? ` · ${bytes(s.bytes)}` : "", s.tokens ? ` · ${s.tokens} tok` : "",
      el("div", { class: "segtext", text: (s.text || "").slice(0, 160) })));
  }

  // Which segments answer this turn, and what chose them: the base model's reading ("meaning", its
  // question gain in nats) or TF-IDF alone (its cosine score).
  markRetrieved(li, ev) {
    const k = ev.segment_ids.indexOf(Number(li.dataset.id));
    li.classList.toggle("retrieved", k >= 0);
    li.querySelector(".why")?.remove();
    if (k < 0) return;
    const how = ev.scored_by === "relevance" ? "meaning" : "TF-IDF";
    const score = ev.scores && ev.scores[k] != null ? ` ${Number(ev.scores[k]).toFixed(2)}` : "";
    li.insertBefore(el("span", { class: "why", text: ` · retrieved by ${how}${score}` }), li.querySelector(".segtext"));
  }

  // A segment adapter is named by its store id ("segment/2"); the list numbers a conversation's
  // segments from 0 ("#1"), so the chip uses the list's number when the segment is shown there.
  gatedNote() {
    const why = {profile: "the profile holds the answer",
                 repeats_profile: "the profile holds the same fact as it is now"}[this.gatedReason]
      || "unrelated to the message";
    return el("span", { class: "muted gated", id: "chat-gated",
      text: ` · left off, ${why}: ${this.gated.map((a) => this.adapterLabel(a)).join(", ")}` });
  }

  adapterLabel(name) {
    const m = /^segment\/(\d+)$/.exec(name);
    const item = m && $(`#seg-${m[1]}`, this.segments);
    return item ? `segment ${item.querySelector("b").textContent}` : name;
  }

  showContext(ev) {
    const frac = ev.budget ? Math.min(1, ev.tokens / ev.budget) : 0;
    clear(this.context).append(
      el("div", { class: "meter", title: `${ev.tokens} of ${ev.budget} tokens` },
        el("div", { class: "meter-fill", style: `width:${(frac * 100).toFixed(1)}%` })),
      el("div", { class: "muted", id: "chat-context-tokens", text: `${ev.tokens} / ${ev.budget} prompt tokens` }),
      ...ev.messages.map((m) => el("div", { class: `ctxmsg ${m.role}` },
        el("span", { class: "role", text: m.role }), el("span", { text: m.content }))));
  }

  handle(ev) {
    this.log.add(ev);
    switch (ev.type) {
      case "run_started":
        if (ev.conversation_id) this.cid.value = ev.conversation_id;
        clear(this.adapters).append(el("span", { class: "muted", text: "none (base model)" }));
        this.gated = null;
        break;
      case "question_rewritten":  // before context: show what the user typed, and how it was asked
        this.asked = ev;
        break;
      case "context": {
        const last = ev.messages[ev.messages.length - 1];
        const asked = this.asked && last && last.content === this.asked.text ? this.asked : null;
        this.asked = null;
        if (last && last.role === "user") {
          const shown = this.addMessage("user", asked ? asked.original : last.content);
          if (asked) shown.append(el("span", { class: "muted asked", text: ` (asked as: ${asked.text})` }));
        }
        this.showContext(ev);
        this.live = this.addMessage("assistant", "");
        this.live.classList.add("live");
        break;
      }
      case "token":
        if (!this.live) this.live = this.addMessage("assistant", "");
        this.live.querySelector(".text").textContent += ev.text;
        break;
      case "segment_internalized":
        this.addSegment(ev);
        break;
      case "segments_retrieved":
        for (const li of this.segments.querySelectorAll(".segment")) this.markRetrieved(li, ev);
        break;
      case "adapters_gated":  // before adapters_composed, which is not sent when every adapter was left off
        this.gated = ev.adapters;
        this.gatedReason = ev.reason;
        this.adapters.append(this.gatedNote());
        break;
      case "adapters_composed":
        clear(this.adapters).append(...ev.adapters.map((a) => el("span", { class: "chip", title: a,
          text: this.adapterLabel(a) })),
          el("span", { class: "muted", text: ` rank ${ev.rank}, ${bytes(ev.bytes)}` }),
          ...(this.gated ? [this.gatedNote()] : []));
        break;
      case "usage":
        if (this.live) {
          this.live.classList.remove("live");
          this.live.append(el("span", { class: "usage",
            text: `${ev.completion_tokens} tokens · ${ev.finish_reason}` }));
        }
        break;
      case "error":
        this.addMessage("error", `${ev.status} ${ev.code || ""}: ${ev.message}`);
        break;
    }
  }
}

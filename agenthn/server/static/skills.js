// Skills: internalize a skills document once into an adapter, then solve problems with it (the nudge
// asks the model to recall the rule first); shows the streamed answer and the answer it commits to.

import { EventLog, bytes, clear, el, field, forgetButton } from "./dom.js";

export class SkillsView {
  feature = "skills";

  constructor(ctx) {
    this.ctx = ctx;
    this.name = el("input", { id: "skill-name", value: "rules", size: 12 });
    this.doc = el("textarea", { id: "skill-doc", rows: 6, placeholder: "Rules, formulas, output formats…" });
    this.load = el("button", { id: "skill-load", type: "submit", text: "Internalize" });
    this.status = el("div", { id: "skill-status", class: "muted", text: "no document internalized in this run" });
    this.problem = el("input", { id: "skill-problem", size: 40, placeholder: "a problem that needs the rules" });
    this.nudge = el("input", { type: "checkbox", id: "skill-nudge", checked: true });
    this.solveBtn = el("button", { id: "skill-solve", type: "submit", text: "Solve" });
    this.samples = el("ol", { id: "skill-samples", class: "samples" });
    this.answer = el("div", { id: "skill-answer", class: "answer" });
    this.final = el("div", { id: "skill-final", class: "final" });
    this.list = el("ul", { id: "skill-list", class: "chips" });
    this.log = new EventLog();
    this.node = el("section", { id: "page-skills", class: "page two-col" },
      el("div", { class: "col" },
        el("form", { class: "stack", onsubmit: (e) => this.internalize(e) },
          el("div", { class: "toolbar" }, field("name", this.name),
            el("button", { type: "button", id: "skill-sample", text: "Load a sample document",
              onclick: () => this.sample() })),
          this.doc, el("div", {}, this.load)),
        el("h3", { text: "Solve with the skills adapter" }),
        el("form", { class: "toolbar", onsubmit: (e) => this.solve(e) }, this.problem, field("nudge", this.nudge),
          this.solveBtn),
        this.samples,
        el("h3", { text: "Answer" }), this.answer, this.final),
      el("div", { class: "col side" },
        el("h3", { text: "Adapter" }), this.status,
        el("h3", { text: "Your skills adapters" }), this.list,
        el("h3", { text: "Events" }), this.log.node));
    this.expected = null;
  }

  reset() {
    clear(this.answer);
    clear(this.final);
    this.log.reset();
  }

  async onShow() {
    if (!this.ctx.online()) return;
    try {
      const skills = await this.ctx.getJSON("/api/skills");
      clear(this.list).append(...skills.map((s) => el("li", { class: "chip", "data-name": s.name },
        `${s.name} · ${bytes(s.size_bytes)}`, forgetButton(`the skill "${s.name}"`, () => this.forget(s.name)))));
    } catch (e) { /* banner */ }
  }

  async forget(name) {
    await this.ctx.deleteJSON(`/api/skills/${encodeURIComponent(name)}`);
    this.status.textContent = `skill "${name}" forgotten: adapter, file and caches deleted`;
    await this.onShow();
  }

  async sample() {
    const s = await this.ctx.getJSON("/api/samples");
    this.doc.value = s.skills_document;
    clear(this.samples).append(...s.skill_problems.map((p) => el("li", {},
      el("a", { href: "#skills", text: p.problem, onclick: (e) => {
        e.preventDefault();
        this.problem.value = p.problem;
        this.expected = p.answer;
      } }), el("span", { class: "muted", text: ` (expected ${p.answer})` }))));
  }

  async internalize(e) {
    e.preventDefault();
    this.load.disabled = true;
    try {
      await this.ctx.run(this, "/api/skills", { name: this.name.value.trim(), document: this.doc.value });
      await this.onShow();
    } finally {
      this.load.disabled = false;
    }
  }

  async solve(e) {
    e.preventDefault();
    if (!this.problem.value.trim()) return;
    this.solveBtn.disabled = true;
    try {
      await this.ctx.run(this, "/api/skills/solve", { problem: this.problem.value.trim(),
        skills: [this.name.value.trim()], nudge: this.nudge.checked, max_tokens: 96 });
    } finally {
      this.solveBtn.disabled = false;
    }
  }

  handle(ev) {
    this.log.add(ev);
    switch (ev.type) {
      case "run_started":
        clear(this.answer);
        clear(this.final);
        break;
      case "skill_internalizing":
        this.status.textContent = `internalizing ${ev.name} (${ev.tokens} tokens)…`;
        break;
      case "skill_internalized":
        this.status.textContent = `${ev.name}: ${ev.tokens} tokens → rank ${ev.rank} adapter, ${bytes(ev.bytes)}, ` +
          `${(ev.seconds * 1000).toFixed(0)} ms`;
        break;
      case "context":
        this.answer.append(el("div", { class: "muted prompt", text: ev.messages.map((m) => m.content).join("\n") }));
        this.streamed = this.answer.appendChild(el("div", { class: "streamed" }));
        break;
      case "token":
        if (this.streamed) this.streamed.textContent += ev.text;
        break;
      case "skill_answer": {
        const ok = this.expected !== null && ev.answer === this.expected;
        this.final.textContent = `answer: ${ev.answer ?? "(none)"}` +
          (this.expected !== null ? ` · expected ${this.expected} ${ok ? "✓" : "✗"}` : "");
        break;
      }
      case "error":
        this.final.textContent = `${ev.status} ${ev.code || ""}: ${ev.message}`;
        break;
    }
  }
}

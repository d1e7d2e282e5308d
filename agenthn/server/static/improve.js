// Self-improvement: rounds of attempt -> grade -> study notes -> re-internalize, shown as a chart of
// accuracy per round (attempted questions and unseen ones), the itemized note edits, and the attempts.

import { bytes, clear, el, EventLog, field, forgetButton, pct } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A small line chart: series = {name: [[round, accuracy], ...]}, accuracy in [0, 1].
export function roundsChart(series, rounds) {
  const W = 420, H = 220, L = 40, R = 110, T = 12, B = 32;
  const n = Math.max(1, rounds);
  const x = (r) => L + (r / n) * (W - L - R);
  const y = (a) => T + (1 - a) * (H - T - B);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", id: "improve-chart", role: "img" });
  root.append(svg("title", {}, "accuracy per round"));
  for (const a of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(svg("line", { x1: L, x2: W - R, y1: y(a), y2: y(a), class: "grid" }));
    root.append(svg("text", { x: L - 6, y: y(a) + 4, "text-anchor": "end", class: "axis" }, pct(a)));
  }
  for (let r = 0; r <= n; r++) {
    root.append(svg("text", { x: x(r), y: H - B + 16, "text-anchor": "middle", class: "axis" }, String(r)));
  }
  root.append(svg("text", { x: (L + W - R) / 2, y: H - 2, "text-anchor": "middle", class: "axis" }, "round"));
  Object.entries(series).forEach(([name, points], i) => {
    if (!points.length) return;
    const cls = `series s${i}`;
    root.append(svg("polyline", { points: points.map(([r, a]) => `${x(r)},${y(a)}`).join(" "), class: cls }));
    for (const [r, a] of points) {
      root.append(svg("circle", { cx: x(r), cy: y(a), r: 4, class: cls, "data-round": r, "data-acc": a }));
    }
    root.append(svg("text", { x: W - R + 10, y: T + 14 + i * 18, class: `legend ${cls}` }, name));
  });
  return root;
}

export class ImproveView {
  feature = "improve";

  constructor(ctx) {
    this.ctx = ctx;
    this.rounds = el("input", { id: "improve-rounds", type: "number", value: 2, min: 1, max: 8 });
    this.entities = el("input", { id: "improve-entities", type: "number", value: 3, min: 1, max: 32 });
    this.seed = el("input", { id: "improve-seed", type: "number", value: 0, min: 0 });
    this.go = el("button", { id: "improve-run", type: "submit", text: "Run rounds" });
    this.chartBox = el("div", { id: "improve-chart-box", class: "chartbox" });
    this.roundsLog = el("ol", { id: "improve-rounds-log", class: "edits" });
    this.notes = el("ol", { id: "improve-notes", class: "edits" });
    this.attempts = el("table", { id: "improve-attempts", class: "kv" });
    this.notebook = el("ol", { id: "improve-notebook", class: "edits" });
    this.log = new EventLog();
    this.node = el("section", { id: "page-improve", class: "page two-col" },
      el("div", { class: "col" },
        el("form", { class: "toolbar", onsubmit: (e) => this.submit(e) }, field("rounds", this.rounds),
          field("built-in entities", this.entities), field("seed", this.seed), this.go),
        this.chartBox,
        el("h3", { text: "Rounds" }), this.roundsLog,
        el("h3", { text: "Latest attempts" }), this.attempts),
      el("div", { class: "col side" },
        el("h3", {}, "Notebook \"improve\" (current notes) ",
          forgetButton('the whole notebook "improve"', () => this.forget("/api/notes?notebook=improve"))),
        this.notebook,
        el("h3", { text: "Study-note edits (itemized)" }), this.notes,
        el("h3", { text: "Events" }), this.log.node));
    this.reset();
  }

  reset() {
    this.series = { attempted: [], unseen: [] };
    this.maxRound = Number(this.rounds.value) || 1;
    this.attemptRound = null;
    clear(this.roundsLog);
    clear(this.notes);
    clear(this.attempts);
    this.log.reset();
    this.drawChart();
  }

  drawChart() {
    clear(this.chartBox).append(roundsChart(this.series, this.maxRound));
  }

  async onShow() {
    if (!this.ctx.online()) return;
    try {
      const nb = await this.ctx.getJSON("/api/notes?notebook=improve");
      clear(this.notebook).append(...nb.notes.map((n) => el("li", { "data-item": n.item_id },
        el("span", { text: n.text }),
        forgetButton(`note #${n.item_id}`, () => this.forget(`/api/notes/${n.item_id}?notebook=improve`)))));
      if (!nb.notes.length) this.notebook.append(el("li", { class: "muted empty", text: "(no notes)" }));
    } catch (e) { /* banner */ }
  }

  async forget(path) {
    await this.ctx.deleteJSON(path);
    await this.onShow();
  }

  async submit(e) {
    e.preventDefault();
    this.go.disabled = true;
    try {
      await this.ctx.run(this, "/api/improve", { rounds: Number(this.rounds.value),
        builtin_entities: Number(this.entities.value), seed: Number(this.seed.value) });
      await this.onShow();
    } finally {
      this.go.disabled = false;
    }
  }

  handle(ev) {
    this.log.add(ev);
    switch (ev.type) {
      case "round_started":
        this.maxRound = Math.max(this.maxRound, ev.round);
        this.roundsLog.append(el("li", { class: "round" }, el("b", { text: `round ${ev.round}` }),
          ev.cold ? " (cold: no notes yet)" : ""));
        break;
      case "attempt":
        if (ev.set !== "attempted") break;
        if (this.attemptRound !== ev.round) { // a new attempt of the set replaces the table
          clear(this.attempts).append(el("tr", {}, ...["question", "answer", "expected", ""].map((h) => el("th", { text: h }))));
          this.attemptRound = ev.round;
        }
        this.attempts.append(el("tr", { class: ev.correct ? "ok" : "bad" }, el("td", { text: ev.question }),
          el("td", { text: ev.answer }), el("td", { text: ev.expected }), el("td", { text: ev.correct ? "✓" : "✗" })));
        break;
      case "graded":
        this.roundsLog.append(el("li", {}, `${ev.set}: ${ev.correct}/${ev.n} (${pct(ev.accuracy)})`));
        break;
      case "note_edit":
        this.notes.append(el("li", { class: `note-${ev.op.toLowerCase()}` }, el("b", { text: ev.op }),
          el("span", { class: "muted", text: ` r${ev.round} #${ev.item_id} ` }),
          ev.old_text ? el("s", { text: ev.old_text }) : "", ev.old_text ? " → " : "", el("span", { text: ev.text ?? "" })));
        break;
      case "note_rejected":
        // which question, which draft (a rejected note of the model's own is drafted again), and why;
        // the rejected text itself on hover
        this.notes.append(el("li", { class: "rejected", title: ev.text ?? "" }, el("b", { text: "rejected " }),
          el("span", { class: "muted", text: ` r${ev.round}${ev.draft ? ` draft ${ev.draft + 1}` : ""} ` }),
          el("span", { text: `${ev.question ? ev.question + ": " : ""}${ev.reason}` })));
        break;
      case "adapter_refreshed":
        this.roundsLog.append(el("li", {}, `notes adapter: ${ev.notes} notes, rank ${ev.rank}, ${bytes(ev.adapter_bytes)}`));
        break;
      case "rolled_back":
        this.roundsLog.append(el("li", { class: "rejected" },
          `rolled back ${ev.edits_undone} edits (${pct(ev.accuracy_before)} → ${pct(ev.accuracy_after)})`));
        break;
      case "round_done":
        this.roundsLog.append(el("li", { class: "round-done", "data-round": ev.round },
          `round ${ev.round} done: attempted ${pct(ev.attempted_accuracy)}, unseen ${pct(ev.unseen_accuracy)}, ` +
          `${ev.notes} notes${ev.rolled_back ? " (rolled back)" : ""}`));
        this.series.attempted.push([ev.round, ev.attempted_accuracy]);
        if (ev.unseen_accuracy !== null && ev.unseen_accuracy !== undefined) {
          this.series.unseen.push([ev.round, ev.unseen_accuracy]);
        }
        this.drawChart();
        break;
      case "error":
        this.roundsLog.append(el("li", { class: "rejected", text: `${ev.status}: ${ev.message}` }));
        break;
    }
  }
}

// Small DOM helpers. Everything that came from a model or a user is set as text, never as HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function bytes(n) {
  if (n === undefined || n === null) return "";
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(2)} MiB`;
}

export function pct(x) {
  return x === null || x === undefined ? "–" : `${Math.round(x * 100)}%`;
}

// A control row of labelled inputs; returns the row and the inputs by name.
export function field(label, input) {
  return el("label", { class: "field" }, el("span", { text: label }), input);
}

// The event log every page keeps: one line per event, tokens folded into a counter. Types missing
// from the server's event schema (GET /api/events/schema, loaded by app.js) are marked.
export class EventLog {
  static known = null;

  constructor() {
    this.node = el("ol", { class: "events" });
    this.tokens = 0;
    this.tokenLine = null;
  }
  reset() {
    clear(this.node);
    this.tokens = 0;
    this.tokenLine = null;
  }
  add(ev) {
    if (ev.type === "token") {
      this.tokens += 1;
      if (!this.tokenLine) this.tokenLine = this.node.appendChild(el("li", { class: "ev ev-token" }));
      this.tokenLine.textContent = `token × ${this.tokens}`;
      return;
    }
    this.tokenLine = null;
    const { type, seq, t, ...rest } = ev;
    const detail = JSON.stringify(rest);
    const unknown = EventLog.known && !EventLog.known.has(type);
    this.node.append(el("li", { class: `ev ev-${type}${unknown ? " ev-unknown" : ""}`,
      title: unknown ? "not in the server's event schema" : null },
      el("span", { class: "ev-t", text: t !== undefined ? `${Number(t).toFixed(2)}s` : "" }),
      el("b", { text: type }), " ", el("span", { class: "ev-d", text: detail.length > 220 ? detail.slice(0, 220) + "…" : detail })));
    this.node.scrollTop = this.node.scrollHeight;
  }
}

// Ask before something that cannot be undone: a modal <dialog> (#confirm-dialog) with the question and
// Forget / Cancel; resolves true only on Forget.
export function confirmDialog(question, detail = "") {
  let dialog = document.getElementById("confirm-dialog");
  if (!dialog) {
    dialog = el("dialog", { id: "confirm-dialog", class: "confirm" });
    document.body.append(dialog);
  }
  return new Promise((resolve) => {
    const done = (answer) => { dialog.close(); resolve(answer); };
    clear(dialog).append(el("p", { class: "confirm-q", text: question }),
      detail ? el("p", { class: "muted", text: detail }) : "",
      el("div", { class: "toolbar confirm-actions" },
        el("button", { type: "button", id: "confirm-cancel", text: "Cancel", onclick: () => done(false) }),
        el("button", { type: "button", id: "confirm-forget", class: "danger", text: "Forget",
          onclick: () => done(true) })));
    dialog.oncancel = () => resolve(false); // Escape
    dialog.showModal();
  });
}

// The "forget" control beside a conversation, fact, skill or note: confirms, then runs `action`
// (a DELETE); `what` names the thing in the question.
export function forgetButton(what, action) {
  return el("button", { type: "button", class: "small forget", title: `forget ${what}`, text: "forget",
    onclick: async (e) => {
      e.stopPropagation();
      const ok = await confirmDialog(`Forget ${what}?`,
        "It is deleted from the store, from every adapter built from it and from every cache. This cannot be undone.");
      if (ok) await action();
    } });
}

// Sample lines to try (GET /api/samples, in the language of the served model): each fills `input` when
// clicked; `note` shows what to expect beside it (an answer, the edits a profile turn implies).
export function sampleList(id, items, input) {
  return el("ol", { id, class: "samples" }, ...items.map(({ text, note }) => el("li", {},
    el("a", { href: "#", text, onclick: (e) => {
      e.preventDefault();
      input.value = text;
      input.focus();
    } }), note ? el("span", { class: "muted", text: ` (${note})` }) : "")));
}

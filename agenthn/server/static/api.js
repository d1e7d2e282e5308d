// API client: settings (base URL + key in localStorage), JSON calls, and the SSE reader for live runs.
//
// Live runs are POSTs, so EventSource (GET only, no headers) cannot carry them; we read the response
// body ourselves. SSE frames end with a blank line, and a network chunk can end anywhere - inside a
// frame, inside a line, even inside a multi-byte UTF-8 character - so bytes are decoded with
// TextDecoder({stream: true}) and text is buffered until a whole frame has arrived.

const STORE_KEY = "agenthn.settings";

export const settings = {
  load() {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
    return { base: saved.base || window.location.origin, key: saved.key || "" };
  },
  save(values) {
    localStorage.setItem(STORE_KEY, JSON.stringify({ ...settings.load(), ...values }));
  },
};

export class ApiError extends Error {
  constructor(status, info) {
    super(info.message || `HTTP ${status}`);
    this.status = status;
    this.code = info.code || null;
    this.type = info.type || null;
  }
}

function url(path) {
  return settings.load().base.replace(/\/+$/, "") + path;
}

function headers(extra = {}) {
  const { key } = settings.load();
  return { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...extra };
}

async function failure(response) {
  let info = {};
  try {
    info = (await response.json()).error || {};
  } catch (e) {
    info = { message: `HTTP ${response.status} ${response.statusText}` };
  }
  return new ApiError(response.status, info);
}

export async function getJSON(path) {
  const r = await fetch(url(path), { headers: headers() });
  if (!r.ok) throw await failure(r);
  return r.json();
}

export async function postJSON(path, body) {
  const r = await fetch(url(path), {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(body ?? {}),
  });
  if (!r.ok) throw await failure(r);
  return r.json();
}

export async function deleteJSON(path) {
  const r = await fetch(url(path), { method: "DELETE", headers: headers() });
  if (!r.ok) throw await failure(r);
  return r.json();
}

// Parse one SSE frame (the text between blank lines): data lines joined by "\n"; comments ignored.
export function parseFrame(frame) {
  const data = [];
  let id = null;
  let event = null;
  for (const line of frame.split(/\r\n|\r|\n/)) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "id") id = value;
    else if (field === "event") event = value;
  }
  return data.length ? { id, event, data: data.join("\n") } : null;
}

// Split buffered text into complete frames; returns [frames, rest-of-buffer].
export function splitFrames(buffer) {
  const frames = [];
  const boundary = /\r\n\r\n|\n\n|\r\r/g;
  let start = 0;
  let m;
  while ((m = boundary.exec(buffer)) !== null) {
    frames.push(buffer.slice(start, m.index));
    start = m.index + m[0].length;
  }
  return [frames, buffer.slice(start)];
}

// POST `body` to `path` and call onEvent(event) for every JSON event of the stream.
// Resolves when the stream ends; `signal` (AbortController) stops it, and the server cancels the run.
export async function streamRun(path, body, onEvent, signal) {
  const r = await fetch(url(path), {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify(body),
    signal,
  });
  if (!r.ok) throw await failure(r);
  await readEvents(r.body, onEvent);
}

// Read an SSE byte stream to its end, calling onEvent(event) for every JSON data frame.
export async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  const deliver = (frames) => {
    for (const f of frames) {
      const parsed = parseFrame(f);
      if (parsed && parsed.data !== "[DONE]") onEvent(JSON.parse(parsed.data));
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const [frames, rest] = splitFrames(buffer);
    buffer = rest;
    deliver(frames);
  }
  buffer += decoder.decode(); // flush a trailing partial character, if any
  if (buffer.trim()) deliver([buffer]);
}

export async function health() {
  try {
    const r = await fetch(url("/health"));
    return r.ok ? await r.json() : null;
  } catch (e) {
    return null;
  }
}

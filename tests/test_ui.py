"""The web UI in real Chromium (Debian's package, driven by Playwright's Python API).

Each feature page is opened and run against a live server (random tiny model, so the text is noise;
what is checked is that the live run reaches the page: streamed tokens, the context window, memory
segments, profile edits, the rounds chart). Then the backend is taken away - the UI is served from a
separate static server and pointed at a dead API address - and a recorded run is replayed from the
browser's storage and from a downloaded JSON log. Screenshots go to $AGENTHN_SCREENSHOTS (default: a
pytest temp folder); look at them.
"""

import functools
import http.server
import os
import re
import socket
import threading
from pathlib import Path

import httpx
import pytest

import agenthn
from agenthn.server.app import STATIC, create_app
from agenthn.server.config import ServerConfig
from agenthn.server.launch import ServerThread, free_port

CHROMIUM = "/usr/bin/chromium"
ADMIN = "ui-admin-key"
TIMEOUT_MS = 60_000


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    path = Path(os.environ.get("AGENTHN_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def server(random_dirs, tmp_path_factory):
    model = agenthn.load(random_dirs["llama-test"], device="cpu")
    config = ServerConfig(model="tiny", data_dir=tmp_path_factory.mktemp("ui"), admin_key=ADMIN,
                          memory_segment_turns=2)
    with ServerThread(create_app(config, model=model)) as srv:
        r = httpx.post(srv.url + "/admin/users", json={"name": "tam"},
                       headers={"Authorization": f"Bearer {ADMIN}"})
        srv.key = r.json()["api_key"]
        yield srv


@pytest.fixture(scope="module")
def static_site():
    """The UI's files served on their own, as from a host other than the model box."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(STATIC))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "install Debian's chromium: bash scripts/install_test_deps.sh"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    context.add_init_script(
        f"if (!localStorage.getItem('agenthn.settings')) localStorage.setItem('agenthn.settings', "
        f"JSON.stringify({{base: '{server.url}', key: '{server.key}'}}))")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    yield page
    context.close()


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def test_chat_page_streams_context_and_memory(page, server, shots):
    page.goto(server.url + "/ui/#chat")
    page.fill("#chat-cid", "ui-demo")
    for i, text in enumerate(["My locker code is 4821.", "I like green tea.", "What is my locker code?"]):
        page.fill("#chat-input", text)
        page.click("#chat-send")
        page.wait_for_function(f"document.querySelectorAll('#chat-log .usage').length >= {i + 1}")
    assert count(page, "#chat-log .msg.user") == 3 and count(page, "#chat-log .msg.assistant") == 3
    assert page.locator("#chat-log .msg.assistant .text").first.inner_text().strip()  # tokens arrived
    assert "What is my locker code?" in page.inner_text("#chat-context")
    assert "prompt tokens" in page.inner_text("#chat-context-tokens")
    assert count(page, "#chat-segments .segment") >= 1  # old turns became segment adapters
    # and were retrieved for the last question, named by their number in the segment list
    chips = page.inner_text("#chat-adapters")
    picked = re.findall(r"segment (#\d+)", chips)
    assert picked and all(n in page.inner_text("#chat-segments") for n in picked), chips
    # each retrieved segment says what chose it (the base's reading or TF-IDF) and its score
    why = page.locator("#chat-segments .segment.retrieved .why").all_inner_texts()
    said = r"retrieved by (meaning|TF-IDF) -?\d+\.\d\d"
    assert len(why) == len(picked) and all(re.search(said, w) for w in why), why
    page.screenshot(path=shots / "chat.png", full_page=True)
    assert page.errors == []


def test_profile_page_edits_history_and_undo(page, server, shots):
    page.goto(server.url + "/ui/#profile")
    page.select_option("#edit-op", "ADD")
    page.fill("#edit-key", "favourite drink")
    page.fill("#edit-value", "green tea")
    page.click("#edit-apply")
    page.wait_for_selector("#profile-table td:text-is('green tea')")
    page.wait_for_selector("#profile-history td:text-is('favourite drink')")
    page.fill("#profile-input", "My name is Tam and my locker code is 4821.")
    page.click("#profile-observe")
    page.wait_for_selector("#profile-edits li.proposal")
    # the verdicts are later events of the same stream: wait for one (a timeout fails the test), do
    # not count at once (a loaded CI machine drew the list between the two events)
    page.wait_for_selector("#profile-edits li.applied, #profile-edits li.rejected")
    page.wait_for_function("/refreshed|no profile adapter/.test("
                           "document.querySelector('#profile-adapter').innerText)")
    page.screenshot(path=shots / "profile.png", full_page=True)
    page.click("#profile-history button:text('undo')")
    page.wait_for_selector("#profile-history tr.undone")
    assert "green tea" not in page.inner_text("#profile-table")
    assert page.errors == []


def test_profile_page_marks_a_fact_read_from_the_users_words(page, server, shots):
    # "I collect ..." is read from the turn itself (agent.profile_verbs) whatever the proposer says: the
    # edit is applied through the real backend and marked as read from the user's words, not as a warning
    page.goto(server.url + "/ui/#profile")
    page.fill("#profile-input", "I collect old stamps from the Baltic countries.")
    page.click("#profile-observe")
    page.wait_for_selector("#profile-table td:text-is('old stamps from the Baltic countries')")
    chip = page.locator("#profile-edits li.applied .chip", has_text="read from your words")
    chip.wait_for()
    assert "warn" not in chip.get_attribute("class")
    page.screenshot(path=shots / "profile_read_from_turn.png", full_page=True)


def test_skills_page_internalizes_and_solves(page, server, shots):
    page.goto(server.url + "/ui/#skills")
    page.click("#skill-sample")
    page.wait_for_selector("#skill-samples li a")
    assert "Rules" in page.input_value("#skill-doc")
    page.click("#skill-load")
    page.wait_for_selector("#skill-status:has-text('rank')")
    page.wait_for_selector("#skill-list .chip")
    page.locator("#skill-samples li a").first.click()
    page.click("#skill-solve")
    page.wait_for_selector("#skill-final:has-text('expected')")
    assert "Recall the rule" in page.inner_text("#skill-answer")  # the nudged prompt is shown
    assert page.inner_text("#skill-answer .streamed").strip()
    page.screenshot(path=shots / "skills.png", full_page=True)
    assert page.errors == []


def test_improve_page_draws_rounds(page, server, shots):
    page.goto(server.url + "/ui/#improve")
    page.fill("#improve-rounds", "1")
    page.fill("#improve-entities", "2")
    page.click("#improve-run")
    page.wait_for_selector("#improve-rounds-log li.round-done[data-round='1']", timeout=90_000)
    rounds = page.eval_on_selector_all("#improve-chart circle.s0", "cs => cs.map(c => c.dataset.round)")
    assert rounds == ["0", "1"]  # attempted accuracy plotted for every round
    assert count(page, "#improve-attempts tr.ok, #improve-attempts tr.bad") >= 1
    assert count(page, "#improve-notes li") >= 1  # note edits (or rejected notes) of round 1
    page.screenshot(path=shots / "improve.png", full_page=True)
    assert page.errors == []


def test_replay_with_the_backend_down(page, server, static_site, shots, tmp_path):
    """Needs the improve run of the test above on the server (tests of a module run in order)."""
    # A run recorded through the UI when it is served separately from the API (CORS).
    page.goto(static_site + "/index.html#chat")
    page.fill("#chat-cid", "replay-me")
    page.fill("#chat-input", "Remember the number 73.")
    page.click("#chat-send")
    page.wait_for_selector("#page-chat li.ev-run_finished")  # the whole run (it is saved when it ends)
    reply = page.inner_text("#chat-log .msg.assistant .text")
    # A server-recorded run (the self-improvement one), downloaded as a JSON log.
    page.goto(static_site + "/index.html#runs")
    page.wait_for_selector("#runs-server button.replay-server")
    with page.expect_download() as dl:
        page.locator("#runs-server tr:has(td:text-is('improve')) button:text('download')").first.click()
    log_file = tmp_path / "run.json"
    dl.value.save_as(log_file)
    # Take the backend away: point the UI at a port held bound but not listening (refused at once,
    # and not handed out as anyone's ephemeral port meanwhile).
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    page.goto(static_site + "/index.html#settings")
    page.fill("#set-base", f"http://127.0.0.1:{dead.getsockname()[1]}")
    page.click("#set-save")
    page.wait_for_selector("#status.off")
    page.goto(static_site + "/index.html#runs")
    page.select_option("#replay-speed", "0")
    page.locator("#runs-local button.replay-local").first.click()
    page.wait_for_selector("#chat-log .usage")
    assert page.inner_text("#chat-log .msg.assistant .text") == reply  # the same run, from storage
    page.screenshot(path=shots / "replay_offline.png", full_page=True)
    page.goto(static_site + "/index.html#runs")
    page.select_option("#replay-speed", "0")
    page.set_input_files("#runs-upload", str(log_file))
    page.wait_for_selector("#banner:has-text('replayed improve')")
    assert page.eval_on_selector_all("#improve-chart circle.s0", "cs => cs.length") == 2
    page.screenshot(path=shots / "replay_upload.png", full_page=True)
    dead.close()
    assert all("Failed to load resource" in e or "ERR_CONNECTION_REFUSED" in e
               for e in page.errors), page.errors


SSE_READER_CHECK = """async (chunking) => {
  const { readEvents } = await import('/ui/api.js');
  const text = 'data: {"type":"token","text":"h\\u00e9llo \\u2713 \\ud83d\\ude00"}\\n\\n' +
               'id: 1\\r\\ndata: {"type":"x",\\r\\ndata: "n":2}\\r\\n\\r\\n' +
               ': keep-alive\\n\\ndata: [DONE]\\n\\n';
  const bytes = new TextEncoder().encode(text);
  const stream = new ReadableStream({ start(c) {
    for (let i = 0; i < bytes.length; i += chunking) c.enqueue(bytes.slice(i, i + chunking));
    c.close();
  } });
  const got = [];
  await readEvents(stream, (e) => got.push(e));
  return got;
}"""


@pytest.mark.parametrize("chunking", [1, 2, 3, 7, 1000])
def test_sse_reader_survives_any_chunking(page, server, chunking):
    """Frames and multi-byte characters split across network chunks arrive whole, in order."""
    page.goto(server.url + "/ui/#settings")
    got = page.evaluate(SSE_READER_CHECK, chunking)
    assert got == [{"type": "token", "text": "héllo ✓ 😀"}, {"type": "x", "n": 2}]


def test_event_log_marks_types_outside_the_schema(page, server):
    page.goto(server.url + "/ui/#chat")
    page.wait_for_function("window.agenthn && window.agenthn.EventLog.known !== null")  # schema loaded
    page.evaluate("""() => { const v = window.agenthn.views.chat;
      v.handle({type: 'token', text: 'x'}); v.handle({type: 'usage', prompt_tokens: 1, completion_tokens: 1,
      finish_reason: 'stop'}); v.handle({type: 'made_up_event'}); }""")
    assert page.locator("#page-chat .ev-unknown").count() == 1
    assert "made_up_event" in page.inner_text("#page-chat .ev-unknown")


def test_chat_page_says_why_adapters_were_left_off(page, server):
    # the relevance gate leaves adapters off as unrelated; memory's segments yield where the profile
    # holds the answer (ProfileConfig.settles), and where the user said there what the worn entry holds
    # (runtime._unrepeated, session 46): the note must not call those unrelated
    page.goto(server.url + "/ui/#chat")
    page.wait_for_function("window.agenthn && window.agenthn.EventLog.known !== null")
    for reason, said in (("profile", "the profile holds the answer"),
                         ("repeats_profile", "the profile holds the same fact as it is now"),
                         (None, "unrelated to the message")):
        page.evaluate("""(reason) => { const v = window.agenthn.views.chat;
          v.handle({type: 'run_started'});
          v.handle({type: 'adapters_gated', adapters: ['segment/3'], reason: reason});
          v.handle({type: 'adapters_composed', adapters: ['profile'], rank: 4, bytes: 64}); }""", reason)
        assert said in page.inner_text("#chat-gated"), reason
    assert page.locator("#page-chat .ev-unknown").count() == 0


def test_chat_page_shows_what_the_user_typed_when_the_question_was_rewritten(page, server):
    # a question naming someone the profile names is asked as "my partner Sam" (relations.Subject.asked):
    # the chat must show the user's own words, and how the model was asked
    page.goto(server.url + "/ui/#chat")
    page.wait_for_function("window.agenthn && window.agenthn.EventLog.known !== null")
    page.evaluate("""() => { const v = window.agenthn.views.chat;
      v.handle({type: 'run_started'});
      v.handle({type: 'question_rewritten', text: 'What does my partner Sam do?',
                original: 'What does Sam do?', reason: 'profile'});
      v.handle({type: 'context', messages: [{role: 'user', content: 'What does my partner Sam do?'}],
                tokens: 9}); }""")
    shown = page.locator("#page-chat .msg.user").last.inner_text()
    assert "What does Sam do?" in shown and "(asked as: What does my partner Sam do?)" in shown
    assert page.locator("#page-chat .ev-unknown").count() == 0


def test_settings_page_exports_my_data(page, server):
    from agenthn.store.restore import open_archive

    page.goto(server.url + "/ui/#settings")
    with page.expect_download() as download:
        page.click("#set-export")
    assert download.value.suggested_filename == "agenthn-export-tam.zip"
    with open_archive(download.value.path()) as archive:  # a whole archive: every checksum holds
        assert archive.manifest["user"]["name"] == "tam"
    assert page.errors == []


def test_forget_controls_ask_then_delete(page, server, shots):
    auth = {"Authorization": f"Bearer {server.key}"}
    for key, value in (("locker code", "4821"), ("pet name", "Zorbo")):
        httpx.post(server.url + "/api/profile/edits", json={"op": "ADD", "key": key, "value": value},
                   headers=auth).raise_for_status()
    body = {"message": "My locker code is 4821.", "conversation_id": "forget-me", "max_tokens": 2}
    with httpx.stream("POST", server.url + "/api/chat", json=body, headers=auth, timeout=60) as r:
        "".join(r.iter_text())
    page.goto(server.url + "/ui/#profile")
    row = "#profile-table tr[data-key='locker code']"
    page.click(f"{row} button.forget")
    page.wait_for_selector("#confirm-dialog[open]")
    assert 'Forget the fact "locker code"?' in page.inner_text("#confirm-dialog")
    page.screenshot(path=shots / "forget_dialog.png")
    page.click("#confirm-cancel")  # cancelled: nothing happens
    assert count(page, "#confirm-dialog[open]") == 0 and count(page, row) == 1
    page.click(f"{row} button.forget")
    page.click("#confirm-forget")
    page.wait_for_selector(row, state="detached")
    page.wait_for_selector("#profile-history td:text-is('forget')")
    assert "rebuilt without" in page.inner_text("#profile-adapter")
    assert count(page, "#profile-table tr[data-key='pet name']") == 1
    assert httpx.get(server.url + "/api/profile", headers=auth).json()["profile"].get("locker code") is None
    page.screenshot(path=shots / "profile_forgotten.png", full_page=True)

    page.goto(server.url + "/ui/#chat")
    conv = "#chat-conversations li[data-cid='forget-me']"
    page.wait_for_selector(conv)
    page.fill("#chat-cid", "forget-me")
    page.click("#chat-load")
    page.wait_for_selector("#chat-log .msg.user button.forget")  # beside each loaded turn too
    page.screenshot(path=shots / "chat_conversations.png", full_page=True)
    page.click(f"{conv} button.forget")
    page.click("#confirm-forget")
    page.wait_for_selector(conv, state="detached")
    assert httpx.get(server.url + "/api/conversations/forget-me", headers=auth).status_code == 404
    page.screenshot(path=shots / "chat_forgotten.png", full_page=True)
    assert page.errors == []

"""A plain English conversation in the web UI on smol, where a fact said early is asked about after its
turn has left the live context (memory only: profile off). Saves a screenshot and prints whether the
reply holds the fact and whether the fact was still in the live context when asked.

    python scripts/ui_memory_smol.py docs/memory_smol.png [--fact N]
    python scripts/ui_memory_smol.py docs/profile_smol.png --profile

--profile plays instead a chat with "learn profile" and the profile on (memory too): a partner's job
said, then changed, then asked by the partner's name. The profile learns the change, and the question
is asked as "my partner Sam" (`relations.Subject.asked`), which the chat shows after the user's words;
it prints the reply and whether it holds the new job and the page shows how the question was asked.

Needs Debian's chromium and Playwright (scripts/install_test_deps.sh). Greedy decoding, so a run is
repeatable; --fact picks one of the candidate conversations below (the README says which were tried).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import httpx

ADMIN = "demo-admin-key"
FILLER = ["Hi! I just got back from a long walk by the river.",
          "I'm making soup tonight. Any tips for a beginner?",
          "What's a good kind of book for a rainy weekend?",
          "Thanks! I should really go to bed earlier this week."]
# (the fact said in passing as the second turn, the later question, the expected answer)
CANDIDATES = [("Oh, and before I forget, my gate code is 4821.",
               "Quick question: what was the code for my gate?", "4821"),
              ("By the way, my sister is called Marta.", "Do you remember what my sister's name is?",
               "Marta"),
              ("Random thing, but my dentist appointment is on 14 March.",
               "When did I say my dentist appointment was?", "14 March"),
              ("Also, my cat is called Pumpkin.", "What's the name of my cat again?", "Pumpkin")]


PROFILE_TURNS = ["Hi! I'm Priya, I'm a vet in Cardiff.", "My partner Sam drives buses for a living.",
                 "Sam quit the buses last week. He's a plumber now.", "What does Sam do now?"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("png")
    ap.add_argument("--fact", type=int, default=0)
    ap.add_argument("--model", default="smol")
    ap.add_argument("--profile", action="store_true", help="the profile chat instead (see above)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    import agenthn
    from agenthn.server.app import create_app
    from agenthn.server.config import ServerConfig
    from agenthn.server.launch import ServerThread

    fact, question, answer = CANDIDATES[args.fact]
    turns = FILLER[:1] + [fact] + FILLER[1:] + [question]
    if args.profile:
        turns, answer = PROFILE_TURNS, "plumber"
    model = agenthn.load(args.model, device="cpu")
    data_dir = Path(tempfile.mkdtemp(prefix="agenthn-ui-"))
    config = ServerConfig(model=args.model, data_dir=data_dir, admin_key=ADMIN)
    with ServerThread(create_app(config, model=model)) as srv, sync_playwright() as pw:
        key = httpx.post(srv.url + "/admin/users", json={"name": "sam"},
                         headers={"Authorization": f"Bearer {ADMIN}"}).json()["api_key"]
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--no-sandbox", "--disable-gpu"])
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        ctx.add_init_script(f"localStorage.setItem('agenthn.settings', JSON.stringify({{base: '{srv.url}', "
                            f"key: '{key}'}}))")
        page = ctx.new_page()
        page.set_default_timeout(300_000)
        page.goto(srv.url + "/ui/#chat")
        page.fill("#chat-cid", "partner-job" if args.profile else "walk-and-soup")
        if args.profile:
            page.check("#chat-memory")
            page.check("#chat-learn")
        else:
            page.uncheck("#chat-profile")
        for i, text in enumerate(turns):
            page.fill("#chat-input", text)
            page.click("#chat-send")
            page.wait_for_function(f"document.querySelectorAll('#chat-log .usage').length >= {i + 1}")
        reply = page.locator("#chat-log .msg.assistant .text").last.inner_text()
        live = page.inner_text("#chat-context")
        notes = page.locator("#chat-log .msg.user .asked")
        asked = notes.last.inner_text() if notes.count() else ""
        # the chat log scrolls inside its box; unfold it so the screenshot shows the whole conversation
        page.add_style_tag(content="#chat-log { max-height: none !important; height: auto !important; "
                                   "overflow: visible !important; }")
        page.screenshot(path=args.png, full_page=True)
        browser.close()
    recalled, in_live = answer.lower() in reply.lower(), answer.lower() in live.lower()
    if args.profile:
        print(f"reply: {reply!r}\nnew job in the reply: {recalled}; shown as asked: {asked!r}")
        return 0 if recalled and asked else 1
    print(f"reply: {reply!r}\nrecalled: {recalled}; fact still in the live context: {in_live}")
    return 0 if recalled and not in_live else 1


if __name__ == "__main__":
    sys.exit(main())

"""scripts/statement_replies.py: what the replies to statements in a chat run say that the user never
said, or where they apologise, counted per what the reply wore, from run files as scripts/chat_serve.py
writes them."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _turn(conv, user, reply, adapters, expect=None):
    return {"conversation": conv, "user": user, "reply": reply, "adapters": adapters, "expect": expect}


def test_statement_replies_counts_made_up_restatements_and_foreign_names(tmp_path):
    turns = [
        _turn("rosa", "My birthday is on the 30th of August.", "Your birthday is 19th of December.",
              ["profile"]),
        _turn("rosa", "I run marathons.", "Amara. I'm glad you run.", ["profile"]),
        _turn("rosa", "My favourite food is paella.", "Your favourite food is paella, lovely.", ["profile"]),
        _turn("rosa", "I'm Amara, by the way.", "Hello Amara!", []),  # a name she said
        _turn("rosa", "I speak Yoruba.", "Mwara, mwara, mwara, mwara, mwara, mwara", []),
        _turn("rosa", "I bake.", "Bread is bread is bread, and a loaf is a loaf.", []),  # twice, no loop
        _turn("rosa", "I ski on Sundays.", "I'm sorry, but as a chatbot I can't ski.", []),
        _turn("rosa", "My brother is Tom.", "Thanks for telling me about your brother, I'm sorry.", []),
        _turn("rosa", "My wife is Ana.", "Thanks for telling me about your wife, Ana.", []),
        _turn("rosa", "My dad is Jo.", "Thanks for telling me. I'm glad to help.", []),  # on after a stop
        _turn("rosa", "When is my birthday?", "Your birthday is 19th of December.", ["profile"], ["August"]),
    ]
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"turns": turns}))
    out = tmp_path / "counts.json"
    done = subprocess.run([sys.executable, str(ROOT / "scripts/statement_replies.py"), str(run), "--json",
                           str(out)], capture_output=True, text=True, check=True)
    totals = json.loads(out.read_text())["totals"]
    # the question (it has an expect) is not counted; the paella reply restates what she said
    assert totals["profile"] == {"replies": 3, "restated": 1, "foreign_names": 1, "looped": 0,
                                 "apologised": 0, "mean_words": 5.7, "acknowledged": 0, "turned": 0,
                                 "went_on": 0}
    # the brother's acknowledgment turns to the model after its comma (and apologises); the wife's names her
    assert totals["none"] == {"replies": 7, "restated": 0, "foreign_names": 0, "looped": 1,
                              "apologised": 2, "mean_words": 7.6, "acknowledged": 3, "turned": 1,
                              "went_on": 1}
    assert "19th of December" in done.stdout and "Amara. I'm glad" in done.stdout

"""A probe for issue 17's CPU decode target, not a feature: smol's decode step with some linear layers
in int8 (PyTorch's dynamic quantization), against float32, and what the change does to its answers.

The step reads every weight once, so on 2 CPU cores it is bound by memory traffic; int8 weights read a
quarter of the bytes. `down_proj` stays float32 in every variant: the hypernetwork's adapters hook it.
Prints the median step at 1 and 8 rows (plain Hugging Face forward with a KV cache, no adapters) and
greedy replies to six general questions, marked where they differ from float32.

    python scripts/probe_int8_decode.py
"""

from __future__ import annotations

import time
import warnings

import torch
from torch import nn

import agenthn

QUESTIONS = ["What is the capital of France?", "How many legs does a spider have?",
             "What colour is the sky on a clear day?", "Who wrote Romeo and Juliet?", "What is 12 times 12?",
             "What gas do plants take in from the air?"]
VARIANTS = {"float32": (), "int8 gate/up": ("gate_proj", "up_proj"),
            "int8 gate/up + lm_head": ("gate_proj", "up_proj", "lm_head"),
            "int8 every linear but down_proj": ("gate_proj", "up_proj", "lm_head", "q_proj", "k_proj",
                                                "v_proj", "o_proj")}


def step_ms(model, rows: int, repeat: int = 25) -> float:
    ids = torch.randint(100, 1000, (rows, 32))
    with torch.inference_mode():
        out = model(input_ids=ids, use_cache=True)
        cache, nxt, times = out.past_key_values, ids[:, -1:], []
        for _ in range(repeat):
            t = time.perf_counter()
            cache = model(input_ids=nxt, past_key_values=cache, use_cache=True).past_key_values
            times.append(time.perf_counter() - t)
    return 1000 * sorted(times)[repeat // 2]


def replies(model, tok) -> list[str]:
    out = []
    for q in QUESTIONS:
        ids = tok.apply_chat_template([{"role": "user", "content": q}], add_generation_prompt=True,
                                      return_tensors="pt")
        ids = ids if torch.is_tensor(ids) else ids["input_ids"]
        with torch.inference_mode():
            gen = model.generate(ids, max_new_tokens=16, do_sample=False)
        out.append(tok.decode(gen[0, ids.shape[1]:], skip_special_tokens=True))
    return out


def main() -> None:
    warnings.filterwarnings("ignore")
    torch.set_num_threads(2)
    m = agenthn.load("smol", device="cpu")
    reference = None
    for label, suffixes in VARIANTS.items():
        names = {n for n, mod in m.base.named_modules()
                 if isinstance(mod, nn.Linear) and n.endswith(suffixes)}
        model = torch.ao.quantization.quantize_dynamic(m.base, names, dtype=torch.qint8) if names else m.base
        one, eight = step_ms(model, 1), step_ms(model, 8)
        print(f"{label}: step {one:.1f} ms at 1 row ({1000 / one:.1f} tokens/s), {eight:.1f} ms at 8 rows "
              f"({8000 / eight:.1f} tokens/s)")
        got = replies(model, m.tokenizer)
        reference = reference or got
        for ref, reply in zip(reference, got, strict=True):
            print("    " + ("same " if reply == ref else "DIFF ") + repr(reply[:70]))


if __name__ == "__main__":
    main()

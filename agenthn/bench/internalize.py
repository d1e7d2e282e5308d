"""`agenthn bench internalize`: what the primitive costs.

For each document length: internalize latency (encoder + hypernetwork, one pass), the floor (one
plain forward of the base model over the same tokens), their ratio, the adapter's size, and the
cost of swapping adapters (restore, stacking for a forward, loading from disk). On a GPU the
`gemma-2-2b-random` preset builds the full-size gemma-2-2b configuration with random weights and a
hypernetwork of Sakana's sizes: random weights measure speed as well as trained ones.
"""

from __future__ import annotations

import logging
import os
import tempfile

import torch

from agenthn.bench.common import machine, markdown_table, timeit, write_json

log = logging.getLogger(__name__)

WORDS = ["the", "grass", "is", "green", "and", "my", "locker", "code", "is", "4821", "while", "the", "zorbic",
         "rule", "doubles", "every", "prime", "number", "before", "lunch", "in", "the", "city", "of", "Vella",
         "where", "Quon", "Barit", "invented", "the", "glass", "kettle"]


def doc_of_tokens(model, n: int) -> str:
    """A document whose body is about n tokens under this model's tokenizer."""
    text = " ".join(WORDS * (n // 8 + 8))
    ids = model.tokenizer(text, add_special_tokens=False)["input_ids"][:n]
    return model.tokenizer.decode(ids)


def sentence_doc_of_tokens(model, n: int, words_per_sentence: int = 12) -> str:
    """The same words as sentences of `words_per_sentence` words, up to about n tokens: what a model
    with a sentence router internalizes one adapter per sentence of (`D2LModel.internalize_routed`)."""
    words = WORDS * (n // 8 + 8)
    sents = [" ".join(words[i: i + words_per_sentence]).capitalize() + "."
             for i in range(0, len(words), words_per_sentence)]
    doc = ""
    for sent in sents:
        longer = f"{doc} {sent}".strip()
        if model.count_tokens(longer) > n:
            break
        doc = longer
    return doc


def forward_time(model, doc: str, repeat: int, sync: bool) -> dict:
    """One forward of the base decoder over the document's chunks (padded into one batch): the floor."""
    chunks = model.doc_chunks(doc)
    pad = torch.zeros(len(chunks), max(map(len, chunks)), dtype=torch.long, device=model.device)
    for i, c in enumerate(chunks):
        pad[i, : len(c)] = torch.tensor(c, device=model.device)
    with torch.inference_mode():
        return timeit(lambda: model.base.get_decoder()(input_ids=pad, use_cache=False), repeat=repeat,
                      sync=sync)


def routed_cost(model, n_tokens: int, repeat: int, sync: bool) -> dict:
    """Internalizing a document of sentences with its sentence adapters (what `Session.internalize` does
    where the model has a router) against the whole adapter alone and one forward, the same document."""
    from agenthn.engine.router import split_sentences

    doc = sentence_doc_of_tokens(model, n_tokens)
    fwd = forward_time(model, doc, repeat, sync)["median_s"]
    whole = timeit(lambda: model.internalize(doc), repeat=repeat, sync=sync)["median_s"]
    routed = timeit(lambda: model.internalize_routed(doc), repeat=repeat, sync=sync)["median_s"]
    return {"sentences": len(split_sentences(doc)), "sentence_doc_whole_ratio": whole / fwd,
            "routed_ms": 1e3 * routed, "routed_ratio": routed / fwd}


def build_random_gemma(device: str):
    """Full-size gemma-2-2b (random, bf16) + Sakana-sized hypernetwork (fp32), built on the device."""
    from agenthn.engine.d2l import D2LModel
    from agenthn.model.checkpoint import hypernet_id
    from agenthn.model.config import ModelConfig
    from agenthn.model.random_init import SAKANA_HYPERNET, random_base, random_hypernet, test_tokenizer

    tok = test_tokenizer()
    with torch.device(device):
        base = random_base("gemma-2-2b", tok).to(torch.bfloat16)
        net = random_hypernet(base, ["down_proj"], **SAKANA_HYPERNET).float()
    base.requires_grad_(False).eval()
    net.requires_grad_(False).eval()
    config = ModelConfig({"down_proj": "mlp.down_proj"}, "random/gemma-2-2b",
                         hypernet_id({"head": net.head[:1, :1, :1]}), 8192, 65536, name="gemma-2-2b-random",
                         doc_prefix_extra="\n\n")
    return D2LModel(base, tok, net, config)


def measure(model, n_tokens: int, repeat: int) -> dict:
    sync = model.device.type == "cuda"
    doc = doc_of_tokens(model, n_tokens)
    chunks = model.doc_chunks(doc)
    ids = torch.tensor([c for c in chunks[:1]], device=model.device) if len(chunks) == 1 else None
    adapter = model.internalize(doc)
    if sync:
        torch.cuda.reset_peak_memory_stats()
    t_int = timeit(lambda: model.internalize(doc), repeat=repeat, sync=sync)
    peak = torch.cuda.max_memory_allocated() / 2**30 if sync else None
    t_fwd = forward_time(model, doc, repeat, sync)
    t_stack = timeit(lambda: model.lora_batch([adapter]), repeat=repeat, sync=sync)
    with tempfile.TemporaryDirectory() as d:
        path = adapter.save(f"{d}/a.safetensors")
        from agenthn.model.adapter import Adapter

        t_load = timeit(lambda: Adapter.load(path), repeat=repeat)
    t_restore = timeit(lambda: model.session(adapter), repeat=repeat)  # point a session at a stored adapter
    del ids
    routed = routed_cost(model, n_tokens, repeat, sync) if model.router is not None else {}
    return {**routed,
        "doc_tokens": sum(len(c) for c in chunks), "chunks": len(chunks),
        "internalize_ms": 1e3 * t_int["median_s"], "forward_ms": 1e3 * t_fwd["median_s"],
        "ratio_to_forward": t_int["median_s"] / t_fwd["median_s"], "adapter_rank": adapter.rank,
        "adapter_bytes": adapter.size_bytes, "swap_restore_us": 1e6 * t_restore["median_s"],
        "swap_stack_ms": 1e3 * t_stack["median_s"], "swap_load_ms": 1e3 * t_load["median_s"],
        "peak_gpu_gib": peak,
    }


def run(model_name: str, lengths: list[int], repeat: int, json_out: str | None, device: str | None,
        dtype: str | None = None) -> dict:
    """`dtype` ("float32"/"bfloat16"): the base weights' dtype passed to agenthn.load (None: its default)."""
    torch.manual_seed(0)
    load_before = os.getloadavg()
    if model_name == "gemma-2-2b-random":
        model = build_random_gemma(device or "cuda")
    else:
        import agenthn

        model = agenthn.load(model_name, device=device, dtype=getattr(torch, dtype) if dtype else None)
    rows = []
    for n in lengths:
        rows.append(measure(model, n, repeat))
        log.info("%d tokens: internalize %.1f ms (%.2fx forward)", n, rows[-1]["internalize_ms"],
                 rows[-1]["ratio_to_forward"])
    cols = ["doc_tokens", "chunks", "internalize_ms", "forward_ms", "ratio_to_forward", "adapter_rank",
            "adapter_bytes", "swap_restore_us", "swap_stack_ms", "swap_load_ms", "peak_gpu_gib"]
    if "routed_ms" in rows[0]:  # the model routes: the sentence adapters' cost beside the whole's
        cols += ["sentences", "sentence_doc_whole_ratio", "routed_ms", "routed_ratio"]
    table = markdown_table(rows, cols)
    base_dtype = model.weights_dtype
    print(f"model {model.name} on {model.device}, base {base_dtype}, {torch.get_num_threads()} "
          f"threads\n{table}")
    payload = {"bench": "internalize", "model": model.name, "device": str(model.device),
               "base_dtype": base_dtype,
               "machine": {**machine(), "torch_threads": torch.get_num_threads(),
                           "load_avg_1_5_15_before": load_before, "load_avg_1_5_15_after": os.getloadavg()},
               "repeat": repeat, "rows": rows, "markdown": table}
    write_json(json_out, payload)
    return payload

"""Converters from foreign hypernetwork checkpoints to our model directory.

`add_cli(subparsers)` registers `convert sakana PATH OUT_DIR [...]` on the main CLI's subparsers.
"""

from __future__ import annotations

import argparse
import logging

log = logging.getLogger(__name__)


def add_cli(subparsers) -> None:
    """Register `convert sakana`; the handler is stored as `func` on the parsed namespace."""
    convert = subparsers.add_parser("convert",
                                    help="convert a foreign checkpoint into an AgentHN model directory")
    kinds = convert.add_subparsers(dest="convert_kind", required=True)
    p = kinds.add_parser("sakana",
                         help="Sakana Doc-to-LoRA pytorch_model.bin (gemma_2b_d2l, gemma_demo, ...)")
    p.add_argument("path", metavar="PATH", help="pytorch_model.bin, or the folder holding it")
    p.add_argument("out_dir", metavar="OUT_DIR", help="model directory to write (config.json + safetensors)")
    p.add_argument("--dtype", choices=["float32", "bfloat16"], default="float32",
                   help="hypernetwork weight dtype (theirs are float32)")
    p.add_argument("--quantize-ctx-encoder", action="store_true",
                   help="run the context encoder in 4-bit NF4 as in their training (needs CUDA + "
                        "bitsandbytes)")
    p.add_argument("--base-model", default=None,
                   help="override the base model (default: the checkpoint's Hugging Face id), e.g. a local "
                        "path")
    p.set_defaults(func=run_sakana)


def run_sakana(args: argparse.Namespace) -> int:
    import torch  # deferred: keeps `agenthn --help` fast

    from agenthn.convert.sakana import convert

    out = convert(args.path, args.out_dir, dtype=getattr(torch, args.dtype),
                  quantize_ctx_encoder=args.quantize_ctx_encoder, base_model=args.base_model)
    print(f"wrote {out}")
    return 0

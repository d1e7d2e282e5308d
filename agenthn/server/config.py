"""Server settings: one pydantic object, overridable from the environment (`AGENTHN_<FIELD>`).

    config = ServerConfig(model="smol", port=8000)               # in code
    AGENTHN_ADMIN_KEY=... AGENTHN_LIMITS__QUEUE_SIZE=8 agenthn serve   # from the environment

The environment is read only by `ServerConfig.from_env()` (the CLI calls it), never at import, so tests
build configs explicitly. Nested limits use a double underscore, as pydantic-settings does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from agenthn.dtypes import SERVE_DTYPE_PATTERN

ENV_PREFIX = "AGENTHN_"


class Limits(BaseModel):
    """Everything that bounds what one request or one user can make the server do."""

    model_config = ConfigDict(extra="forbid")

    max_body_bytes: int = Field(1_000_000, ge=1024, description="request bodies over this get 413")
    max_message_tokens: int = Field(2048, ge=1, description="one chat message, in model tokens")
    max_prompt_tokens: int | None = Field(
        None, ge=1, description="whole rendered prompt; default: the model's context minus max_new_tokens")
    max_document_tokens: int | None = Field(
        None, ge=1,
        description="a document to internalize; default (and ceiling): the model's max_doc_tokens")
    max_new_tokens: int = Field(256, ge=1, description="ceiling on max_tokens a request may ask for")
    default_new_tokens: int = Field(64, ge=1, description="max_tokens when a request names none")
    per_user_concurrency: int = Field(4, ge=1, description="model jobs one user may have queued or running")
    queue_size: int = Field(64, ge=1, description="model jobs queued or running before new ones get 503")
    max_improve_rounds: int = Field(8, ge=1, description="self-improvement rounds per run")
    max_batch: int = Field(32, ge=1, description="requests decoded together in one forward per step; 1 = "
                                                 "one generation at a time (the old global lock)")


class ServerConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field("smol",
                       description="model name or directory (agenthn.load); smol is SmolLM2-135M-Instruct")
    device: str | None = Field(None, description="cpu or cuda; default: cuda when available")
    dtype: str | None = Field(
        None, pattern=SERVE_DTYPE_PATTERN,
        description="base weights (default bfloat16 on a GPU; on a CPU the checkpoint's own: float16 for "
                    "smol, float32 for tiny); float16 on a CPU packs the MLP "
                    "gate/up projections and the output head: the same answers, a faster decode, and each "
                    "user's reply still independent of the others' (qint8 is not offered: it is not)")
    threads: int | None = Field(None, ge=1, description="torch CPU threads; 1 is fastest for tiny models and "
                                                        "on a busy machine (no OpenMP spin-waits)")
    host: str = Field("127.0.0.1", description="bind address (loopback unless you mean to expose it)")
    port: int = Field(8000, ge=0, le=65535, description="port (0: any free one)")
    data_dir: Path = Field(Path.home() / ".agenthn", description="SQLite store and adapter files")
    admin_key: str | None = Field(None, description="admin API key; generated and printed once if unset")
    cors_origins: list[str] = Field(
        default_factory=lambda: ["*"],
        description="origins allowed to call the API from a browser (the UI may be served elsewhere); "
                    "keys travel in a header, never a cookie, so '*' does not expose them")
    log_content: bool = Field(False, description="log message text (may expose user data)")
    memory_segment_turns: int | None = Field(None, ge=1, description="turns per memory segment")
    memory_history_tokens: int | None = Field(None, ge=0, description="live-context budget, in tokens")
    memory_top_k: int | None = Field(None, ge=1, description="segment adapters retrieved per query")
    memory_mode: str | None = Field(None, pattern="^(topk|all|recent)$",
                                    description="segment retrieval: topk, all or recent")
    memory_rerank: int | None = Field(None, ge=0, description="TF-IDF's best segments re-ranked by the base "
                                                              "model's reading (0: TF-IDF alone)")
    memory_copy_beta: float | None = Field(None, ge=0, le=1, description="finish values as the retrieved "
                                           "segments' text has them, among tokens the adapter finds this "
                                           "plausible against its top one (0: off)")
    profile_copy_beta: float | None = Field(None, ge=0, le=1, description="finish values as the profile "
                                            "entries' text has them, among tokens the adapter finds this "
                                            "plausible against its top one (0: off; default 0.05)")
    profile_ask_named: bool | None = Field(None, description="ask a question that names someone the profile "
                                           "names with who they are ('my partner Sam'), reported as "
                                           "question_rewritten (default on; off: asked as written)")
    profile_acknowledge: str | None = Field(None, max_length=200, description=(
        "the words a reply opens with where the turn only tells about the user and the profile learns from "
        "it, the reply ending with its first whole sentence past them (default 'Thanks for telling me "
        "about'; '': the model's reply as it comes)"))
    memory_gate: bool | None = Field(None, description="apply a retrieved segment's adapter only where the "
                                                       "model's relevance gate opens (default off)")
    adapter_gate: bool = Field(False, description="leave the profile's adapter off a message the model's "
                                                  "relevance gate finds unrelated to it (default off: "
                                                  "fitted on prose, the gate misreads key: value lines)")
    no_repeat_ngram: int = Field(4, ge=0, description="a reply never says a run of this many tokens twice "
                                                      "(0: off); without it smol loops on some replies")
    limits: Limits = Field(default_factory=Limits)

    def memory_overrides(self) -> dict:
        """MemoryConfig fields set here (unset ones keep the memory feature's defaults)."""
        return self._set("memory_", ("segment_turns", "history_tokens", "top_k", "mode", "rerank",
                                     "copy_beta", "gate"))

    def profile_overrides(self) -> dict:
        """ProfileConfig fields set here (unset ones keep the profile feature's defaults)."""
        return self._set("profile_", ("copy_beta", "ask_named", "acknowledge"))

    def _set(self, prefix: str, names: tuple[str, ...]) -> dict:
        """{name: value} of the fields `prefix + name` that are set (not None)."""
        return {n: getattr(self, prefix + n) for n in names if getattr(self, prefix + n) is not None}

    def load_model(self):
        """`agenthn.load` with this config's model, device and dtype."""
        import torch

        import agenthn

        dtype = getattr(torch, self.dtype) if self.dtype else None
        return agenthn.load(self.model, device=self.device, dtype=dtype)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "agenthn.sqlite"

    @property
    def adapter_dir(self) -> Path:
        return self.data_dir / "adapters"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> ServerConfig:
        """Fields from AGENTHN_* variables (JSON for lists), then explicit overrides (CLI flags) on top."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for name in cls.model_fields:
            if name != "limits" and ENV_PREFIX + name.upper() in env:
                values[name] = _parse(env[ENV_PREFIX + name.upper()], cls.model_fields[name].annotation)
        limits = {n: env[f"{ENV_PREFIX}LIMITS__{n.upper()}"] for n in Limits.model_fields
                  if f"{ENV_PREFIX}LIMITS__{n.upper()}" in env}
        values["limits"] = Limits(**{**limits, **overrides.pop("limits", {})})
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _parse(raw: str, annotation) -> object:
    if "list" in str(annotation):
        return json.loads(raw) if raw.strip().startswith("[") else [s for s in raw.split(",") if s]
    if annotation is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return raw

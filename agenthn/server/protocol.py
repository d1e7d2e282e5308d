"""Wire format: the subset of OpenAI's chat API we serve, plus AgentHN's extras, as pydantic models.

The stock `openai` client sends extra body fields at the top level, so AgentHN options ride in one
`agenthn` object: `client.chat.completions.create(..., extra_body={"agenthn": {"memory": True}})`.
Unknown OpenAI fields (logprobs, penalties, tools...) are accepted and ignored rather than rejected,
because clients fill them in by default; fields we cannot honour with a value other than the default
(n > 1) are rejected with a clear message.
"""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator


def completion_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex[:24]


def check_unicode(value, where: str = ""):
    """`value` if every string in it is valid Unicode text (encodable as UTF-8), else ValueError.

    JSON can carry a lone surrogate (`"\\ud800"`), which Python keeps in a str that no tokenizer,
    database or log can encode; bytes that are not UTF-8 reach here as such surrogates too (the request
    middleware decodes them with `surrogateescape`). Either way the text is refused at the edge, so the
    client gets a 400 naming the field (and the item of a list) instead of a 500 from deep inside."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError(f"{where}is not valid Unicode text: character {e.start} "
                             f"({value[e.start:e.end]!r}) is a lone surrogate or a byte that is not "
                             "UTF-8") from None
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            check_unicode(v, f"{where}item {i} ")
    elif isinstance(value, dict):
        for k, v in value.items():
            check_unicode(k, f"{where}a key ")
            check_unicode(v, f"{where}item {k!r} ")
    return value


BLANK = "must not be empty or only whitespace"


def not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError(BLANK)
    return text


NonBlank = Annotated[str, AfterValidator(not_blank)]  # text a request must carry (a message, a document)


class WireModel(BaseModel):
    """Base of every request body: all its text must be valid Unicode (`check_unicode`)."""

    @field_validator("*")
    @classmethod
    def _unicode(cls, value):
        return check_unicode(value)


class TextPart(WireModel):
    type: Literal["text"] = "text"
    text: str


class ChatMessage(WireModel):
    model_config = ConfigDict(extra="ignore")

    # "developer" is OpenAI's newer name for system; it is folded into system on the way in.
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[TextPart] = Field(..., max_length=1_000_000)
    name: str | None = None

    @field_validator("content")
    @classmethod
    def _not_blank(cls, content, info):
        # As on the native routes: a user or system message with nothing in it is a client's mistake. An
        # assistant message may be empty (a model can answer nothing), so replayed history stays valid.
        text = content if isinstance(content, str) else "".join(p.text for p in content)
        if info.data.get("role") != "assistant" and not text.strip():
            raise ValueError(BLANK)
        return content

    def text(self) -> str:
        return self.content if isinstance(self.content, str) else "".join(p.text for p in self.content)

    def as_dict(self) -> dict[str, str]:
        return {"role": "system" if self.role == "developer" else self.role, "content": self.text()}


class StreamOptions(WireModel):
    include_usage: bool = False


class AgentHNOptions(WireModel):
    """Per-request agent options (the `agenthn` extra body field)."""

    model_config = ConfigDict(extra="forbid")

    conversation_id: str | None = Field(
        None, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$",
        description="persist the turns of this conversation (required for memory)")
    memory: bool = Field(False, description="bounded live context plus retrieved memory segment adapters")
    profile: bool = Field(True, description="apply this user's profile adapter when there is one")
    learn_profile: bool = Field(False, description="propose profile edits from the user turn")
    skills: list[str] = Field(default_factory=list, max_length=16, description="skill adapters to apply")


class ChatCompletionRequest(WireModel):
    model_config = ConfigDict(extra="ignore")

    model: str = Field(..., max_length=256)
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=512)
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    temperature: float | None = Field(None, ge=0.0, le=2.0, allow_inf_nan=False)
    top_p: float | None = Field(None, gt=0.0, le=1.0, allow_inf_nan=False)
    n: int | None = Field(None, ge=1, le=1, description="only one choice is generated")
    stream: bool = False
    stream_options: StreamOptions | None = None
    seed: int | None = Field(None, ge=-(2**63), le=2**63 - 1)
    user: str | None = Field(None, max_length=256)
    agenthn: AgentHNOptions = Field(default_factory=AgentHNOptions)

    @field_validator("messages")
    @classmethod
    def _last_not_assistant_only(cls, messages: list[ChatMessage]) -> list[ChatMessage]:
        if all(m.role in ("system", "developer") for m in messages):
            raise ValueError("messages need at least one user or assistant message")
        return messages

    def requested_tokens(self) -> int | None:
        """The reply's token budget the request names (None: the server's default)."""
        return self.max_completion_tokens or self.max_tokens


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class AgentHNInfo(BaseModel):
    """What the agent did for this completion (an extra field the OpenAI client keeps as-is)."""

    adapters: list[str] = Field(default_factory=list)
    retrieved_segments: list[int] = Field(default_factory=list)
    conversation_id: str | None = None


class ResponseMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ResponseMessage
    finish_reason: Literal["stop", "length"] | None
    logprobs: None = None


class ChatCompletionResponse(BaseModel):
    id: str = Field(default_factory=completion_id)
    object: Literal["chat.completion"] = "chat.completion"
    created: int = Field(default_factory=lambda: int(time.time()))
    model: str
    choices: list[Choice]
    usage: Usage
    agenthn: AgentHNInfo | None = None


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop", "length"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
    usage: Usage | None = None


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "agenthn"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class ErrorInfo(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorInfo


# OpenAI's error `type` per HTTP status; `code` carries our finer reason (AgentHNError.code).
ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
               404: "not_found_error", 409: "conflict_error", 413: "invalid_request_error",
               422: "invalid_request_error", 429: "rate_limit_error", 501: "not_implemented_error",
               503: "overloaded_error"}


def error_info(e: Exception, param: str | None = None) -> ErrorInfo:
    """OpenAI's error object for any exception; internal errors never leak their text."""
    status = getattr(e, "status_code", 500)
    if status >= 500 and status not in ERROR_TYPES:
        return ErrorInfo(message="internal server error", type="server_error", code="internal_error")
    message = getattr(e, "message", None) or str(e)
    return ErrorInfo(message=message, type=ERROR_TYPES.get(status, "invalid_request_error"),
                     param=param or getattr(e, "param", None), code=getattr(e, "code", None))

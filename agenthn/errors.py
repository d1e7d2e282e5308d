"""Typed errors. Each carries the HTTP status the server answers with, so routers stay thin."""


class AgentHNError(ValueError):
    """Base error. Subclasses ValueError so plain `except ValueError` callers keep working."""

    status_code = 400
    code = "invalid_request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EmptyDocumentError(AgentHNError):
    code = "empty_document"


class DocumentTooLongError(AgentHNError):
    status_code = 413
    code = "document_too_long"


class AdapterMismatchError(AgentHNError):
    status_code = 409
    code = "adapter_mismatch"


class CorruptAdapterError(AgentHNError):
    status_code = 422
    code = "corrupt_adapter"


class UnknownModelError(AgentHNError):
    status_code = 404
    code = "model_not_found"


class CheckpointError(AgentHNError):
    """A checkpoint (ours or a foreign one being converted) is malformed or unsafe."""

    status_code = 422
    code = "bad_checkpoint"


class NotFoundError(AgentHNError):
    status_code = 404
    code = "not_found"


class PermissionDeniedError(AgentHNError):
    status_code = 403
    code = "permission_denied"


class OverloadedError(AgentHNError):
    status_code = 503
    code = "overloaded"


def check_fraction(value, what: str, error: type[AgentHNError] = AgentHNError) -> None:
    """Refuse a setting that is not a number in [0, 1] (a copy beta), naming `what` (a config field or a
    flag) and the value, with the caller's own error type (and so its HTTP status)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise error(f"{what} must be a number in [0, 1], got {value!r}")

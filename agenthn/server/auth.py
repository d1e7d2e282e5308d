"""API keys: Bearer authentication, the admin key, and the FastAPI dependencies routes use.

Every user-scoped route depends on `current_user`, and every store call a route makes passes that
user's id, so isolation is the store's per-user filtering plus this one dependency (the isolation
test iterates every route to prove no route skips it). Keys are stored as sha256 hashes and compared
in constant time by `Store.authenticate` (store/keys.py: several keys per user, each revocable; the
routes that issue and revoke them are in forget_routes.py). A key revoked while one of its requests
still streams ends that stream: `revoked_error`, checked by the stream between events.

The admin key comes from the config (or AGENTHN_ADMIN_KEY); with neither, the first start creates an
admin user and prints its key once - it is never shown again (only its hash is kept).
"""

from __future__ import annotations

import logging
import sys
from dataclasses import asdict

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from agenthn.errors import AgentHNError, PermissionDeniedError
from agenthn.server.protocol import ErrorResponse, WireModel
from agenthn.store import Store, User

log = logging.getLogger(__name__)

# auto_error=False: a missing header reaches our handler and gets OpenAI's 401 envelope, not FastAPI's 403.
_bearer = HTTPBearer(auto_error=False, description="an AgentHN API key (ahn_...)")


class AuthenticationError(AgentHNError):
    status_code = 401
    code = "invalid_api_key"


class KeyRevokedError(AuthenticationError):
    code = "key_revoked"


def current_user(request: Request,
                 creds: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> User:
    if creds is None or not creds.credentials:
        raise AuthenticationError("missing API key: send 'Authorization: Bearer <key>'")
    found = request.app.state.store.authenticate(creds.credentials)
    if found is None:
        raise AuthenticationError("invalid API key")
    user, request.state.key_id = found
    request.state.user_id = user.id  # for the request log line
    return user


def revoked_error(request: Request) -> KeyRevokedError | None:
    """The error for a request whose key was revoked (or whose user was deleted) after it was let in:
    open streams check it between events, so revocation reaches them at once, not at their end."""
    key_id = getattr(request.state, "key_id", None)
    if key_id is not None and key_id in getattr(request.app.state, "revoked_keys", ()):
        return KeyRevokedError(f"API key {key_id} was revoked while this request ran")
    return None


def admin_user(user: User = Depends(current_user)) -> User:
    if not user.is_admin:
        raise PermissionDeniedError("this route needs the admin key")
    return user


def ensure_admin(store: Store, admin_key: str | None) -> str | None:
    """Make sure an admin can log in. Returns a newly generated key (to print once) or None."""
    if admin_key:
        if store.key_revoked(admin_key):  # revoked through the API: it stays refused until it is replaced
            log.error("the configured admin key was revoked; configure a new one (AGENTHN_ADMIN_KEY)")
        elif store.user_for_key(admin_key) is None:  # a new admin key on old data gets a new admin user
            user, _ = store.create_user(_free_name(store, "admin"), is_admin=True, key=admin_key)
            log.info("admin user %d created from the configured admin key", user.id)
        return None
    if any(u.is_admin for u in store.list_users()):
        return None
    user, key = store.create_user(_free_name(store, "admin"), is_admin=True)
    log.warning("created admin user %d; its key is printed once on stderr", user.id)
    print(f"AgentHN admin key (shown once, store it now): {key}", file=sys.stderr, flush=True)
    return key


def _free_name(store: Store, name: str) -> str:
    """`name`, or `name-2`, `name-3`... when taken: user names are unique (POST /admin/users checks)."""
    taken = {u.name for u in store.list_users()}
    return next(n for n in (name if i == 1 else f"{name}-{i}"
                            for i in range(1, len(taken) + 2)) if n not in taken)


# ---- routes: the admin creates users; everyone can ask who they are -----------------------------
router = APIRouter(tags=["users"])


class NewUser(WireModel):
    name: str = Field(..., min_length=1, max_length=64, pattern=r"^[^\x00-\x1f]+$")


class UserOut(BaseModel):
    id: int
    name: str
    is_admin: bool
    created_at: float


class NewUserOut(UserOut):
    api_key: str = Field(..., description="shown once; only its hash is stored")


@router.post("/admin/users", status_code=201, response_model=NewUserOut,
             responses={409: {"model": ErrorResponse, "description": "a user of that name exists"}})
def create_user(body: NewUser, request: Request, admin: User = Depends(admin_user)) -> NewUserOut:
    user, key = request.app.state.store.create_user(body.name.strip() or body.name, unique_name=True)
    log.info("admin %d created user %d (%s)", admin.id, user.id, user.name)
    return NewUserOut(**asdict(user), api_key=key)


@router.get("/admin/users", response_model=list[UserOut])
def list_users(request: Request, admin: User = Depends(admin_user)) -> list[UserOut]:
    return [UserOut(**asdict(u)) for u in request.app.state.store.list_users()]


@router.get("/api/me", response_model=UserOut)
def me(user: User = Depends(current_user)) -> UserOut:
    return UserOut(**asdict(user))

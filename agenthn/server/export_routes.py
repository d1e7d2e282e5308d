"""`GET /api/export`: the calling user's data as one zip archive (layout: agenthn/store/archive.py).

The archive is built on the model worker under the user's own lock, so it waits for that user's
running turn and no turn of theirs changes the data while it is read; it is written to a temporary
file, sent, and removed once sent. `agenthn import ARCHIVE --data-dir DIR` restores it elsewhere.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from agenthn.agent.archive import export_user, model_identity
from agenthn.server.auth import current_user
from agenthn.server.protocol import ErrorResponse
from agenthn.store import User

router = APIRouter(tags=["portability"])
ERRORS = {code: {"model": ErrorResponse} for code in (401, 422, 429, 503)}
ZIP = {200: {"content": {"application/zip": {}},
             "description": "the archive: manifest.json, turns, profile, skills, notes, runs, adapters"}}


@router.get("/api/export", response_class=FileResponse, responses={**ZIP, **ERRORS})
async def export(request: Request, user: User = Depends(current_user)) -> FileResponse:
    state = request.app.state
    folder = Path(tempfile.mkdtemp(prefix="agenthn-export-"))
    name = f"agenthn-export-{re.sub(r'[^A-Za-z0-9._-]', '_', user.name)}.zip"
    identity = model_identity(state.model)
    job = state.worker.submit(user.id, lambda ctx: export_user(state.store, state.files, user.id,
                                                               folder / name, identity))
    try:
        await job.result(request)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(folder / name, media_type="application/zip", filename=name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))

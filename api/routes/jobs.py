"""`GET /jobs/{id}`: the state of an ingestion job started by a document write."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import StateDep
from api.errors import APIError
from api.routes.common import errors

router = APIRouter(prefix="/jobs", tags=["documents"])


@router.get("/{job_id}", responses=errors(404))
async def get_job(state: StateDep,
                  job_id: Annotated[str, Path(max_length=64, description="Job id.")]
                  ) -> dict[str, Any]:
    """queued, running, done (with the write's result) or failed (with its error). Job ids
    are unguessable; finished jobs are kept for the last 1,000 writes."""
    job = state.jobs.get(job_id)
    if job is None:
        raise APIError(404, "job_not_found", f"no job {job_id!r} (unknown or forgotten)")
    return job.to_json()

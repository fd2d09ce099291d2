"""GET /api/health (no auth): can this process do its job? 200 when healthy, 503 when not.

Meant for load balancers and monitors, so it says what is wrong without leaking
paths, URLs or keys: each check is {"ok": bool, ...} plus a few numbers.
"""
from __future__ import annotations

import logging
import os

from flask import Blueprint, current_app
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .storage import check_disk
from .providers import PROVIDER_SETTINGS, provider_name

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__, url_prefix="/api")


class CheckSchema(Schema):
    ok = fields.Boolean(required=True)
    detail = fields.String()


class DiskCheckSchema(CheckSchema):
    free_mb = fields.Integer()
    min_free_mb = fields.Integer()


class FfmpegCheckSchema(CheckSchema):
    binary = fields.String()


class RunnerCheckSchema(CheckSchema):
    runner = fields.String()
    workers = fields.Integer()
    busy = fields.Integer()
    queued = fields.Integer()
    capacity = fields.Integer()


class HealthChecksSchema(Schema):
    database = fields.Nested(CheckSchema, required=True)
    disk = fields.Nested(DiskCheckSchema, required=True)
    ffmpeg = fields.Nested(FfmpegCheckSchema, required=True)
    runner = fields.Nested(RunnerCheckSchema, required=True)


class ProviderInfoSchema(Schema):
    kind = fields.String(required=True)
    name = fields.String(required=True)


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok", "unavailable"]})
    checks = fields.Nested(HealthChecksSchema, required=True)
    providers = fields.List(fields.Nested(ProviderInfoSchema), required=True)


def check_database() -> dict:
    """One trivial query: the database file/server answers."""
    try:
        db.session.execute(text("SELECT 1"))
        return {"ok": True}
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.warning("health: database unreachable: %s", exc)
        return {"ok": False, "detail": f"database unreachable ({type(exc).__name__})"}


def check_ffmpeg() -> dict:
    """The ffmpeg that the Video segment runs (imageio-ffmpeg's, or IMAGEIO_FFMPEG_EXE)."""
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        return {"ok": False, "detail": f"ffmpeg not found ({exc})"}
    if not os.access(exe, os.X_OK):
        return {"ok": False, "detail": "the ffmpeg binary is not executable", "binary": os.path.basename(exe)}
    return {"ok": True, "binary": os.path.basename(exe)}


def check_runner(runner) -> dict:
    """Queue depth and busy workers; not ok once the runner stopped taking jobs (shutting down)."""
    if runner is None:
        return {"ok": False, "detail": "the segment runner is not started"}
    result = {"ok": runner.accepting, **runner.stats()}
    if not runner.accepting:
        result["detail"] = "the server is shutting down and takes no new segments"
    return result


def health_report(app) -> dict:
    """Run every check and say whether the whole is healthy."""
    checks = {
        "database": check_database(),
        "disk": check_disk(app.config["BASE_DIR"], int(app.config["MIN_FREE_DISK_MB"])),
        "ffmpeg": check_ffmpeg(),
        "runner": check_runner(app.extensions.get("runner")),
    }
    providers = [{"kind": kind, "name": provider_name(kind, app.config)} for kind in PROVIDER_SETTINGS]
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "unavailable", "checks": checks, "providers": providers}


@bp.get("/health")
def health():
    report = health_report(current_app)
    return HealthSchema().dump(report), 200 if report["status"] == "ok" else 503

"""storyagent: turn a story topic into a narrated storybook video."""
from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

from flask import Flask, send_from_directory
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import security_headers
from .request_log import register_request_logging

log = logging.getLogger("storyagent")

DURATION_KEYS = ("JWT_ACCESS_TOKEN_EXPIRES", "JWT_REFRESH_TOKEN_EXPIRES")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, errors, database, runner, CLI."""
    instance_path = os.environ.get("STORYAGENT_INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True,
                static_folder="static", static_url_path="/static")
    load_config(app, test_config)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_request_logging(app)
    security_headers.init_app(app)
    create_database(app)
    start_background_services(app)
    register_cli(app)
    return app


def load_config(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Defaults -> instance/config.py -> STORYAGENT_* env -> test config; checked once (config.check)."""
    from . import config
    from .providers import check_providers

    app.config.from_mapping(config.defaults())
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("STORYAGENT")
    if test_config:
        app.config.from_mapping(test_config)
    app.config.update(config.check(app.config))

    app.config["BASE_DIR"] = str(Path(app.config["BASE_DIR"] or os.getcwd()).resolve())
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret(app.instance_path)
    app.config["JWT_SECRET_KEY"] = app.config["JWT_SECRET_KEY"] or app.config["SECRET_KEY"]
    for key in DURATION_KEYS:
        app.config[key] = timedelta(seconds=app.config[key])
    app.config.update(
        JWT_TOKEN_LOCATION=["headers", "cookies"],
        JWT_REFRESH_COOKIE_NAME="refresh_token",
        JWT_REFRESH_COOKIE_PATH="/api",
        JWT_ACCESS_COOKIE_PATH="/api/__no_access_cookie__",
        JWT_COOKIE_SAMESITE="Strict",
        JWT_COOKIE_CSRF_PROTECT=False,
        JWT_SESSION_COOKIE=False,
    )
    check_providers(app.config)


def configure_logging(app: Flask) -> None:
    """Send storyagent's log lines to stderr once, at LOG_LEVEL."""
    logger = logging.getLogger("storyagent")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


def instance_secret(instance_path: str) -> str:
    """Read the instance's secret key, generating it once (safe when processes race)."""
    path = Path(instance_path) / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it right now
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty; delete it to generate a new secret key") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets progress polls read while a job writes; busy_timeout queues writers instead of failing
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def register_extensions(app: Flask) -> None:
    """Bind the database, JWT and rate-limit extensions."""
    from . import ratelimit
    from .extensions import db, jwt, migrate

    db.init_app(app)
    migrate.init_app(app, db)
    jwt.init_app(app)
    ratelimit.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount the API and the web frontend."""
    from . import auth, health, openapi, tasks

    auth.init_app(app)
    app.register_blueprint(tasks.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)

    @app.get("/")
    def index():
        return send_from_directory(app.static_folder, "index.html")


def register_error_handlers(app: Flask) -> None:
    from .errors import register_error_handlers as register

    register(app)


def create_database(app: Flask) -> None:
    """Migrate the database to the newest schema: an empty one is built, an older one upgraded (`flask init-db`)."""
    from .schema_upgrade import migrate_to_head

    migrate_to_head(app)


def start_background_services(app: Flask) -> None:
    """Build the runner named by RUNNER; only a runner that needs them gets the heartbeat and housekeeping.

    Nothing starts here: the thread runner starts its pool with its first job, and housekeeping
    starts with the first request (or gunicorn's worker start), so CLI commands start no thread.
    """
    from .housekeeping import Housekeeping
    from .runners import create_runner

    runner = create_runner(app)
    app.extensions["runner"] = runner
    keeper = Housekeeping(app) if runner.background else None
    app.extensions["housekeeping"] = keeper
    if keeper is not None:
        app.before_request(keeper.start)

    def stop(grace: float | None = None) -> None:
        # grace=None (exit, tests): don't wait; gunicorn's worker_exit passes SHUTDOWN_GRACE
        if keeper is not None:
            keeper.stop()
        runner.shutdown(grace)

    app.extensions["stop_background_services"] = stop


def register_cli(app: Flask) -> None:
    from . import cli

    cli.init_app(app)

"""Extension instances, created unbound and init_app'd in the factory."""
from pathlib import Path

from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# pool_pre_ping: a pooled connection is tested before use, so a database server that restarted
# between requests costs one reconnect, not a 500 (SQLALCHEMY_ENGINE_OPTIONS can still override it)
db = SQLAlchemy(model_class=Base, engine_options={"pool_pre_ping": True})
jwt = JWTManager()
# no default limits: only the routes that opt in (failed logins) are throttled;
# headers off so ordinary responses carry no rate-limit noise (429s set Retry-After themselves)
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
# the schema: Alembic revisions in storyagent/migrations, run at start-up (schema_upgrade.migrate_to_head)
# and by `flask --app storyagent db ...`; batch mode lets SQLite alter tables too
migrate = Migrate(directory=str(Path(__file__).resolve().parent / "migrations"), render_as_batch=True)

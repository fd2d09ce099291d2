"""Extension instances, created unbound and init_app'd in the factory."""
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
jwt = JWTManager()
# no default limits: only the routes that opt in (failed logins) are throttled;
# headers off so ordinary responses carry no rate-limit noise (429s set Retry-After themselves)
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)

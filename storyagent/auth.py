"""Accounts and tokens: /api/register, /api/login, /api/refresh, /api/logout, /api/password-rules.

Each login starts a refresh-token family (see models.TokenFamily): /api/refresh trades the
family's current token for the next one; a replaced token presented again after
REFRESH_REUSE_GRACE seconds means a copy is in someone else's hands, and the whole family
(with its access tokens) is revoked. Every token names its family and its user's token
generation, so tokens die with their family or their account.
"""
from __future__ import annotations

import functools
import logging
import re
import secrets
import threading
import time
import uuid

from flask import Blueprint, Flask, current_app, g, jsonify, request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    current_user,
    get_jwt,
    jwt_required,
    set_refresh_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import JWTDecodeError, JWTExtendedException
from jwt.exceptions import PyJWTError
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import ApiError, error_response
from .extensions import db, jwt
from .models import RevokedToken, TokenFamily, User, new_token_generation
from .passwords import password_rules
from .private_files import protect_private_files
from .ratelimit import admit_sign_up, throttle_failed_logins, throttle_taken_names
from .schemas import CredentialsSchema, LoggedOutSchema, LoginSchema, PasswordRulesSchema, TokenSchema, UserSchema
from .web import load_body

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__, url_prefix="/api")

# a user id as our tokens carry it: decimal, and small enough for a 64-bit integer column
_SUBJECT = re.compile(r"[1-9][0-9]{0,17}")
# INSERT ... ON CONFLICT DO NOTHING, where the database has it
_INSERT_IGNORING = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


# one password hash at a time per process: a hash (scrypt) takes a core for ~0.1-0.5 s, and a
# burst of sign-ups or logins hashing on every core at once would stall every other request
_HASHING = threading.BoundedSemaphore(1)


def hash_password(password: str) -> str:
    with _HASHING:
        return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def password_matches(password_hash: str, password: str) -> bool:
    with _HASHING:
        return check_password_hash(password_hash, password)


@functools.lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """A hash to check when the user does not exist, made like real ones so timing says nothing."""
    return generate_password_hash(secrets.token_hex(16), method=method)


# -- tokens -------------------------------------------------------------------------
def _claims(user: User, family_id: str) -> dict:
    return {"fam": family_id, "gen": user.token_generation}


def _access_token_response(user: User, family_id: str):
    token = create_access_token(str(user.id), additional_claims=_claims(user, family_id))
    response = jsonify(TokenSchema().dump({"access_token": token}))
    response.headers["Cache-Control"] = "no-store"  # RFC 6749 5.1: no cache keeps a token
    return response


def _set_refresh_cookie(response, user: User, family_id: str, jti: str):
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    token = create_refresh_token(str(user.id), additional_claims={**_claims(user, family_id), "jti": jti})
    set_refresh_cookies(response, token, max_age=int(lifetime.total_seconds()))
    return response


def _refresh_expiry() -> float:
    return time.time() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds()


def start_family(user: User):
    """Log a user in: a new token family, its access token and first refresh cookie.

    Families whose newest refresh token has expired are forgotten here, so the table only
    ever holds the logins of the last JWT_REFRESH_TOKEN_EXPIRES.
    """
    db.session.execute(delete(TokenFamily).where(TokenFamily.expires_at < time.time()))
    if user.token_generation is None:
        user.token_generation = new_token_generation()
    family = TokenFamily(id=secrets.token_hex(16), user_id=user.id, current_jti=uuid.uuid4().hex,
                         expires_at=_refresh_expiry())
    db.session.add(family)
    db.session.commit()
    return _set_refresh_cookie(_access_token_response(user, family.id), user, family.id, family.current_jti)


def revoke_family(family_id: str) -> None:
    """End a login everywhere (idempotent: a revoked family stays revoked at its first time)."""
    db.session.execute(update(TokenFamily).where(TokenFamily.id == family_id, TokenFamily.revoked_at.is_(None))
                       .values(revoked_at=time.time()))


def revoke_token(payload: dict) -> None:
    """Blocklist one token until it would have expired anyway; safe when two requests race."""
    values = {"jti": payload["jti"], "expires_at": float(payload["exp"])}
    insert = _INSERT_IGNORING.get(db.session.get_bind().dialect.name)
    if insert is not None:
        db.session.execute(insert(RevokedToken).values(**values).on_conflict_do_nothing())
    elif db.session.get(RevokedToken, values["jti"]) is None:
        db.session.add(RevokedToken(**values))


def rotate(payload: dict, user: User):
    """Trade a refresh token for the next one of its family, or detect a stolen copy."""
    family_id, jti, now = payload["fam"], payload["jti"], time.time()
    next_jti = uuid.uuid4().hex
    rotated = db.session.execute(
        update(TokenFamily)
        .where(TokenFamily.id == family_id, TokenFamily.current_jti == jti, TokenFamily.revoked_at.is_(None))
        .values(previous_jti=jti, current_jti=next_jti, rotated_at=now, expires_at=_refresh_expiry())
    ).rowcount
    db.session.commit()
    if rotated:
        return _set_refresh_cookie(_access_token_response(user, family_id), user, family_id, next_jti)
    family = db.session.get(TokenFamily, family_id, populate_existing=True)
    if family is None or family.revoked_at is not None:
        raise ApiError(401, "The token has been revoked: log in again.")
    grace = float(current_app.config["REFRESH_REUSE_GRACE"])
    if family.previous_jti == jti and now - (family.rotated_at or 0) <= grace:
        # another tab refreshed a moment ago and its answer set the family's current cookie:
        # answer with an access token only, leaving that cookie in place
        return _access_token_response(user, family_id)
    revoke_family(family_id)
    db.session.commit()
    log.warning("refresh token reuse: user %s family %s revoked", user.id, family_id)
    raise ApiError(401, "This sign-in was already renewed elsewhere, so it has been ended for safety: log in again.")


def check_claims(payload: dict) -> None:
    """Refuse a correctly signed token that is not one of ours (no expiry, odd subject, old format)."""
    if not isinstance(payload.get("sub"), str) or not _SUBJECT.fullmatch(payload["sub"]):
        raise JWTDecodeError("its subject is not a user id")
    if not isinstance(payload.get("exp"), (int, float)) or isinstance(payload["exp"], bool):
        raise JWTDecodeError("it has no expiry")
    if not all(isinstance(payload.get(claim), str) for claim in ("jti", "fam", "gen")):
        raise JWTDecodeError("it predates this server's token format")


# -- cross-site requests ---------------------------------------------------------------
def _allowed_origins() -> set[str]:
    """ALLOWED_ORIGINS as a set, from a list or a comma-separated string (env vars)."""
    setting = current_app.config["ALLOWED_ORIGINS"] or []
    origins = setting.split(",") if isinstance(setting, str) else setting
    return {origin.strip().rstrip("/") for origin in origins if origin.strip()}


def request_is_same_origin() -> bool:
    """The cookie endpoints only answer our own page (and configured origins), never another site's.

    The refresh cookie is SameSite=Strict, but "same site" includes other ports and
    subdomains; Origin (sent by browsers on every POST) says exactly who is asking.
    Clients that send neither header (curl, scripts) are not browsers and are let through.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.rstrip("/") in {request.host_url.rstrip("/"), *_allowed_origins()}
    return request.headers.get("Sec-Fetch-Site") in (None, "same-origin", "none")


def same_origin_only(view):
    """Decorate a cookie-authenticated view: 403 for a browser request from another origin."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not request_is_same_origin():
            raise ApiError(403, "Cross-site request refused: this endpoint only answers the service's own "
                                "page (an operator can add origins with ALLOWED_ORIGINS).")
        return view(*args, **kwargs)

    return guarded


# -- views ------------------------------------------------------------------------------
def find_user(username: str) -> User | None:
    """Look an account up by name, the way names are compared (case-insensitive, NFKC)."""
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


@bp.post("/register")
@throttle_taken_names
def register():
    data = load_body(CredentialsSchema())
    admit_sign_up()
    taken = ApiError(409, f"The username {data['username']!r} is already taken.")
    if find_user(data["username"]) is not None:
        raise taken
    user = User(username=data["username"], password_hash=hash_password(data["password"]))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise taken from None
    return UserSchema().dump(user)


@bp.post("/login")
@throttle_failed_logins
def login():
    data = load_body(LoginSchema())
    user = find_user(data["username"])
    stored = user.password_hash if user else _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    if not password_matches(stored, data["password"]) or user is None:
        raise ApiError(401, "Invalid username or password.")
    return start_family(user)


@bp.post("/refresh")
@same_origin_only
@jwt_required(refresh=True, locations=["cookies"])
def refresh():
    return rotate(get_jwt(), current_user)


@bp.post("/logout")
@same_origin_only
def logout():
    """End the login of the access token and of the refresh cookie (their whole families); clear the cookie."""
    # the access token first: it also blocklists by jti, and must still verify when it shares the cookie's family
    for locations, is_refresh in ((["headers"], False), (["cookies"], True)):
        try:
            if verify_jwt_in_request(optional=True, refresh=is_refresh, locations=locations):
                payload = get_jwt()
                if not is_refresh:
                    revoke_token(payload)
                revoke_family(payload["fam"])
        except (JWTExtendedException, PyJWTError):
            pass  # an invalid, expired or already revoked token needs no revoking
    db.session.commit()
    response = jsonify(LoggedOutSchema().dump({}))
    unset_jwt_cookies(response)
    return response


@bp.get("/password-rules")
def rules():
    """What a new password must be, for the sign-up form to show before the user types."""
    return PasswordRulesSchema().dump(password_rules())


def init_app(app: Flask) -> None:
    """Wire JWT callbacks (claims, blocklist, user lookup, JSON errors), the blueprint, and the user table."""

    @jwt.token_in_blocklist_loader
    def is_revoked(_header, payload) -> bool:
        check_claims(payload)  # the first callback after the signature check
        # one round trip for the family, the token's blocklist entry and the user: every authenticated
        # request pays for it (load_user takes the user from here)
        found = db.session.execute(
            select(TokenFamily.revoked_at, RevokedToken.jti, User)
            .select_from(TokenFamily)
            .outerjoin(RevokedToken, RevokedToken.jti == payload["jti"])
            .outerjoin(User, User.id == int(payload["sub"]))
            .where(TokenFamily.id == payload["fam"])).first()
        if found is None or found.revoked_at is not None:
            return True
        g.token_user = found.User
        return payload["type"] != "refresh" and found.jti is not None

    @jwt.user_lookup_loader
    def load_user(_header, payload):
        user = g.pop("token_user", None)  # always set: flask-jwt-extended checks the blocklist first
        if user is None or user.token_generation is None:
            return None
        return user if secrets.compare_digest(user.token_generation, payload["gen"]) else None

    @jwt.unauthorized_loader
    def missing_token(reason: str):
        if "cookie" in reason.lower():
            return error_response(401, "Missing refresh token cookie: log in again.")
        return error_response(401, "Missing access token: send Authorization: Bearer <access_token>.")

    @jwt.invalid_token_loader
    def invalid_token(reason: str):
        return error_response(401, f"Invalid token ({reason}); log in again.")

    @jwt.expired_token_loader
    def expired_token(_header, payload):
        if payload.get("type") == "refresh":
            return error_response(401, "The refresh token has expired: log in again.")
        return error_response(401, "The access token has expired: POST /api/refresh for a new one.")

    # callbacks whose answer never depends on the token
    fixed_answers = (
        (jwt.revoked_token_loader, "The token has been revoked: log in again."),
        (jwt.user_lookup_error_loader, "The token's user no longer exists: log in again."),
        (jwt.needs_fresh_token_loader, "A fresh login is required."),
        (jwt.token_verification_failed_loader, "The token could not be verified: log in again."),
    )
    for register_callback, detail in fixed_answers:
        register_callback(lambda _header, _payload, detail=detail: error_response(401, detail))

    app.register_blueprint(bp)
    # the database holds password hashes (and the stories are the users'): private to the service's
    # own user (the user table's schema is brought up to date with the rest: schema_upgrade)
    protect_private_files(app)

"""Accounts and tokens: /api/register, /api/login, /api/refresh, /api/logout."""
from __future__ import annotations

import time

from flask import Blueprint, Flask, current_app, jsonify
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt,
    jwt_required,
    set_refresh_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt.exceptions import PyJWTError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import ApiError, error_response
from .extensions import db, jwt
from .models import RevokedToken, User
from .ratelimit import throttle_failed_logins
from .schemas import CredentialsSchema, LoggedOutSchema, TokenSchema, UserSchema
from .web import load_body

bp = Blueprint("auth", __name__, url_prefix="/api")

# a valid hash to compare against when the user does not exist, so timing says nothing
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _token_response(user_id: int):
    """Answer with a new access token and set a new refresh cookie."""
    identity = str(user_id)
    response = jsonify(TokenSchema().dump({"access_token": create_access_token(identity)}))
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    set_refresh_cookies(response, create_refresh_token(identity), max_age=int(lifetime.total_seconds()))
    return response


def revoke_token(payload: dict) -> None:
    """Put a decoded token on the blocklist until it would have expired anyway."""
    if db.session.get(RevokedToken, payload["jti"]) is None:
        db.session.add(RevokedToken(jti=payload["jti"], expires_at=float(payload.get("exp", time.time()))))


@bp.post("/register")
def register():
    data = load_body(CredentialsSchema())
    user = User(username=data["username"], password_hash=hash_password(data["password"]))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, f"The username {data['username']!r} is already taken.") from None
    return UserSchema().dump(user)


@bp.post("/login")
@throttle_failed_logins
def login():
    data = load_body(CredentialsSchema())
    user = db.session.scalar(select(User).where(User.username == data["username"]))
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, data["password"]) or user is None:
        raise ApiError(401, "Invalid username or password.")
    return _token_response(user.id)


@bp.post("/refresh")
@jwt_required(refresh=True, locations=["cookies"])
def refresh():
    # rotate: the presented refresh token is spent, a new one is set
    payload = get_jwt()
    revoke_token(payload)
    db.session.commit()
    return _token_response(int(payload["sub"]))


@bp.post("/logout")
def logout():
    """Revoke the refresh cookie and, when sent, the access token; clear the cookie."""
    for locations, refresh in ((["cookies"], True), (["headers"], False)):
        try:
            if verify_jwt_in_request(optional=True, refresh=refresh, locations=locations):
                revoke_token(get_jwt())
        except (JWTExtendedException, PyJWTError):
            pass  # an invalid or expired token needs no revoking
    db.session.commit()
    response = jsonify(LoggedOutSchema().dump({}))
    unset_jwt_cookies(response)
    return response


def init_app(app: Flask) -> None:
    """Wire JWT callbacks (blocklist, user lookup, JSON errors) and the blueprint."""

    @jwt.token_in_blocklist_loader
    def is_revoked(_header, payload) -> bool:
        return db.session.get(RevokedToken, payload["jti"]) is not None

    @jwt.user_lookup_loader
    def load_user(_header, payload):
        return db.session.get(User, int(payload["sub"]))

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
    for register, detail in fixed_answers:
        register(lambda _header, _payload, detail=detail: error_response(401, detail))

    app.register_blueprint(bp)

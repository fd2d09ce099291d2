"""Command line: flask --app storyagent init-db | create-user | make, and the `storyagent` script."""
from __future__ import annotations

import random
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .auth import hash_password
from .domain import SEGMENT_NAMES, StoryBrief
from .extensions import db
from .schema_upgrade import migrate_to_head
from .models import User
from .pipeline import SegmentContext, segment_function
from .schemas import CredentialsSchema
from .storage import StoryDir


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Migrate the database to the newest schema, as start-up does (safe to run again)."""
    migrate_to_head(current_app)
    click.echo(f"Database ready: {current_app.config['SQLALCHEMY_DATABASE_URI']}")


@click.command("create-user")
@click.argument("username")
@click.password_option()
@with_appcontext
def create_user_command(username: str, password: str):
    """Create a user account."""
    errors = CredentialsSchema().validate({"username": username, "password": password})
    if errors:
        raise click.ClickException("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    if db.session.scalar(db.select(User).where(User.username == username)):
        raise click.ClickException(f"user {username!r} already exists")
    user = User(username=username, password_hash=hash_password(password))
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created user {username} (id {user.id})")


@click.command("make")
@click.argument("topic")
@click.option("--main-role", default="", help="The hero's name.")
@click.option("--scene", default="", help="Where the story happens.")
@click.option("--language", type=click.Choice(["en", "zh"]), default=None)
@click.option("--seed", type=int, default=None, help="Same seed, same story; a random one when not given.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("story-out"),
              help="Folder to write the story into.")
@with_appcontext
def make_command(topic, main_role, scene, language, seed, out_dir: Path):
    """Run all five segments for TOPIC without the server and print the mp4 path."""
    config = dict(current_app.config)
    if seed is None:
        seed = random.randrange(1_000_000)
    click.echo(f"seed {seed}", err=True)
    brief = StoryBrief(topic=topic, main_role=main_role, scene=scene,
                       language=language or config["LANGUAGE"], seed=seed)
    folder = StoryDir(out_dir, 1)

    def report(fraction: float, message: str) -> None:
        click.echo(f"\r  {fraction:5.0%} {message[:60]:<60}", nl=False, err=True)

    context = SegmentContext(story_dir=folder, brief=brief, config=config, report=report)
    for segment, name in SEGMENT_NAMES.items():
        click.echo(f"{segment} {name}", err=True)
        folder.remove_outputs(segment)
        segment_function(segment)(context)
        click.echo("", err=True)
    click.echo(str(folder.video_path))


def init_app(app: Flask) -> None:
    """Add our commands (Flask-Migrate's `db` group comes with the extension)."""
    for command in (init_db_command, create_user_command, make_command):
        app.cli.add_command(command)

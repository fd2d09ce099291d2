"""Task endpoints under /api/task, thin: parse, call the service, dump."""
from __future__ import annotations

from flask import Blueprint, current_app, send_file
from flask_jwt_extended import current_user, jwt_required

from ..domain import SEGMENT_NAMES
from ..schemas import (CancelledSchema, DeletedSchema, DownloadQuerySchema, ExecuteAcceptedSchema, ExecuteQuerySchema,
                       MyTasksSchema, ProgressSchema, ResourceListSchema, ResourceQuerySchema,
                       StoryDocumentSchema, StoryTextSchema, TaskCreatedSchema, TaskCreateSchema,
                       VoiceListSchema, VoicePreviewQuerySchema, WorkflowStepSchema)
from ..web import load_body, load_query
from ..voices import default_voice, list_voices
from . import archive, service, story_text, voice_preview

bp = Blueprint("tasks", __name__, url_prefix="/api")

# access tokens come from the Authorization header only
auth_required = jwt_required(locations=["headers"])


@bp.get("/task/workflow")
def workflow():
    steps = [{"id": segment, "name": name} for segment, name in SEGMENT_NAMES.items()]
    return WorkflowStepSchema(many=True).dump(steps)


@bp.get("/voices")
@auth_required
def voices():
    config = current_app.config
    defaults = {language: default_voice(config, language) for language in ("en", "zh")}
    listed = [{"name": v.name, "language": v.language, "provider": v.provider, "label": v.label,
               "default": defaults[v.language] == v.name} for v in list_voices(config)]
    return VoiceListSchema().dump({"voices": listed})


@bp.get("/voices/<name>/preview")
@auth_required
def voice_sample(name: str):
    language = load_query(VoicePreviewQuerySchema())["language"]
    return voice_preview.preview_response(name, language)


@bp.post("/task/new")
@auth_required
def new_task():
    data = load_body(TaskCreateSchema())
    if data.get("story"):
        task = story_text.create_task_with_story(current_user.id, data)
    else:
        task = service.create_task(current_user.id, data)
    return TaskCreatedSchema().dump(task)


@bp.get("/task/mytasks")
@auth_required
def my_tasks():
    tasks = service.user_tasks(current_user.id)
    return MyTasksSchema().dump({"task_ids": [t.id for t in tasks], "tasks": tasks})


@bp.get("/task/<int:task_id>/progress")
@auth_required
def progress(task_id: int):
    task = service.owned_task(current_user.id, task_id, allow_deleted=True)
    return ProgressSchema().dump(task)


@bp.put("/task/<int:task_id>/story")
@auth_required
def put_story(task_id: int):
    text = load_body(StoryTextSchema())
    story = story_text.replace_story(current_user.id, task_id, text)
    return StoryDocumentSchema().dump(story)


@bp.post("/task/<int:task_id>/execute/<int:segment_id>")
@auth_required
def execute(task_id: int, segment_id: int):
    query = load_query(ExecuteQuerySchema())
    job_id = service.start_segment(current_user.id, task_id, segment_id, query["redo"],
                                   current_app.extensions["runner"], through=query["through"])
    return ExecuteAcceptedSchema().dump({"celery_task_id": job_id}), 202


@bp.post("/task/<int:task_id>/cancel")
@auth_required
def cancel(task_id: int):
    service.cancel_segment(current_user.id, task_id, current_app.extensions["runner"])
    return CancelledSchema().dump({})


@bp.get("/task/<int:task_id>/resource")
@auth_required
def resources(task_id: int):
    segment = load_query(ResourceQuerySchema())["segmentId"]
    urls = service.list_resources(current_user.id, task_id, segment)
    return ResourceListSchema().dump({"segmentId": segment, "urls": urls})


@bp.get("/resource")
@auth_required
def download():
    url = load_query(DownloadQuerySchema())["url"]
    path = service.resolve_resource(current_user.id, url)
    # conditional=True answers Range requests (206) so players can seek
    return send_file(path, as_attachment=True, download_name=path.name, conditional=True, max_age=0)


@bp.get("/task/<int:task_id>/archive")
@auth_required
def download_archive(task_id: int):
    return archive.archive_response(current_user.id, task_id)


@bp.delete("/task/<int:task_id>")
@auth_required
def delete(task_id: int):
    service.delete_task(current_user.id, task_id, current_app.extensions["runner"])
    return DeletedSchema().dump({})

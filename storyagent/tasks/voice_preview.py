"""GET /api/voices/{name}/preview: a short WAV of a voice, made once per voice and settings, kept on disk."""
from __future__ import annotations

import io
import math
from pathlib import Path

from flask import current_app, send_file

from ..errors import ApiError, not_found
from ..voices import PreviewUnavailable, find_voice, preview_wav

# previews live beside generated_stories/, shared by every process of the server
PREVIEW_FOLDER = "voice_previews"
# a sample changes only with the settings: browsers may keep it a day
CACHE_SECONDS = 24 * 3600


def preview_response(name: str, language: str | None):
    """The voice's sample as audio/wav; 404 for a name the server does not offer, 503 when it cannot speak."""
    config = current_app.config
    voice = find_voice(config, name, language)
    if voice is None:
        raise not_found(f"Voice {name!r}" + (f" for {language} stories" if language else ""))
    cache_dir = Path(config["BASE_DIR"] or ".") / PREVIEW_FOLDER
    try:
        data = preview_wav(voice, config, cache_dir)
    except PreviewUnavailable as exc:
        raise ApiError(503, f"The voice {name!r} cannot speak right now: {exc}",
                       {"Retry-After": str(max(1, math.ceil(exc.retry_after)))}) from None
    response = send_file(io.BytesIO(data), mimetype="audio/wav", download_name=f"{name.replace(':', '-')}.wav",
                         max_age=CACHE_SECONDS)
    response.cache_control.private = True
    response.cache_control.public = False
    return response

"""Per-story options: refused when bad, stored and shown, and each one changes the film as promised."""
from __future__ import annotations

import json
import shutil
import wave
from itertools import pairwise

import pytest
from PIL import Image

from server_process import probe_media
from storyagent.audio import normalize_speech
from storyagent.config import defaults
from storyagent.offline.writer import OfflineWriter
from storyagent.providers.tts import EspeakTTS
from storyagent.providers.tts_piper import PiperTTS, bundled_voice
from storyagent.storage import StoryDir
from storyagent.story_options import frame_size, setting_overrides, story_settings
from storyagent.voices import PREVIEW_TEXT, default_voice, list_voices
from test_loudness import decoded, rms_db, stretch, timeline

JOE = f"piper:{bundled_voice().stem}"
# a short story of our own: Story is completed at creation, so a film costs only Image..Video
STORY = {"title": "Pip and the Moon",
         "pages": ["Pip the little mouse looked up at the moon. It was round and bright.",
                   "Pip climbed the old oak tree. The moon seemed a little closer.",
                   "Pip's mother called him home. He waved goodnight to the moon."]}
FIRST_SENTENCE = "Pip the little mouse looked up at the moon."


def new_story(user, **options) -> int:
    response = user.post("/api/task/new", json={"story": STORY, "options": options})
    assert response.status_code == 200, response.json
    return response.json["task_id"]


def film(user, task_id: int, through: int = 5) -> StoryDir:
    """Run Image..`through` in one request (the sync runner) and return the story folder."""
    response = user.post(f"/api/task/{task_id}/execute/2?through={through}")
    assert response.status_code == 202, response.json
    state = user.wait(task_id)
    assert (state["status"], state["current_segment"]) == ("completed", through), state
    return StoryDir(user.client.application.config["BASE_DIR"], task_id)


def read_wav(path) -> tuple[int, bytes]:
    with wave.open(str(path), "rb") as clip:
        return clip.getframerate(), clip.readframes(clip.getnframes())


# -- refused ---------------------------------------------------------------------------------
@pytest.mark.parametrize("options, field, allowed", [
    ({"aspect": "4:3"}, "options.aspect", "16:9, 9:16, 1:1"),
    ({"aspect": 169}, "options.aspect", "16:9, 9:16, 1:1"),
    ({"pages": 5}, "options.pages", "6 to 16"),
    ({"pages": 17}, "options.pages", "6 to 16"),
    ({"pages": "ten"}, "options.pages", "6 to 16"),
    ({"pages": 7.5}, "options.pages", "6 to 16"),
    ({"music": "loud"}, "options.music", "generated, off"),
    ({"music": False}, "options.music", "generated, off"),
    ({"caption_style": "karaoke"}, "options.caption_style", "sentence, readalong, none"),
    ({"caption_style": ["none"]}, "options.caption_style", "sentence, readalong, none"),
    ({"voice": "nobody"}, "options.voice", "espeak:en"),
    ({"voice": 3}, "options.voice", "GET /api/voices"),
    ({"voice": "espeak:cmn"}, "options.voice", "espeak:en"),   # a Chinese voice for an English story
    ({"colour": "red"}, "options.colour", "voice, aspect, pages, music, caption_style"),
    ("9:16", "options", "voice, aspect, pages, music, caption_style"),
    ([], "options", "voice, aspect, pages, music, caption_style"),
])
def test_a_bad_option_is_refused_naming_the_field_and_what_it_allows(alice, options, field, allowed):
    response = alice.post("/api/task/new", json={"topic": "a brave owl", "language": "en", "options": options})
    assert response.status_code == 400
    detail = response.json["detail"]
    assert detail.startswith(f"{field}:") and allowed in detail, detail
    assert alice.get("/api/task/mytasks").json["task_ids"] == []


def test_a_chinese_story_takes_a_chinese_voice_only(alice):
    response = alice.post("/api/task/new", json={"topic": "小兔子", "language": "zh", "options": {"voice": JOE}})
    assert response.status_code == 400 and "espeak:cmn" in response.json["detail"]
    assert alice.post("/api/task/new", json={"topic": "小兔子", "language": "zh",
                                             "options": {"voice": "espeak:cmn"}}).status_code == 200


# -- stored and shown ------------------------------------------------------------------------
def test_options_are_stored_and_shown_by_progress_and_mytasks_to_their_owner_only(alice, bob):
    chosen = {"voice": "espeak:en", "aspect": "9:16", "pages": 7, "music": "off", "caption_style": "none"}
    task_id = alice.new_task(topic="a brave owl", options={**chosen})
    plain = alice.new_task(topic="a shy fox", options={"aspect": "1:1", "music": None})  # null: not given
    bare = alice.new_task(topic="a quiet bear")
    assert alice.progress(task_id)["options"] == chosen
    assert alice.progress(plain)["options"] == {"aspect": "1:1"}
    assert alice.progress(bare)["options"] == {}
    listed = {task["task_id"]: task["options"] for task in alice.get("/api/task/mytasks").json["tasks"]}
    assert listed == {task_id: chosen, plain: {"aspect": "1:1"}, bare: {}}
    assert bob.get(f"/api/task/{task_id}/progress").status_code == 404
    assert bob.get("/api/task/mytasks").json["tasks"] == []


def test_options_come_with_a_story_of_your_own(alice):
    task_id = new_story(alice, aspect="9:16")
    state = alice.progress(task_id)
    assert (state["current_segment"], state["options"]) == (1, {"aspect": "9:16"})


# -- what each option changes --------------------------------------------------------------------
def test_each_option_overrides_its_settings_and_nothing_else():
    config = {**defaults(), "VIDEO_WIDTH": 1280, "VIDEO_HEIGHT": 720, "MUSIC_FILE": "/srv/bed.ogg"}
    assert setting_overrides({}, config, "en") == {}
    assert setting_overrides({"aspect": "9:16"}, config, "en") == {"VIDEO_WIDTH": 720, "VIDEO_HEIGHT": 1280}
    assert setting_overrides({"pages": 9}, config, "en") == {"STORY_PAGES": 9}
    assert setting_overrides({"music": "off"}, config, "en") == {"MUSIC": "off"}
    # asked for composed music: a server's MUSIC_FILE would otherwise win
    assert setting_overrides({"music": "generated"}, config, "en") == {"MUSIC": "generated", "MUSIC_FILE": ""}
    assert setting_overrides({"caption_style": "readalong"}, config, "en") == {"CAPTION_STYLE": "readalong"}
    assert setting_overrides({"voice": "espeak:en"}, config, "en") == {"TTS_PROVIDER": "espeak", "TTS_VOICE": "en-us"}
    assert setting_overrides({"voice": JOE}, {**config, "TTS_PROVIDER": "espeak"}, "en") == {
        "TTS_PROVIDER": "piper", "PIPER_VOICE": ""}
    # a voice the server stopped offering: the server's own voice speaks
    assert setting_overrides({"voice": "piper:gone"}, config, "en") == {}
    settings = story_settings(config, {"aspect": "1:1"}, "en")
    assert (settings["VIDEO_WIDTH"], settings["VIDEO_HEIGHT"], settings["VIDEO_FPS"]) == (1280, 1280, 24)


@pytest.mark.parametrize("configured, aspect, size", [
    ((1280, 720), "16:9", (1280, 720)), ((1280, 720), "9:16", (720, 1280)), ((1280, 720), "1:1", (1280, 1280)),
    ((720, 1280), "16:9", (1280, 720)), ((160, 90), "9:16", (90, 160)), ((854, 480), "9:16", (480, 854)),
    ((100, 64), "16:9", (100, 64)),    # never below the 64 pixels VIDEO_HEIGHT allows
])
def test_the_long_side_follows_the_configured_frame(configured, aspect, size):
    width, height = frame_size(aspect, *configured)
    assert (width, height) == size and width % 2 == 0 and height % 2 == 0


def test_a_portrait_story_has_portrait_pictures_and_a_portrait_film(alice):
    folder = film(alice, new_story(alice, aspect="9:16"))
    for path in folder.outputs(2):
        with Image.open(path) as picture:
            assert picture.size == (90, 160)
    media = probe_media(folder.video_path)
    assert media["h264"] and media["size"] == (90, 160)
    square = film(alice, new_story(alice, aspect="1:1"), through=2)
    with Image.open(square.image_path(1)) as picture:
        assert picture.size == (160, 160)


@pytest.fixture
def musical_alice(make_app, app_config):
    """A user of a server whose films have the generated music bed (the default outside tests)."""
    from conftest import ApiUser

    return ApiUser(make_app({**app_config, "MUSIC": "generated"}).test_client(), "melody")


def test_music_off_leaves_the_pauses_silent_where_the_default_fills_them(musical_alice):
    quiet = film(musical_alice, new_story(musical_alice, music="off"))
    scored = film(musical_alice, new_story(musical_alice))
    for folder, check in ((quiet, lambda level: level < -70), (scored, lambda level: level > -45)):
        sound = decoded(folder.video_path)
        clips = timeline(folder).story_clips
        turns = [(one.end, two.start) for one, two in pairwise(clips) if one.page != two.page]
        assert len(turns) == 2
        for end, start in turns:
            level = rms_db(stretch(sound, end + 0.3, start - 0.3))
            assert check(level), (folder.task_id, level)


def seconds(samples: bytes, rate: int = 22050) -> float:
    return len(samples) / 2 / rate


def test_the_voice_option_chooses_who_narrates(alice, make_app, app_config, monkeypatch):
    spoken_by_piper = []
    original = PiperTTS.synthesize_many_timed

    def spy(self, texts, language):
        spoken_by_piper.append(len(texts := list(texts)))
        return original(self, texts, language)

    monkeypatch.setattr(PiperTTS, "synthesize_many_timed", spy)
    # Piper's durations vary from run to run (its duration noise: 1.97-2.15 s for this sentence), but each
    # engine keeps its own pace: the bundled voice says the sentence in ~2.0 s, espeak-ng in ~2.4 s
    by_espeak = seconds(normalize_speech(EspeakTTS(voice="en-us").synthesize(FIRST_SENTENCE, "en")).raw_data)
    by_piper = seconds(normalize_speech(PiperTTS().synthesize(FIRST_SENTENCE, "en")).raw_data)
    assert by_piper < by_espeak
    # this server speaks with espeak-ng: the option brings in Piper
    piper = film(alice, new_story(alice, voice=JOE), through=4)
    rate, samples = read_wav(piper.speech_path(1, 1))
    assert spoken_by_piper == [7] and rate == 22050          # six sentences and the title, in one batch
    assert abs(seconds(samples) - by_piper) < abs(seconds(samples) - by_espeak)   # Piper's pace, not espeak-ng's
    # a Piper server: the option brings in espeak-ng
    from conftest import ApiUser

    carol = ApiUser(make_app({**app_config, "TTS_PROVIDER": "piper"}).test_client(), "carol")
    spoken_by_piper.clear()
    espeak = film(carol, new_story(carol, voice="espeak:en"), through=4)
    rate, samples = read_wav(espeak.speech_path(1, 1))
    assert spoken_by_piper == [] and rate == 22050
    assert abs(seconds(samples) - by_espeak) < abs(seconds(samples) - by_piper)   # espeak-ng's pace


def test_the_pages_option_reaches_the_writer(alice, monkeypatch):
    seen = []
    original = OfflineWriter.from_config.__func__

    def spy(cls, config):
        seen.append(config["STORY_PAGES"])
        return original(cls, config)

    monkeypatch.setattr(OfflineWriter, "from_config", classmethod(spy))
    for options, pages in (({"pages": 7}, 7), ({}, 0)):
        task_id = alice.new_task(topic="a brave owl", options=options)
        assert alice.run(task_id, 1)["status"] == "completed"
        assert seen[-1] == pages


@pytest.mark.parametrize("pages", [6, 16])
def test_pages_gives_that_many_pages(alice, app, pages):
    task_id = alice.new_task(topic="a brave owl", options={"pages": pages})
    assert alice.run(task_id, 1)["status"] == "completed"
    story = json.loads(StoryDir(app.config["BASE_DIR"], task_id).story_json.read_text(encoding="utf-8"))
    assert len(story["pages"]) == pages


# -- voices and previews ---------------------------------------------------------------------------
def test_voices_lists_what_this_server_can_speak_per_language(alice, tmp_path):
    voices = alice.get("/api/voices").json["voices"]
    assert [(v["name"], v["language"], v["default"]) for v in voices] == [
        (JOE, "en", False), ("espeak:en", "en", True), ("espeak:cmn", "zh", True)]  # the test server: espeak
    # a server with its own Piper voices and a remote speech server
    own = tmp_path / "my_voice.onnx"
    shutil.copy(bundled_voice(), own)
    shutil.copy(bundled_voice().with_name(bundled_voice().name + ".json"), tmp_path / "my_voice.onnx.json")
    config = {**defaults(), "PIPER_VOICE": str(own)}
    assert [(v.name, v.language) for v in list_voices(config)] == [
        (JOE, "en"), ("piper:my_voice", "en"), ("espeak:en", "en"), ("espeak:cmn", "zh")]
    assert (default_voice(config, "en"), default_voice(config, "zh")) == ("piper:my_voice", "espeak:cmn")
    remote = {**defaults(), "TTS_PROVIDER": "openai", "TTS_VOICE": "nova", "TTS_VOICE_ZH": "shimmer"}
    assert [(v.name, v.language) for v in list_voices(remote)][-2:] == [("openai:nova", "en"), ("openai:shimmer", "zh")]
    assert setting_overrides({"voice": "openai:shimmer"}, remote, "zh") == {
        "TTS_PROVIDER": "openai", "TTS_VOICE": "nova", "TTS_VOICE_ZH": "shimmer"}
    assert (default_voice(remote, "en"), default_voice(remote, "zh")) == ("openai:nova", "openai:shimmer")


def test_a_voice_preview_is_that_voice_reading_a_line_made_once(alice, app, client):
    response = alice.get("/api/voices/espeak:en/preview")
    assert response.status_code == 200 and response.mimetype == "audio/wav"
    assert "private" in response.headers["Cache-Control"]
    expected = normalize_speech(EspeakTTS(voice="en-us").synthesize(PREVIEW_TEXT["en"], "en"))
    path = app.config["BASE_DIR"] + "/preview.wav"
    with open(path, "wb") as out:
        out.write(response.data)
    rate, samples = read_wav(path)   # espeak-ng's samples differ a little from call to call, not its pace
    assert rate == 22050 and abs(seconds(samples) - seconds(expected.raw_data)) < 0.03 * seconds(expected.raw_data)
    assert 2.0 < seconds(samples) < 8.0
    cached = list((StoryDir(app.config["BASE_DIR"], 1).base_dir / "voice_previews").glob("*.wav"))
    assert len(cached) == 1
    cached[0].write_bytes(response.data[:44] + b"\0\0" * 100)   # the second answer comes from the file
    assert alice.get("/api/voices/espeak%3Aen/preview").data == response.data[:44] + b"\0\0" * 100
    chinese = alice.get("/api/voices/espeak:cmn/preview")
    assert chinese.status_code == 200 and chinese.data != response.data
    assert alice.get("/api/voices/espeak:cmn/preview?language=en").status_code == 404
    assert alice.get("/api/voices/nobody/preview").status_code == 404
    assert alice.get("/api/voices/espeak:en/preview?language=fr").status_code == 400
    assert client.get("/api/voices/espeak:en/preview").status_code == 401
    assert client.get("/api/voices").status_code == 401


def test_a_voice_that_cannot_speak_answers_503_and_is_not_asked_again_at_once(make_app, app_config, monkeypatch):
    from conftest import ApiUser
    from storyagent import voices

    # a remote speech server that is down (nothing listens on port 9), asked once without retries
    remote = {**app_config, "TTS_PROVIDER": "openai", "TTS_BASE_URL": "http://127.0.0.1:9/v1", "TTS_MODEL": "tts-1",
              "TTS_VOICE": "nova", "PROVIDER_RETRIES": 0}
    dana = ApiUser(make_app(remote).test_client(), "dana")
    assert [v["name"] for v in dana.get("/api/voices").json["voices"]][-2:] == ["openai:nova", "openai:nova"]
    asked = []
    original = voices._synthesize_preview
    monkeypatch.setattr(voices, "_synthesize_preview", lambda *args: asked.append(1) or original(*args))
    first = dana.get("/api/voices/openai:nova/preview")
    assert first.status_code == 503 and "cannot speak right now" in first.json["detail"]
    assert first.headers["Retry-After"] == "60"
    again = dana.get("/api/voices/openai:nova/preview")
    assert again.status_code == 503 and 1 <= int(again.headers["Retry-After"]) <= 60
    assert asked == [1]
    # the built-in voices of the same server still speak
    assert dana.get("/api/voices/espeak:en/preview").status_code == 200

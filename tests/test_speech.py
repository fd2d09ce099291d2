"""Segment 4, Speech: Piper (default) and espeak-ng clips read back as real, clean, correctly timed WAVs."""
from __future__ import annotations

import json
import re
import threading
import wave
from array import array
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from storyagent.audio import AudioSegment, SPEECH_SAMPLE_RATE, normalize_speech, wav_duration, write_wav_atomic
from storyagent.pipeline import SegmentError, segment_function
from storyagent.config import defaults
from storyagent.providers import ProviderConfigError, check_providers
from storyagent.providers.tts import EspeakTTS
from storyagent.providers.tts_piper import VOICES, PiperTTS, bundled_voice

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


@pytest.mark.parametrize("provider,language,pages", [("piper", "en", ENGLISH_PAGES), ("piper", "zh", CHINESE_PAGES),
                                                      ("espeak", "en", ENGLISH_PAGES), ("espeak", "zh", CHINESE_PAGES)])
def test_every_sentence_becomes_a_clean_mono_16_bit_wav(make_context, story_dir, provider, language, pages):
    written, timing, _ = run_speech(make_context, story_dir, pages, language, TTS_PROVIDER=provider)

    expected = [(p, n) for p, sentences in enumerate(pages, start=1) for n in range(1, len(sentences) + 1)]
    assert written == [story_dir.speech_path(p, n) for p, n in expected]
    for path in written:
        channels, width, rate, samples = read_wav(path)
        assert (channels, width, rate) == (1, 2, SPEECH_SAMPLE_RATE) == (1, 2, 22050)
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
        segment_function(4)(make_context(TTS_PROVIDER="espeak", TTS_VOICE="no-such-voice"))
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


# -- Piper, the default narrator ------------------------------------------------------------------

@pytest.fixture
def piper_calls(monkeypatch):
    """Every (voice model, text, audio) Piper produces, recorded around PiperVoice.synthesize."""
    from piper import PiperVoice

    calls = []
    original = PiperVoice.synthesize

    def recording(voice, text, *args, **kwargs):
        chunks = list(original(voice, text, *args, **kwargs))
        calls.append((voice, text, [chunk.audio_int16_array.copy() for chunk in chunks]))
        return iter(chunks)

    monkeypatch.setattr(PiperVoice, "synthesize", recording)
    return calls


@pytest.fixture
def espeak_calls(monkeypatch):
    """Every (text, voice, audio) espeak-ng produces (its output jitters by a few samples run to run).

    (the library returns the audio with its word events, TimedSpeech)
    """
    from storyagent.providers import tts

    calls = []
    original = tts._ESPEAK.synthesize

    def recording(text, voice, rate):
        clip = original(text, voice, rate)
        calls.append((text, voice, clip.audio))
        return clip

    monkeypatch.setattr(tts._ESPEAK, "synthesize", recording)
    return calls


def linked_voice(tmp_path, name="my-voice", config_change=None):
    """A Piper voice the way a user keeps one: some.onnx with some.onnx.json beside it (the bundled model)."""
    bundled = bundled_voice()
    model = tmp_path / f"{name}.onnx"
    model.symlink_to(bundled)
    config = json.loads(bundled.with_name(bundled.name + ".json").read_text(encoding="utf-8"))
    if config_change:
        config_change(config)
    model.with_name(model.name + ".json").write_text(json.dumps(config), encoding="utf-8")
    return model


def test_default_narration_is_the_bundled_piper_voice(make_context, story_dir, piper_calls):
    written, _, _ = run_speech(make_context, story_dir, ENGLISH_PAGES)

    sentences = [text for page in ENGLISH_PAGES for text in page]
    assert sorted(text for _, text, _ in piper_calls) == sorted(sentences)   # two at a time: any order
    assert {VOICES.model_of(voice).name for voice, _, _ in piper_calls} == {"en_US-joe-medium.onnx"}
    assert len({id(voice) for voice, _, _ in piper_calls}) == 1
    said_by_text = {text: (voice, chunks) for voice, text, chunks in piper_calls}
    for path, text in zip(written, sentences, strict=True):
        voice, chunks = said_by_text[text]
        _, _, rate, samples = read_wav(path)
        assert rate == voice.config.sample_rate == 22050
        # the WAV is exactly what the voice said, brought to the common level
        said = AudioSegment(data=np.concatenate(chunks).tobytes(), sample_width=2, frame_rate=22050, channels=1)
        assert list(samples) == list(array("h", normalize_speech(said).raw_data))


def test_the_voice_is_loaded_once_per_process(make_context, story_dir, piper_calls):
    short_pages = [["Mimi was lost."], ["The end."]]
    run_speech(make_context, story_dir, short_pages)
    loads = VOICES.loads
    run_speech(make_context, story_dir, short_pages)
    PiperTTS.from_config(defaults()).synthesize("Once more.", "en")

    assert VOICES.loads == loads
    assert len({id(voice) for voice, _, _ in piper_calls}) == 1


def test_chinese_uses_espeak_cmn_unless_a_chinese_piper_voice_is_set(make_context, story_dir, piper_calls,
                                                                   espeak_calls, tmp_path):
    written, _, _ = run_speech(make_context, story_dir, CHINESE_PAGES, "zh")
    assert piper_calls == [] and [(text, voice) for text, voice, _ in espeak_calls] == [
        (text, "cmn") for text in CHINESE_PAGES[0]]
    for path, (_, _, clip) in zip(written, espeak_calls, strict=True):
        assert list(read_wav(path)[3]) == list(array("h", normalize_speech(clip).raw_data))

    espeak_calls.clear()   # (the English voice reads Chinese slowly, letter by letter: one short sentence)
    run_speech(make_context, story_dir, [["小猫。"]], "zh", PIPER_VOICE_ZH=str(linked_voice(tmp_path)))
    assert [text for _, text, _ in piper_calls] == ["小猫。"] and espeak_calls == []


def test_speaking_rate_and_sentence_silence_are_settings():
    text = "The little fox ran all the way down the hill to the river."
    slow = PiperTTS.from_config({"PIPER_LENGTH_SCALE": 1.5}).synthesize(text, "en")
    fast = PiperTTS.from_config({"PIPER_LENGTH_SCALE": 0.7}).synthesize(text, "en")
    assert len(slow) > 1.5 * len(fast)   # 1.5 / 0.7 over the words; measured 1.70-1.77 with the edges

    two = "Mimi was lost. She asked the owl."
    tight = PiperTTS.from_config({"PIPER_SENTENCE_SILENCE": 0}).synthesize(two, "en")
    spaced = PiperTTS.from_config({"PIPER_SENTENCE_SILENCE": 1.0}).synthesize(two, "en")
    assert longest_silence(spaced) == pytest.approx(1.0, abs=0.05) and longest_silence(tight) < 0.2


def longest_silence(clip) -> float:
    """Seconds of the longest run of exact zeros: the gap put between sentences (speech is never that still)."""
    silent = np.concatenate([[0], (np.frombuffer(clip.raw_data, dtype=np.int16) == 0).astype(np.int8), [0]])
    edges = np.flatnonzero(np.diff(silent))
    return float((edges[1::2] - edges[::2]).max(initial=0)) / clip.frame_rate


def test_many_sentences_at_once_stay_whole_and_in_order():
    tts = PiperTTS.from_config({"PIPER_WORKERS": 3})
    texts = ["Hi.", "Mimi was lost in the forest for a very long time.", "The end.",
             "She walked until the sun went down behind the hills."]
    alone = [len(tts.synthesize(text, "en")) for text in texts]
    together = [len(clip) for clip in tts.synthesize_many(texts, "en")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda text: len(tts.synthesize(text, "en")), texts))
    # Piper renders a sentence a little differently each time (measured: up to 1.2x for "The end."),
    # but a clip cut short or run into another would be off by far more
    for one, many, threads in zip(alone, together, threaded, strict=True):
        assert 0.7 < many / one < 1.4 and 0.7 < threads / one < 1.4
    assert min(together[1], together[3]) > 2.5 * max(together[0], together[2])   # in the order asked


def test_stopping_early_leaves_no_sentence_running():
    tts = PiperTTS.from_config({"PIPER_WORKERS": 2})
    clips = tts.synthesize_many(["One.", "Two.", "Three.", "Four.", "Five."], "en")
    assert len(next(clips)) > 0
    clips.close()
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("piper")]


def test_the_rewritten_vocoder_says_exactly_what_the_voice_model_says():
    """The model onnxruntime runs (vocoder lifted to 2-D convolutions, phoneme durations as a second output)
    gives the original's samples, noise off, and durations that add up to the clip."""
    import onnxruntime
    from piper import PiperConfig, PiperVoice, SynthesisConfig

    from storyagent.providers.piper_model import model_for_session

    model = bundled_voice()
    config = PiperConfig.from_dict(json.loads(model.with_name(model.name + ".json").read_text(encoding="utf-8")))
    steady = SynthesisConfig(length_scale=1.15, noise_scale=0.0, noise_w_scale=0.0)
    said = []
    with model_for_session(model) as rewritten:
        assert rewritten != str(model)   # the bundled voice fits the rewrite
        for source in (str(model), rewritten):
            voice = PiperVoice(session=onnxruntime.InferenceSession(source, providers=["CPUExecutionProvider"]),
                               config=config)
            said.append(list(voice.synthesize("Mimi asked the wise old owl for help.", steady,
                                              include_alignments=True)))
    assert not Path(rewritten).exists()   # the rewritten copy lives only while the session is made
    (original_chunk,), (lifted_chunk,) = said
    assert original_chunk.phoneme_alignments is None     # the voice as shipped cannot say
    lengths = [alignment.num_samples for alignment in lifted_chunk.phoneme_alignments]
    assert sum(lengths) == len(lifted_chunk.audio_float_array) and lifted_chunk.phoneme_alignments[1].phoneme == "m"
    original, lifted = original_chunk.audio_float_array, lifted_chunk.audio_float_array
    assert len(original) == len(lifted) > 22050
    assert np.sqrt(np.mean(original ** 2)) > 0.05   # speech, not silence
    assert np.max(np.abs(original - lifted)) < 1e-4   # float rounding only (measured 7e-7)


@pytest.mark.parametrize("names, ops, fits", [
    (["/dec/conv/Conv", "/dec/LeakyRelu"], ["Conv", "LeakyRelu"], True),
    (["/enc/conv/Conv", "/enc/LeakyRelu"], ["Conv", "LeakyRelu"], False),     # no vocoder
    (["/dec/conv/Conv", "/dec/Reshape"], ["Conv", "Reshape"], False)])         # a step that depends on the rank
def test_only_a_vocoder_of_convolutions_and_element_wise_steps_is_rewritten(tmp_path, names, ops, fits):
    import onnx
    import onnxruntime
    from onnx import TensorProto, helper, numpy_helper

    from storyagent.providers.piper_model import model_for_session

    rng = np.random.default_rng(1)
    weight = numpy_helper.from_array(rng.standard_normal((4, 2, 3)).astype(np.float32), "weight")
    shape = numpy_helper.from_array(np.array([1, -1], dtype=np.int64), "shape")
    conv = helper.make_node("Conv", ["x", "weight"], ["y"], name=names[0], kernel_shape=[3], pads=[1, 1], dilations=[1])
    last = helper.make_node(ops[1], ["y", "shape"] if ops[1] == "Reshape" else ["y"], ["z"], name=names[1])
    graph = helper.make_graph([conv, last], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, None])],
                              [helper.make_tensor_value_info("z", TensorProto.FLOAT, None)], [weight, shape])
    path = tmp_path / "tiny.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))

    x = rng.standard_normal((1, 2, 50)).astype(np.float32)
    with model_for_session(path) as source:
        assert (source != str(path)) is fits
        lifted = onnx.load(source)
        run = [onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
               for model in (str(path), source)]
    assert [len(tensor.dims) for tensor in lifted.graph.initializer if tensor.name == "weight"] == [4 if fits else 3]
    assert run[0].shape == run[1].shape and np.allclose(run[0], run[1], atol=1e-5)


def test_a_free_worker_goes_on_to_the_next_sentences_while_a_long_one_is_spoken(monkeypatch):
    """No worker waits for the sentence ahead of it: the first sentence is held until two later ones are done."""
    from piper import PiperVoice

    later_done, spoken = threading.Event(), []
    original = PiperVoice.synthesize

    def speak(voice, text, *args, **kwargs):
        if text == "One.":
            # a generous guard, never reached when the queue is right: the test then fails instead of hanging
            spoken.append(("the others were done first", later_done.wait(timeout=120)))
        chunks = list(original(voice, text, *args, **kwargs))
        spoken.append(text)
        if {"Two.", "Three."} <= set(spoken):
            later_done.set()
        return iter(chunks)

    monkeypatch.setattr(PiperVoice, "synthesize", speak)
    clips = list(PiperTTS.from_config({"PIPER_WORKERS": 2}).synthesize_many(["One.", "Two.", "Three."], "en"))

    assert ("the others were done first", True) in spoken
    assert spoken[-1] == "One." and all(len(clip) > 200 for clip in clips)   # ms: every clip is speech


@pytest.mark.parametrize("settings, message", [
    ({"PIPER_VOICE": "/nowhere/voice.onnx"}, "PIPER_VOICE='/nowhere/voice.onnx' is not a Piper voice"),
    ({"PIPER_LENGTH_SCALE": "fast"}, "PIPER_LENGTH_SCALE='fast': Not a valid number"),
    ({"PIPER_LENGTH_SCALE": 9}, "PIPER_LENGTH_SCALE=9"),
    ({"PIPER_WORKERS": 0}, "PIPER_WORKERS=0")])
def test_bad_piper_settings_fail_at_start(settings, message):
    with pytest.raises(ProviderConfigError, match=re.escape(message)):
        check_providers({**defaults(), **settings})


def test_voice_files_are_checked(tmp_path):
    lonely = tmp_path / "lonely.onnx"
    lonely.write_bytes(b"not a model")
    with pytest.raises(ProviderConfigError, match="lonely.onnx.json is missing"):
        PiperTTS.from_config({"PIPER_VOICE": str(lonely)})
    pinyin = linked_voice(tmp_path, "pinyin", lambda config: config.update(phoneme_type="pinyin"))
    with pytest.raises(ProviderConfigError, match="PIPER_VOICE_ZH: pinyin.onnx uses 'pinyin' phonemes"):
        PiperTTS.from_config({"PIPER_VOICE_ZH": str(pinyin)})
    assert PiperTTS.from_config({"PIPER_VOICE": str(linked_voice(tmp_path))}).synthesize("Hello.", "en").rms > 100


def test_espeak_when_chosen_is_exactly_espeak(make_context, story_dir, piper_calls, espeak_calls):
    written, _, _ = run_speech(make_context, story_dir, ENGLISH_PAGES, TTS_PROVIDER="espeak")
    assert piper_calls == []
    assert [(text, voice) for text, voice, _ in espeak_calls] == [
        (text, "en-us") for page in ENGLISH_PAGES for text in page]
    for path, (_, _, clip) in zip(written, espeak_calls, strict=True):
        assert list(read_wav(path)[3]) == list(array("h", normalize_speech(clip).raw_data))

// The new-story form's options (voice with a spoken sample, shape, length, music, captions), and
// how a task's chosen options read in its details.
import { api } from "./api.js";
import { announce, byId, h, showError, whileBusy } from "./dom.js";
import { plainError } from "./words.js";

const MIN_PAGES = 6;
const MAX_PAGES = 16;
const ASPECT_WORDS = { "16:9": "Wide 16:9", "9:16": "Tall 9:16", "1:1": "Square 1:1" };
const MUSIC_WORDS = { generated: "Gentle music", off: "No music" };
const CAPTION_WORDS = {
  sentence: "In the picture, a sentence at a time",
  readalong: "Read-along, the spoken word highlighted",
  none: "Not in the picture (a captions track)",
};

let voices = []; // from GET /api/voices
const samples = new Map(); // "name|language" -> object URL of its sample, fetched once per page

/** Fill the length choices once (6-16 pages after "the writer chooses"). */
function fillPages() {
  const select = byId("story-pages");
  if (select.options.length > 1) return;
  for (let pages = MIN_PAGES; pages <= MAX_PAGES; pages += 1) {
    select.append(h("option", { value: String(pages) }, `${pages} pages`));
  }
}

/** Load the server's voices and offer those of the chosen language. A failure leaves the default voice. */
export async function loadVoices() {
  fillPages();
  try {
    voices = (await api.voices()).voices || [];
  } catch (error) {
    voices = [];
    if (error?.status !== 401) console.warn("voices unavailable", error);
  }
  offerVoices();
}

/** The voices of the form's language, the server's default first ("" sends no voice option). */
export function offerVoices() {
  const language = byId("language").value || "en";
  const select = byId("voice");
  const kept = select.value;
  const mine = voices.filter((voice) => voice.language === language);
  const fallback = mine.find((voice) => voice.default);
  select.replaceChildren(
    h("option", { value: "" }, fallback ? `${fallback.label}, the usual` : "The usual voice"),
    ...mine.filter((voice) => voice !== fallback).map((voice) => h("option", { value: voice.name }, voice.label)),
  );
  select.value = mine.some((voice) => voice.name === kept) ? kept : "";
  byId("voice-preview-button").disabled = !fallback && !select.value;
  const audio = byId("voice-preview");
  audio.pause();
  audio.hidden = true;
}

/** The name of the voice the form would use (the chosen one, else the server's default), or null. */
function chosenVoice(language) {
  const name = byId("voice").value;
  if (name) return name;
  return voices.find((voice) => voice.language === language && voice.default)?.name || null;
}

/** Fetch (once) and play a sample of the chosen voice. */
export async function playVoiceSample() {
  const language = byId("language").value || "en";
  const name = chosenVoice(language);
  if (!name) return;
  const audio = byId("voice-preview");
  await whileBusy([byId("voice-preview-button")], async () => {
    const key = `${name}|${language}`;
    try {
      if (!samples.has(key)) samples.set(key, URL.createObjectURL(await api.voicePreview(name, language)));
    } catch (error) {
      if (error?.status !== 401) showError(`Could not play a sample of this voice. ${plainError(error, "make it")}`);
      return;
    }
    audio.src = samples.get(key);
    audio.hidden = false;
    announce("Playing a sample of the voice.");
    try {
      await audio.play();
    } catch {
      /* autoplay refused: the player is shown, press play */
    }
  });
}

/** The form's options for POST /api/task/new (choices left at the server's default are left out). */
export function readOptions() {
  const options = {};
  for (const [key, id] of [["voice", "voice"], ["aspect", "aspect"], ["music", "music"], ["caption_style", "caption-style"]]) {
    const value = byId(id).value;
    if (value) options[key] = value;
  }
  const pages = byId("story-pages").value;
  if (pages) options.pages = Number(pages);
  return options;
}

/** Put the options back to their defaults, keeping the voice list of the language. */
export function resetOptions() {
  for (const id of ["voice", "aspect", "story-pages", "music", "caption-style"]) {
    const select = byId(id);
    select.selectedIndex = 0;
  }
  byId("aspect").value = "16:9";
  offerVoices();
}

/** [term, words] pairs for a task's details: what each chosen option means. */
export function describeOptions(options = {}) {
  const voice = voices.find((item) => item.name === options.voice);
  return [
    ["Voice", options.voice ? voice?.label || options.voice : null],
    ["Shape", ASPECT_WORDS[options.aspect] || null],
    ["Length", options.pages ? `${options.pages} pages` : null],
    ["Music", MUSIC_WORDS[options.music] || null],
    ["Captions", CAPTION_WORDS[options.caption_style] || null],
  ];
}

// The outputs of a task as they arrive: fetches each completed segment's files once (with the
// bearer token, as blobs), owns their object URLs (revoked when replaced), and renders the
// book (page text, picture, narration clips), the film and the download list. The film shows its
// captions once: burned into the picture (no track), or, for a clean film (caption style "none"),
// as a WebVTT track the viewer can switch on.
import { api } from "./api.js";
import { announce, byId, clearError, h, fileLabel, formatBytes, showError, whileBusy } from "./dom.js";
import { languageOf, plainError } from "./words.js";

const PARALLEL_DOWNLOADS = 4;
const ARCHIVE_URL_LIFETIME_MS = 60_000; // long enough for the browser to save the zip
const SHAPES = { "9:16": " is-tall", "1:1": " is-square" }; // picture frames of the aspect option
const PICTURE_RATIOS = { "9:16": 16 / 9, "1:1": 1 }; // height per width

/** Turn SubRip captions into WebVTT, the only format a <track> accepts. */
export function srtToVtt(srt) {
  const body = srt.replace(/\r/g, "").replace(/(\d{2}:\d{2}:\d{2}),(\d{3})/g, "$1.$2");
  return `WEBVTT\n\n${body}`;
}

async function mapLimited(items, limit, worker) {
  // Run worker over items with at most `limit` downloads in flight, keeping order.
  const results = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export class Results {
  constructor() {
    this.taskId = null;
    this.language = "en";
    this.captionStyle = null; // the task's caption_style option (null: the server's, burned in)
    this.aspect = null; // the task's aspect option: pictures keep that shape in the book
    this.segmentNames = {};
    this.epoch = 0; // bumped on every reset; loads started in an older epoch are thrown away
    this.loaded = new Map(); // segment -> {files: [{url, name, size, objectUrl}], data, extraUrls}
    this.loading = new Map(); // segment -> Promise
    this.renderedPagesKey = null;
    this.renderedVideoSrc = null;
    this.videoListeners = new Set();
  }

  /** Call fn() each time a film appears (to bring it into view on a phone). */
  onVideoShown(fn) {
    this.videoListeners.add(fn);
  }

  /** Point the view at a task (or null); switching tasks drops everything of the old one. */
  show(taskId, { language = "en", segmentNames = {}, captionStyle = null, aspect = null } = {}) {
    this.language = language;
    this.captionStyle = captionStyle;
    this.aspect = aspect;
    this.segmentNames = segmentNames;
    if (taskId === this.taskId) return;
    this.dropFrom(1);
    this.taskId = taskId;
    this.render();
  }

  /** Forget segments >= first (redo or a task that went backwards), revoking their blobs. */
  dropFrom(first) {
    this.epoch += 1;
    this.loading.clear();
    for (const [segment, entry] of [...this.loaded]) {
      if (segment < first) continue;
      entry.files.forEach((file) => URL.revokeObjectURL(file.objectUrl));
      (entry.extraUrls || []).forEach((url) => URL.revokeObjectURL(url));
      this.loaded.delete(segment);
    }
    this.render();
  }

  /** Make sure the files of segments 1..completed are loaded (and nothing later is shown). */
  async sync(completed) {
    const highest = Math.max(0, ...this.loaded.keys());
    if (highest > completed) this.dropFrom(completed + 1);
    const jobs = [];
    for (let segment = 1; segment <= completed; segment += 1) {
      if (this.loaded.has(segment)) continue;
      if (!this.loading.has(segment)) {
        const job = this.load(segment).finally(() => {
          if (this.loading.get(segment) === job) this.loading.delete(segment);
        });
        this.loading.set(segment, job);
      }
      jobs.push(this.loading.get(segment));
    }
    await Promise.all(jobs);
  }

  async load(segment) {
    const { taskId, epoch } = this;
    const stale = () => epoch !== this.epoch || taskId !== this.taskId;
    const created = [];
    try {
      const listing = await api.resources(taskId, segment);
      if (stale()) return;
      const files = await mapLimited(listing.urls || [], PARALLEL_DOWNLOADS, async (url) => {
        const blob = await api.download(url);
        const objectUrl = URL.createObjectURL(blob);
        created.push(objectUrl);
        return { url, blob, objectUrl, name: fileLabel(url, taskId), size: blob.size };
      });
      if (stale()) throw new DOMException("stale", "AbortError");
      const entry = await this.digest(segment, files, created);
      if (stale()) throw new DOMException("stale", "AbortError");
      files.forEach((file) => delete file.blob);
      this.loaded.set(segment, entry);
      this.render();
    } catch (error) {
      created.forEach((url) => URL.revokeObjectURL(url));
      if (error?.name === "AbortError" || stale()) return;
      if (error?.status === 401) return; // the session handler already says so
      const name = this.segmentNames[segment] || `segment ${segment}`;
      // an unreachable server's message goes by itself when it answers again (and sync() retries)
      showError(`Could not load the ${name} files. ${plainError(error, "send them")}`,
                { kind: error?.status === 0 ? "offline" : "error" });
    }
  }

  async digest(segment, files, created) {
    // Read what a segment's files mean for the page (parsed JSON, captions track).
    const entry = { files, data: null, extraUrls: [] };
    const find = (name) => files.find((file) => file.url.endsWith(`/${name}`));
    if (segment === 1 && find("story.json")) entry.data = JSON.parse(await find("story.json").blob.text());
    if (segment === 3 && find("split.json")) entry.data = JSON.parse(await find("split.json").blob.text());
    if (segment === 5) {
      const vtt = await this.captionsTrack(find("captions.vtt"), find("captions.srt"));
      if (vtt) {
        const trackUrl = URL.createObjectURL(vtt);
        created.push(trackUrl);
        entry.extraUrls.push(trackUrl);
      }
    }
    return entry;
  }

  /** The WebVTT track of a clean film (captions.vtt, else its SRT converted); none when captions are burned in.
   *  The Video segment writes captions.vtt in every style, so only the story's caption style decides. */
  async captionsTrack(vttFile, srtFile) {
    if (this.captionStyle !== "none") return null;
    if (vttFile) return new Blob([await vttFile.blob.text()], { type: "text/vtt" });
    if (srtFile) return new Blob([srtToVtt(await srtFile.blob.text())], { type: "text/vtt" });
    return null;
  }

  /** Object URL of the first loaded file of a segment whose path ends with `suffix`. */
  fileUrl(segment, suffix) {
    const file = this.loaded.get(segment)?.files.find((item) => item.url.endsWith(suffix));
    return file ? file.objectUrl : null;
  }

  render() {
    this.renderVideo();
    this.renderDownloads();
    this.renderBook();
    this.renderFiles();
  }

  /** Fetch the whole story as a zip (bearer token, so not a plain link) and hand it to the browser. */
  async downloadArchive() {
    const { taskId } = this;
    if (taskId === null) return;
    clearError();
    await whileBusy([byId("download-archive")], async () => {
      let blob;
      try {
        blob = await api.archive(taskId);
      } catch (error) {
        if (error.status === 409) showError("This story has no finished files yet. Run its first step, then download it.");
        else if (error.status !== 401) showError(plainError(error, "pack the story"));
        return;
      }
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: `story-${taskId}.zip`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), ARCHIVE_URL_LIFETIME_MS);
      announce("The whole story is downloading as a zip file.");
    });
  }

  renderDownloads() {
    // the three things people want, as buttons: the film, its captions, and everything as a zip
    const section = byId("downloads-section");
    section.hidden = this.loaded.size === 0;
    const video = this.loaded.get(5)?.files.find((file) => file.url.endsWith("/output.mp4"));
    const captions = this.loaded.get(5)?.files.find((file) => file.url.endsWith("/captions.srt"));
    const link = (id, file, words, kind) => {
      const anchor = byId(id);
      anchor.hidden = !file;
      if (!file) {
        anchor.removeAttribute("href");
        return;
      }
      anchor.href = file.objectUrl;
      anchor.download = `story${this.taskId}-${file.name}`;
      anchor.textContent = `${words} (${kind}, ${formatBytes(file.size)})`;
    };
    link("download-video", video, "Download video", "MP4");
    link("download-captions", captions, "Download captions", "SRT");
    byId("downloads-hint").textContent = video
      ? "The zip holds the story, pictures, narration, film and captions."
      : "The zip holds every file of the steps done so far; the film comes with the Video step.";
  }

  renderVideo() {
    const section = byId("video-section");
    const video = byId("video");
    const src = this.fileUrl(5, "/output.mp4");
    section.hidden = !src;
    if (src === this.renderedVideoSrc) return;
    this.renderedVideoSrc = src;
    video.querySelectorAll("track").forEach((track) => track.remove());
    if (!src) {
      video.removeAttribute("src");
      video.removeAttribute("poster");
      video.load();
      return;
    }
    const poster = this.fileUrl(5, "/cover.jpg");
    if (poster) video.poster = poster;
    else video.removeAttribute("poster");
    const trackUrl = this.loaded.get(5)?.extraUrls?.[0];
    if (trackUrl) {
      video.append(h("track", { kind: "captions", src: trackUrl, srclang: this.language, label: "Captions" }));
    }
    video.src = src;
    this.videoListeners.forEach((fn) => fn());
  }

  renderBook() {
    const story = this.loaded.get(1)?.data;
    const section = byId("book-section");
    section.hidden = !story;
    // Rebuild only when a segment was added or removed, so a playing clip is not cut off.
    const key = story ? [1, 2, 3, 4].map((segment) => (this.loaded.has(segment) ? segment : "-")).join("") : null;
    if (key === this.renderedPagesKey) return;
    this.renderedPagesKey = key;
    const list = byId("pages");
    list.replaceChildren();
    if (!story) return;
    const bookTitle = byId("book-title-text");
    bookTitle.textContent = story.title || "";
    const titleLang = languageOf(story.title, this.language === "zh" ? "zh" : null);
    if (titleLang) bookTitle.lang = titleLang;
    else bookTitle.removeAttribute("lang");
    const split = this.loaded.get(3)?.data;
    const hasImages = this.loaded.has(2);
    const hasSpeech = this.loaded.has(4);
    (story.pages || []).forEach((text, index) => {
      list.append(this.pageCard(index + 1, text, split, hasImages, hasSpeech));
    });
  }

  pageCard(page, text, split, hasImages, hasSpeech) {
    const picture = this.fileUrl(2, `/image/p${page}.png`);
    const figure = picture
      ? h("img", { src: picture, alt: text, lang: languageOf(text, this.language === "zh" ? "zh" : null),
                   loading: "lazy", width: 320, height: 320 * (PICTURE_RATIOS[this.aspect] || 9 / 16) })
      : h("div", { class: "picture-pending", "aria-hidden": "true" }, hasImages ? "No picture" : "Picture to come");
    const sentences = split?.pages?.find((entry) => Number(entry.page) === page)?.sentences || [];
    const clipFiles = hasSpeech
      ? (this.loaded.get(4)?.files || []).filter((file) => file.url.includes(`/speech/s${page}_`))
      : [];
    clipFiles.sort((a, b) => clipNumber(a.url) - clipNumber(b.url));
    const lang = this.language === "zh" ? "zh" : null;
    // Narrated pages read along: each sentence is the text, with its own player under it.
    const body = clipFiles.length
      ? h("ol", { class: "clip-list", lang }, clipFiles.map((file) => {
          const number = clipNumber(file.url);
          return h(
            "li",
            { class: "clip" },
            h("p", { class: "clip-text" }, sentences[number - 1] || `Sentence ${number}`),
            h("audio", { controls: true, preload: "metadata", src: file.objectUrl,
                         "aria-label": `Narration, page ${page}, sentence ${number}` }),
          );
        }))
      : h("p", { class: "page-text", lang }, text);
    return h(
      "li",
      { class: "page", "aria-label": `Page ${page}` },
      h("div", { class: `page-picture${SHAPES[this.aspect] || ""}` }, figure),
      h(
        "div",
        { class: "page-body" },
        h("p", { class: "page-number" }, `Page ${page}`),
        clipFiles.length && !sentences.length ? h("p", { class: "page-text", lang }, text) : null,
        body,
      ),
    );
  }

  renderFiles() {
    const container = byId("files");
    const segments = [...this.loaded.keys()].sort((a, b) => a - b);
    byId("files-section").hidden = segments.length === 0;
    const count = segments.reduce((sum, segment) => sum + this.loaded.get(segment).files.length, 0);
    byId("files-summary").textContent = `Every file, one by one (${count})`;
    container.replaceChildren(
      ...segments.map((segment) => {
        const name = this.segmentNames[segment] || `Segment ${segment}`;
        const links = this.loaded.get(segment).files.map((file) =>
          h(
            "li",
            {},
            h("a", { href: file.objectUrl, download: `story${this.taskId}-${file.name}` }, file.name),
            h("span", { class: "muted" }, ` ${formatBytes(file.size)}`),
          ),
        );
        return h(
          "section",
          { class: "file-group", "aria-label": `${name} files` },
          h("h3", {}, `${segment}. ${name}`),
          links.length ? h("ul", { class: "file-list" }, links) : h("p", { class: "muted" }, "No files."),
        );
      }),
    );
  }
}

function clipNumber(url) {
  const match = /_(\d+)\.wav$/.exec(url);
  return match ? Number(match[1]) : 0;
}

// "Edit story": write or fix the story text yourself (title, pages, add/remove a page) and save it
// with PUT /api/task/{id}/story. Saving completes step 1 (Story) with your text; if pictures or later
// steps exist they are reset (their files deleted) and made again from the new text.
import { api } from "./api.js";
import { byId, clearError, confirmAction, h, showError, whileBusy } from "./dom.js";

// the API's limits (storyagent/schemas.py StoryTextSchema)
export const LIMITS = { pages: 30, pageChars: 600, totalChars: 12000, titleChars: 200 };

/** The characters of the saved story whose names are still in the text, the hero first. */
export function rolesStillNamed(story, title, pages) {
  const roles = story?.roles || {};
  const text = [title, ...pages].join("\n");
  const names = Object.keys(roles).filter((name) => name && text.includes(name));
  const hero = story?.main_role;
  names.sort((a, b) => (b === hero) - (a === hero));
  return names.length ? Object.fromEntries(names.map((name) => [name, roles[name]])) : null;
}

/** What is wrong with the draft, page numbers from 1, or null when the API will take it. */
export function draftProblem(title, pages) {
  if (!title.trim()) return { field: "title", text: "Give the story a title." };
  if (title.length > LIMITS.titleChars) return { field: "title", text: `The title is longer than ${LIMITS.titleChars} characters.` };
  if (pages.length < 1 || pages.length > LIMITS.pages) return { field: "page-1", text: `A story has 1 to ${LIMITS.pages} pages.` };
  for (let index = 0; index < pages.length; index += 1) {
    if (!pages[index].trim()) return { field: `page-${index + 1}`, text: `Page ${index + 1} is empty: write something or remove the page.` };
    if (pages[index].length > LIMITS.pageChars) {
      return { field: `page-${index + 1}`, text: `Page ${index + 1} is longer than ${LIMITS.pageChars} characters.` };
    }
  }
  const total = pages.reduce((sum, page) => sum + page.length, 0);
  if (total > LIMITS.totalChars) return { field: "page-1", text: `The pages have ${total} characters; at most ${LIMITS.totalChars} in all.` };
  return null;
}

export class StoryEditor {
  /**
   * currentTask() returns the selected task (with current_segment, status, topic);
   * onSaved(taskId, story) runs after a successful save.
   */
  constructor({ currentTask, onSaved, segmentNames = () => ({}) }) {
    this.currentTask = currentTask;
    this.onSaved = onSaved;
    this.segmentNames = segmentNames;
    this.section = byId("story-editor");
    this.button = byId("edit-story-button");
    this.taskId = null;
    this.saved = null; // the story.json being edited (for its role sheet), or null for a fresh text
    this.opening = 0; // bumped per open(); a slow download for an older open is dropped
    this.problemShown = false; // the alert shows a draft problem found here
    this.button.addEventListener("click", () => this.open());
  }

  /** Keep the button and an open editor in step with the task: never editable while a step runs. */
  sync(task) {
    const running = task?.status === "running";
    this.button.disabled = !task || running;
    this.button.textContent = task && task.current_segment >= 1 ? "Edit story" : "Write your own story";
    if (this.isOpen() && task && task.task_id === this.taskId) {
      this.section.querySelectorAll("[data-save]").forEach((control) => {
        control.disabled = running;
      });
      byId("story-editor-running").hidden = !running;
    }
  }

  isOpen() {
    return !this.section.hidden;
  }

  /** Close without saving (also when another story is selected). */
  close({ restoreFocus = false } = {}) {
    this.opening += 1;
    this.section.hidden = true;
    this.section.replaceChildren();
    this.taskId = null;
    this.saved = null;
    if (restoreFocus && !this.button.disabled) this.button.focus();
  }

  async open() {
    const task = this.currentTask();
    if (!task || task.status === "running") return;
    clearError();
    const ticket = ++this.opening;
    let story = null;
    if (task.current_segment >= 1) {
      try {
        story = await whileBusy([this.button], () => loadStory(task.task_id));
      } catch (error) {
        if (ticket === this.opening && error.status !== 401) showError(error);
        return;
      }
    }
    if (ticket !== this.opening || this.currentTask()?.task_id !== task.task_id) return;
    this.taskId = task.task_id;
    this.saved = story;
    this.render(task, story);
    this.section.hidden = false;
    byId("story-editor-title").focus();
  }

  render(task, story) {
    const names = this.segmentNames();
    const later = Object.entries(names).filter(([id]) => Number(id) >= 2 && Number(id) <= task.current_segment)
      .map(([, name]) => name);
    const note = later.length
      ? h("p", { class: "editor-note is-warning", id: "story-editor-note" },
          `Saving replaces the story and redoes the later steps: ${later.join(", ")} will be reset and their files deleted. `
          + "Run them again afterwards to make the pictures, narration and film from your text.")
      : h("p", { class: "editor-note", id: "story-editor-note" },
          "Saving completes step 1 (Story) with your text; the pictures are made from it next.");
    const pages = story?.pages?.length ? story.pages : [""];
    const title = story?.title ?? (task.topic || "");
    const form = h("form", { class: "stack", id: "story-editor-form", novalidate: true, "aria-describedby": "story-editor-note" },
      h("div", { class: "field" },
        h("label", { for: "story-editor-title-input" }, "Title"),
        h("input", { id: "story-editor-title-input", name: "title", maxlength: String(LIMITS.titleChars), required: true, value: title })),
      h("ol", { class: "editor-pages", id: "story-editor-pages" }),
      h("div", { class: "row" },
        h("button", { type: "button", class: "button", id: "story-editor-add", "data-save": "", onclick: () => this.addPage("") }, "Add page"),
        h("p", { class: "hint editor-total", id: "story-editor-total", "aria-live": "polite" })),
      this.rolesLine(story),
      h("p", { class: "editor-note is-warning", id: "story-editor-running", role: "status", hidden: true },
        "A step is running; wait for it to finish before saving."),
      h("div", { class: "row" },
        h("button", { type: "submit", class: "button primary", id: "story-editor-save", "data-save": "" }, "Save story"),
        h("button", { type: "button", class: "button", id: "story-editor-cancel", onclick: () => this.close({ restoreFocus: true }) }, "Cancel")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    form.addEventListener("input", () => this.updateCounts());
    this.section.replaceChildren(
      h("h2", { id: "story-editor-title", tabindex: "-1" }, task.current_segment >= 1 ? "Edit the story" : "Write your own story"),
      note,
      form,
    );
    pages.forEach((text) => this.addPage(text, { focus: false }));
    this.updateCounts();
  }

  rolesLine(story) {
    const roles = story?.roles || {};
    const names = Object.keys(roles);
    if (!names.length) {
      return h("p", { class: "hint", id: "story-editor-roles" },
        "The main character and how they look are read from your text when you save.");
    }
    return h("p", { class: "hint", id: "story-editor-roles" },
      `Characters: ${names.map((name) => `${name} (${roles[name]})`).join("; ")}. `
      + "They are kept while their names are in the text; otherwise the main character is read from your text.");
  }

  pageItems() {
    return [...byId("story-editor-pages").children];
  }

  addPage(text, { focus = true } = {}) {
    const list = byId("story-editor-pages");
    if (list.children.length >= LIMITS.pages) return;
    const item = h("li", { class: "editor-page" },
      h("label", { class: "editor-page-label" }),
      // tall enough for the page's text (about 40 characters a line on a phone)
      h("textarea", { rows: String(Math.min(10, Math.max(3, Math.ceil(text.length / 40) + 1))),
                      maxlength: String(LIMITS.pageChars), class: "editor-page-text" }),
      h("div", { class: "row editor-page-foot" },
        h("span", { class: "hint editor-page-count" }),
        h("button", { type: "button", class: "button subtle small editor-remove", "data-save": "" }, "Remove page")));
    item.querySelector("textarea").value = text;
    item.querySelector(".editor-remove").addEventListener("click", () => this.removePage(item));
    list.append(item);
    this.renumber();
    if (focus) item.querySelector("textarea").focus();
  }

  removePage(item) {
    const items = this.pageItems();
    if (items.length <= 1) return;
    const index = items.indexOf(item);
    item.remove();
    this.renumber();
    const next = this.pageItems()[Math.min(index, this.pageItems().length - 1)];
    next.querySelector("textarea").focus();
  }

  renumber() {
    this.pageItems().forEach((item, index) => {
      const number = index + 1;
      const area = item.querySelector("textarea");
      area.id = `story-editor-page-${number}`;
      item.querySelector("label").htmlFor = area.id;
      item.querySelector("label").textContent = `Page ${number}`;
      item.querySelector(".editor-remove").setAttribute("aria-label", `Remove page ${number}`);
    });
    this.updateCounts();
  }

  draft() {
    return {
      title: byId("story-editor-title-input").value.trim(),
      pages: this.pageItems().map((item) => item.querySelector("textarea").value.trim()),
    };
  }

  updateCounts() {
    const items = this.pageItems();
    let total = 0;
    items.forEach((item) => {
      const length = item.querySelector("textarea").value.trim().length;
      total += length;
      item.querySelector(".editor-page-count").textContent = `${length} / ${LIMITS.pageChars}`;
      item.querySelector(".editor-remove").disabled = items.length <= 1 || this.currentTask()?.status === "running";
    });
    byId("story-editor-add").disabled = items.length >= LIMITS.pages || this.currentTask()?.status === "running";
    const totalLine = byId("story-editor-total");
    totalLine.textContent = `${items.length} of ${LIMITS.pages} pages, ${total.toLocaleString()} of `
      + `${LIMITS.totalChars.toLocaleString()} characters`;
    totalLine.classList.toggle("is-over", total > LIMITS.totalChars);
    if (this.problemShown) {
      const { title, pages } = this.draft();
      if (!draftProblem(title, pages)) {
        this.problemShown = false;
        clearError(); // the problem pointed out on saving is fixed
      }
    }
  }

  async save() {
    const task = this.currentTask();
    if (!task || task.task_id !== this.taskId || task.status === "running") return;
    clearError();
    const { title, pages } = this.draft();
    const problem = draftProblem(title, pages);
    if (problem) {
      this.problemShown = true;
      showError(problem.text);
      byId(problem.field === "title" ? "story-editor-title-input" : `story-editor-${problem.field}`)?.focus();
      return;
    }
    if (task.current_segment >= 2) {
      const confirmed = await confirmAction({
        title: "Save the story and redo the later steps?",
        text: "The pictures and everything made after them will be deleted and made again from your text.",
        confirmLabel: "Save and reset",
      });
      if (!confirmed) return;
    }
    const body = { title, pages };
    const roles = rolesStillNamed(this.saved, title, pages);
    if (roles) body.roles = roles;
    const taskId = this.taskId;
    await whileBusy([byId("story-editor-save"), byId("story-editor-cancel")], async () => {
      let story;
      try {
        story = await api.putStory(taskId, body);
      } catch (error) {
        if (error.status !== 401) showError(error);
        return;
      }
      this.close();
      await this.onSaved(taskId, story);
    });
  }
}

/** Read the task's story.json through the resource API (the only way files leave the server). */
async function loadStory(taskId) {
  const listing = await api.resources(taskId, 1);
  const url = (listing.urls || []).find((item) => item.endsWith("/story.json"));
  if (!url) return null;
  const blob = await api.download(url);
  return JSON.parse(await blob.text());
}

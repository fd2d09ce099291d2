// The list of the user's stories (newest first, as the API gives them) and the new-story form.
import { byId, h } from "./dom.js";
import { readOptions, resetOptions } from "./story_options.js";
import { describeTask, statusWord } from "./workflow.js";
import { languageOf } from "./words.js";

let listSignature = "";

/** Render the task list; each entry is a link to #task-<id>, the selected one marked current. */
export function renderTaskList(tasks, workflow, selectedId) {
  const names = Object.fromEntries(workflow.map((step) => [step.id, step.name]));
  const total = workflow.length || 5;
  const list = byId("task-list");
  byId("task-list-empty").hidden = tasks.length > 0;
  // Polling calls this often: rebuild only on a visible change, and keep keyboard focus.
  const signature = JSON.stringify([selectedId, total, tasks.map((task) =>
    [task.task_id, task.topic, statusWord(task, total), task.current_segment, task.running_segment])]);
  if (signature === listSignature) return;
  listSignature = signature;
  const focusedId = list.contains(document.activeElement) ? document.activeElement.dataset.taskId : null;
  list.replaceChildren(
    ...tasks.map((task) => {
      const selected = task.task_id === selectedId;
      const word = statusWord(task, total);
      return h(
        "li",
        {},
        h(
          "a",
          {
            href: `#task-${task.task_id}`,
            class: `task-link${selected ? " is-selected" : ""}`,
            "aria-current": selected ? "page" : null,
            "data-task-id": String(task.task_id),
          },
          h("span", { class: "task-link-topic", lang: languageOf(task.topic) }, task.topic || `Story ${task.task_id}`),
          h(
            "span",
            { class: "task-link-meta" },
            h("span", { class: `badge is-${word}` }, word),
            " ",
            h("span", {}, describeTask(task, names, total)),
          ),
        ),
      );
    }),
  );
  if (focusedId) list.querySelector(`[data-task-id="${focusedId}"]`)?.focus();
}

/** Read the new-story form into the body of POST /api/task/new (empty optionals and default options left out). */
export function readNewTaskForm() {
  const form = byId("new-task-form");
  const data = new FormData(form);
  const body = { topic: String(data.get("topic") || "").trim(), language: String(data.get("language") || "en") };
  for (const key of ["main_role", "scene"]) {
    const value = String(data.get(key) || "").trim();
    if (value) body[key] = value;
  }
  const options = readOptions();
  if (Object.keys(options).length) body.options = options;
  return body;
}

export function resetNewTaskForm() {
  const form = byId("new-task-form");
  const language = byId("language").value;
  form.reset();
  byId("language").value = language; // keep the chosen language for the next story
  resetOptions();
}

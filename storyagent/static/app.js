// The page's controller: session (login, refresh on start-up, logout), the task list, and the
// selected task's workflow (run next / run all / redo / retry, polled progress, delete).
import { api, onSessionExpired, refreshSession } from "./api.js";
import { announce, byId, clearError, confirmAction, failureText, h, showError, whileBusy } from "./dom.js";
import { Results } from "./results.js";
import { StoryEditor } from "./story_editor.js";
import { readNewTaskForm, renderTaskList, resetNewTaskForm } from "./tasks.js";
import { renderRunState, renderStepper } from "./workflow.js";

const POLL_INTERVAL_MS = 700;
const USERNAME_KEY = "storyagent.username"; // display only; never a token
const LANGUAGE_NAMES = { en: "English", zh: "Chinese" };

const state = {
  workflow: [],
  tasks: [],
  selectedId: null,
  task: null, // the selected task: list fields merged with its latest /progress
  chaining: false,
  focusInTask: false, // keyboard focus was last inside the task panel
  pollGeneration: 0,
  pollTimer: null,
};
const results = new Results();
const storyEditor = new StoryEditor({
  currentTask: () => state.task,
  onSaved: storySaved,
  segmentNames: () => Object.fromEntries(state.workflow.map((step) => [step.id, step.name])),
});
const narrowScreen = window.matchMedia("(max-width: 899px)");

const segmentName = (id) => state.workflow.find((step) => step.id === id)?.name || `Step ${id}`;
const totalSegments = () => state.workflow.length || 5;

// ---------------------------------------------------------------- session

function showAuth() {
  stopPolling();
  state.tasks = [];
  state.selectedId = null;
  state.task = null;
  state.chaining = false;
  results.show(null);
  storyEditor.close();
  byId("loading").hidden = true;
  byId("studio-view").hidden = true;
  byId("account").hidden = true;
  byId("auth-view").hidden = false;
  byId("auth-password").value = "";
}

async function enterStudio() {
  byId("loading").hidden = true;
  byId("auth-view").hidden = true;
  byId("studio-view").hidden = false;
  byId("account").hidden = false;
  byId("account-name").textContent = window.localStorage.getItem(USERNAME_KEY) || "you";
  try {
    state.workflow = await api.workflow();
    await loadTasks();
    fitNewTaskPanel();
    await selectFromHash({ moveFocus: false });
  } catch (error) {
    if (error.status !== 401) showError(error);
  }
}

async function submitAuth(event) {
  event.preventDefault();
  clearError();
  const mode = event.submitter?.value === "register" ? "register" : "login";
  const username = byId("auth-username").value.trim();
  const password = byId("auth-password").value;
  if (!username || !password) {
    showError("Enter a username and a password.");
    (username ? byId("auth-password") : byId("auth-username")).focus();
    return;
  }
  await whileBusy([byId("login-button"), byId("register-button")], async () => {
    try {
      if (mode === "register") await api.register(username, password);
      await api.login(username, password);
    } catch (error) {
      showError(error);
      return;
    }
    window.localStorage.setItem(USERNAME_KEY, username);
    announce(mode === "register" ? `Account created. Welcome, ${username}!` : `Welcome back, ${username}.`);
    await enterStudio();
    byId("topic").focus();
  });
}

async function logout() {
  clearError();
  try {
    await api.logout();
    announce("You are logged out.");
  } catch (error) {
    showError(error);
  }
  window.localStorage.removeItem(USERNAME_KEY);
  history.replaceState(null, "", window.location.pathname);
  showAuth();
  byId("auth-username").focus();
}

function sessionExpired() {
  showAuth();
  showError("Your session has ended. Please log in again.");
  byId("auth-username").focus();
}

// ---------------------------------------------------------------- task list

async function loadTasks() {
  const body = await api.myTasks();
  const ids = body.task_ids || [];
  const known = new Map((body.tasks || []).map((task) => [task.task_id, task]));
  state.tasks = ids.map((id) => known.get(id) || { task_id: id, topic: `Story ${id}`, status: "pending", current_segment: 0 });
  renderTaskList(state.tasks, state.workflow, state.selectedId);
}

async function createTask(event) {
  event.preventDefault();
  clearError();
  const body = readNewTaskForm();
  if (!body.topic) {
    showError("Please write a topic for the story.");
    byId("topic").focus();
    return;
  }
  await whileBusy([byId("create-task-button")], async () => {
    try {
      const created = await api.createTask(body);
      resetNewTaskForm();
      await loadTasks();
      fitNewTaskPanel();
      announce("Story created. Press Run all remaining to make the whole book.");
      window.location.hash = `#task-${created.task_id}`;
    } catch (error) {
      showError(error);
    }
  });
}

/** On phones the new-story form folds away once there are stories, so the story comes first. */
function fitNewTaskPanel() {
  byId("new-task-panel").open = !narrowScreen.matches || state.tasks.length === 0;
}

function patchListEntry(task) {
  const entry = state.tasks.find((item) => item.task_id === task.task_id);
  if (entry) Object.assign(entry, task);
  renderTaskList(state.tasks, state.workflow, state.selectedId);
}

// ---------------------------------------------------------------- selected task

function taskIdFromHash() {
  const match = /^#task-(\d+)$/.exec(window.location.hash);
  return match ? Number(match[1]) : null;
}

async function selectFromHash({ moveFocus = true } = {}) {
  const id = taskIdFromHash();
  if (id !== null && !state.tasks.some((task) => task.task_id === id)) {
    showError(`Story ${id} was not found among your stories.`);
    history.replaceState(null, "", window.location.pathname);
    return selectTask(null);
  }
  return selectTask(id, { moveFocus });
}

async function selectTask(id, { moveFocus = false } = {}) {
  if (id === state.selectedId && state.task) return;
  stopPolling();
  storyEditor.close();
  state.selectedId = id;
  state.chaining = false;
  state.task = id === null ? null : { ...state.tasks.find((task) => task.task_id === id) };
  renderTaskList(state.tasks, state.workflow, id);
  byId("task-placeholder").hidden = id !== null;
  byId("task-detail").hidden = id === null;
  if (id === null) {
    results.show(null);
    return;
  }
  const names = Object.fromEntries(state.workflow.map((step) => [step.id, step.name]));
  results.show(id, { language: state.task.language || "en", segmentNames: names });
  renderTask();
  if (moveFocus) byId("task-title").focus();
  await refreshProgress();
}

async function refreshProgress() {
  const id = state.selectedId;
  if (id === null) return;
  try {
    const progress = await api.progress(id);
    if (id === state.selectedId) applyProgress(progress);
  } catch (error) {
    if (id === state.selectedId) handleTaskError(error);
  }
}

function handleTaskError(error) {
  if (error.status === 401) return; // the session handler took over
  if (error.status === 404) {
    showError(error.detail || "This story no longer exists.");
    forgetSelected();
    return;
  }
  showError(error);
}

function forgetSelected() {
  const id = state.selectedId;
  stopPolling();
  state.tasks = state.tasks.filter((task) => task.task_id !== id);
  history.replaceState(null, "", window.location.pathname);
  state.selectedId = null;
  state.task = null;
  selectTask(null);
}

/** Merge a /progress answer into the selected task and react to what changed. */
function applyProgress(progress) {
  const before = state.task || {};
  const task = { ...before, ...progress, task_id: state.selectedId };
  state.task = task;
  if (task.status === "deleted") {
    showError("This story was deleted.");
    forgetSelected();
    return;
  }
  patchListEntry(task);
  renderTask();

  const finishedNow = before.status === "running" && task.status !== "running";
  results.sync(task.current_segment);
  if (task.status === "running") {
    if (!state.pollTimer) startPolling();
    return;
  }
  if (!finishedNow) return;
  const name = segmentName(before.running_segment || task.current_segment);
  if (task.status === "failed") {
    state.chaining = false;
    renderTask();
    showError(failureText(name, task.error));
    return;
  }
  if (state.chaining && task.current_segment < totalSegments()) {
    announce(`${name} finished. Starting ${segmentName(task.current_segment + 1)}…`);
    runSegment(task.current_segment + 1);
    return;
  }
  if (state.chaining) {
    state.chaining = false;
    renderTask();
  }
  announce(task.current_segment >= totalSegments() ? "All done! Your storybook film is ready." : `${name} finished.`);
}

function renderTask() {
  const task = state.task;
  if (!task) return;
  const title = byId("task-title");
  title.textContent = task.topic || `Story ${task.task_id}`;
  const badge = byId("task-status");
  const word = task.status === "completed" && task.current_segment < totalSegments() ? "paused" : task.status || "";
  badge.textContent = word;
  badge.className = `badge is-${word}`;
  const meta = [
    ["Main character", task.main_role],
    ["Setting", task.scene],
    ["Language", LANGUAGE_NAMES[task.language] || task.language],
    ["Created", task.created_at ? new Date(task.created_at).toLocaleString() : null],
  ].filter(([, value]) => value);
  byId("task-meta").replaceChildren(
    ...meta.map(([term, value]) => h("div", { class: "meta-item" }, h("dt", {}, term), h("dd", {}, value))),
  );
  renderStepper(state.workflow, task);
  renderRunState(state.workflow, task, { chaining: state.chaining });
  storyEditor.sync(task);
  window.requestAnimationFrame(rescueFocus);
}

/** A button that just disabled or hid itself must not drop keyboard focus onto <body>. */
function rescueFocus() {
  if (!state.focusInTask || byId("task-detail").hidden) return;
  const active = document.activeElement;
  const lost = !active || active === document.body || active.disabled || active.closest("[hidden]");
  if (!lost) return;
  const target = [byId("run-state"), byId("retry-button"), byId("run-next-button")]
    .find((element) => !element.closest("[hidden]") && !element.disabled);
  (target || byId("task-title")).focus();
}

// ---------------------------------------------------------------- running segments

function stopPolling() {
  state.pollGeneration += 1;
  window.clearTimeout(state.pollTimer);
  state.pollTimer = null;
}

function startPolling() {
  // One polling loop per selected task; a new loop (or a task switch) ends the old one.
  stopPolling();
  const generation = state.pollGeneration;
  const id = state.selectedId;
  let failures = 0;
  const tick = async () => {
    if (generation !== state.pollGeneration) return;
    let delay = POLL_INTERVAL_MS;
    try {
      const progress = await api.progress(id);
      if (generation !== state.pollGeneration) return;
      failures = 0;
      applyProgress(progress);
    } catch (error) {
      if (generation !== state.pollGeneration) return;
      failures += 1;
      if (error.status === 401 || error.status === 404) {
        handleTaskError(error);
        return;
      }
      if (failures === 1) showError(error);
      delay = Math.min(5000, POLL_INTERVAL_MS * 2 ** failures);
    }
    if (generation === state.pollGeneration && state.task?.status === "running") {
      state.pollTimer = window.setTimeout(tick, delay);
    } else if (generation === state.pollGeneration) {
      state.pollTimer = null;
    }
  };
  state.pollTimer = window.setTimeout(tick, POLL_INTERVAL_MS);
}

async function runSegment(segment, { redo = false } = {}) {
  const id = state.selectedId;
  clearError();
  try {
    await api.execute(id, segment, redo);
  } catch (error) {
    if (id !== state.selectedId) return;
    if (error.status === 503 && state.chaining) {
      const wait = Math.min(60, Math.max(1, error.retryAfter || 5));
      announce(`${error.detail} Trying again in ${wait} seconds.`);
      window.setTimeout(() => {
        if (state.chaining && id === state.selectedId) runSegment(segment, { redo });
      }, wait * 1000);
      return;
    }
    state.chaining = false;
    showError(error.status === 503 && error.retryAfter ? `${error.detail} Try again in ${error.retryAfter} seconds.` : error);
    if (error.status !== 401) await refreshProgress();
    renderTask();
    return;
  }
  if (id !== state.selectedId) return;
  if (redo) results.dropFrom(segment);
  announce(`${segmentName(segment)} started.`);
  applyProgress({
    status: "running",
    running_segment: segment,
    current_segment: redo ? segment - 1 : state.task.current_segment,
    progress: 0,
    message: "Queued…",
    error: null,
  });
  startPolling();
}

async function runNext() {
  const next = state.task.current_segment + 1;
  if (next > totalSegments() || state.task.status === "running") return;
  await runSegment(next);
}

async function toggleRunAll() {
  if (state.chaining) {
    state.chaining = false;
    announce("The current step will finish, then the workflow stops.");
    renderTask();
    return;
  }
  state.chaining = true;
  renderTask();
  await runNext();
}

async function redo(segment) {
  const laterNames = state.workflow.filter((step) => step.id > segment).map((step) => step.name);
  const later = laterNames.length
    ? ` ${laterNames.join(", ")} will be reset too, and their files deleted.`
    : " Its current files will be replaced.";
  const confirmed = await confirmAction({
    title: `Redo ${segmentName(segment)}?`,
    text: `${segmentName(segment)} runs again from scratch.${later}`,
    confirmLabel: `Redo ${segmentName(segment)}`,
  });
  if (!confirmed) return;
  state.chaining = false;
  await runSegment(segment, { redo: true });
}

async function deleteSelected() {
  const task = state.task;
  const confirmed = await confirmAction({
    title: "Delete this story?",
    text: `“${task.topic}” and all its pictures, sounds and video will be deleted. This cannot be undone.`,
    confirmLabel: "Delete story",
  });
  if (!confirmed) return;
  clearError();
  await whileBusy([byId("delete-button")], async () => {
    try {
      await api.deleteTask(task.task_id);
    } catch (error) {
      showError(error);
      return;
    }
    forgetSelected();
    announce("Story deleted.");
    try {
      await loadTasks();
    } catch (error) {
      showError(error);
    }
    byId("task-list-title").focus();
  });
}

/** After "Edit story" saved: Story is completed with the new text and later steps are reset. */
async function storySaved(taskId, story) {
  if (taskId !== state.selectedId) return;
  state.chaining = false;
  results.dropFrom(1);
  announce(`Story saved: “${story.title}”, ${story.pages.length} pages. Run the next steps to make the book from it.`);
  await refreshProgress();
  byId("run-next-button").focus();
}

// ---------------------------------------------------------------- start-up

function wireEvents() {
  byId("auth-form").addEventListener("submit", submitAuth);
  byId("logout-button").addEventListener("click", logout);
  byId("alert-dismiss").addEventListener("click", clearError);
  byId("new-task-form").addEventListener("submit", createTask);
  byId("reload-tasks").addEventListener("click", async () => {
    clearError();
    try {
      await loadTasks();
      announce("Story list updated.");
      if (state.selectedId !== null) await refreshProgress();
    } catch (error) {
      showError(error);
    }
  });
  byId("run-next-button").addEventListener("click", runNext);
  byId("run-all-button").addEventListener("click", toggleRunAll);
  byId("retry-button").addEventListener("click", runNext);
  byId("delete-button").addEventListener("click", deleteSelected);
  byId("stepper").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-redo]");
    if (button && !button.disabled) redo(Number(button.dataset.redo));
  });
  window.addEventListener("hashchange", () => {
    if (!byId("studio-view").hidden) selectFromHash({ moveFocus: true });
  });
  narrowScreen.addEventListener("change", fitNewTaskPanel);
  document.addEventListener("focusin", (event) => {
    state.focusInTask = byId("task-detail").contains(event.target);
  });
  document.addEventListener("pointerdown", (event) => {
    // a click on plain text moves focus to <body> on purpose: nothing to rescue then
    if (!event.target.closest("button, a, input, select, textarea, audio, video, [tabindex]")) state.focusInTask = false;
  });
  onSessionExpired(sessionExpired);
}

async function boot() {
  wireEvents();
  let restored = false;
  try {
    restored = await refreshSession();
  } catch (error) {
    showError(error);
  }
  if (restored) await enterStudio();
  else showAuth();
  document.body.dataset.ready = "true"; // lets tests and scripts know start-up is over
}

boot();

// The page's controller: session (login, restoring a session on start-up, logout), the task list,
// the selected task's workflow (run next / run all / stop / redo / retry, polled progress,
// delete), downloads, and keeping several tabs of the page in step.
import { api, mayHaveSession, onServerAnswer, onSessionExpired, refreshSession } from "./api.js";
import {
  announce, byId, clearError, clearFieldError, confirmAction, failureText, h, hideNotice, notify, showError,
  showFieldError, whileBusy,
} from "./dom.js";
import { Results } from "./results.js";
import { onOtherTab, tellOtherTabs } from "./tabs.js";
import { StoryEditor } from "./story_editor.js";
import { describeOptions, loadVoices, offerVoices, playVoiceSample } from "./story_options.js";
import { readNewTaskForm, renderTaskList, resetNewTaskForm } from "./tasks.js";
import {
  UNREACHABLE, checkCredentials, credentialsRefusal, languageOf, plainError, runRefusal,
} from "./words.js";
import { isStopped, milestoneText, renderRunState, renderStepper, statusWord } from "./workflow.js";

const POLL_INTERVAL_MS = 700;
const FOCUS_REFRESH_MS = 2000; // at most one catch-up refresh per this, however often focus comes back
const USERNAME_KEY = "storyagent.username"; // display only; never a token
const LANGUAGE_NAMES = { en: "English", zh: "Chinese" };

const state = {
  workflow: [],
  tasks: [],
  selectedId: null,
  task: null, // the selected task: list fields merged with its latest /progress
  focusInTask: false, // keyboard focus was last inside the task panel
  scrollPending: false, // on a phone, bring the current step or the film into view once
  lastRefresh: 0,
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
const studioShown = () => !byId("studio-view").hidden;

/** Show an API error in plain words; an unreachable server is cleared by its next answer. */
function showProblem(error, what) {
  if (error?.status === 0) showError(UNREACHABLE, { kind: "offline" });
  else showError(typeof error === "string" ? error : plainError(error, what));
}

// ---------------------------------------------------------------- session

const AUTH_FIELDS = () => [byId("auth-username"), byId("auth-password")];

function showAuth() {
  stopPolling();
  state.tasks = [];
  state.selectedId = null;
  state.task = null;
  results.show(null);
  storyEditor.close();
  byId("loading").hidden = true;
  byId("studio-view").hidden = true;
  byId("account").hidden = true;
  byId("auth-view").hidden = false;
  byId("auth-password").value = "";
  AUTH_FIELDS().forEach(clearFieldError);
}

async function enterStudio() {
  byId("loading").hidden = true;
  byId("auth-view").hidden = true;
  byId("studio-view").hidden = false;
  byId("account").hidden = false;
  byId("account-name").textContent = window.localStorage.getItem(USERNAME_KEY) || "you";
  try {
    state.workflow = await api.workflow();
    await Promise.all([loadTasks(), loadVoices()]);
    fitNewTaskPanel();
    await selectFromHash({ moveFocus: false });
  } catch (error) {
    if (error.status !== 401) showProblem(error, "open your stories");
  }
}

/** Show each problem under its field; focus the first field with one. */
function showCredentialProblems(problems) {
  const [username, password] = AUTH_FIELDS();
  if (problems.form) showError(problems.form, { kind: problems.form === UNREACHABLE ? "offline" : "error" });
  if (problems.username) showFieldError(username, problems.username);
  if (problems.password) showFieldError(password, problems.password);
  const first = problems.username ? username : problems.password ? password : null;
  first?.focus();
}

async function submitAuth(event) {
  event.preventDefault();
  clearError();
  AUTH_FIELDS().forEach(clearFieldError);
  const registering = event.submitter?.value === "register";
  const username = byId("auth-username").value.trim();
  const password = byId("auth-password").value;
  const problems = checkCredentials(username, password, { registering });
  if (Object.keys(problems).length) {
    showCredentialProblems(problems);
    return;
  }
  await whileBusy([byId("login-button"), byId("register-button")], async () => {
    try {
      if (registering) await api.register(username, password);
      await api.login(username, password);
    } catch (error) {
      showCredentialProblems(credentialsRefusal(error, { registering }));
      return;
    }
    window.localStorage.setItem(USERNAME_KEY, username);
    tellOtherTabs({ kind: "login" });
    notify(registering ? `Account created. Welcome, ${username}!` : `Welcome back, ${username}.`);
    await enterStudio();
    byId("topic").focus();
  });
}

async function logout() {
  clearError();
  try {
    await api.logout();
    notify("You are logged out.");
  } catch (error) {
    showProblem(error, "log you out");
  }
  window.localStorage.removeItem(USERNAME_KEY);
  tellOtherTabs({ kind: "logout" });
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
  const topic = byId("topic");
  clearFieldError(topic);
  const body = readNewTaskForm();
  if (!body.topic) {
    showFieldError(topic, "Write a topic for the story: a sentence is enough.");
    topic.focus();
    return;
  }
  await whileBusy([byId("create-task-button")], async () => {
    try {
      const created = await api.createTask(body);
      resetNewTaskForm();
      await loadTasks();
      tellOtherTabs({ kind: "tasks" });
      fitNewTaskPanel();
      notify("Story created. Press Run all remaining to make the whole book.");
      window.location.hash = `#task-${created.task_id}`;
    } catch (error) {
      if (error.status === 400 && /^topic/i.test(error.detail)) {
        showFieldError(topic, "The topic is too long: keep it under 1,000 characters.");
        topic.focus();
      } else {
        showProblem(error, "create the story");
      }
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
    await loadTasks(); // it may have been created in another tab a moment ago
  }
  if (id !== null && !state.tasks.some((task) => task.task_id === id)) {
    showError(`Story ${id} is not among your stories: it may have been deleted. Pick one from the list, or create a new one.`);
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
  state.task = id === null ? null : { ...state.tasks.find((task) => task.task_id === id) };
  renderTaskList(state.tasks, state.workflow, id);
  byId("task-placeholder").hidden = id !== null;
  byId("task-detail").hidden = id === null;
  if (id === null) {
    results.show(null);
    return;
  }
  const names = Object.fromEntries(state.workflow.map((step) => [step.id, step.name]));
  results.show(id, { language: state.task.language || "en", segmentNames: names,
                     captionStyle: state.task.options?.caption_style || null,
                     aspect: state.task.options?.aspect || null });
  state.scrollPending = narrowScreen.matches;
  renderTask();
  if (moveFocus) byId("task-title").focus({ preventScroll: state.scrollPending });
  await refreshProgress();
  bringIntoView();
}

/** On a phone, show what matters of a story just opened: the film when there is one, else the current step. */
function bringIntoView() {
  if (!state.scrollPending || !state.task) return;
  if (state.task.current_segment >= totalSegments() && state.task.status !== "running") {
    if (byId("video-section").hidden) return; // the film is still loading: onVideoShown finishes this
    state.scrollPending = false;
    byId("video-section").scrollIntoView({ block: "start" });
    return;
  }
  state.scrollPending = false;
  const step = byId("stepper").querySelector(".step[aria-current]") || byId("stepper");
  step.scrollIntoView({ block: "center" });
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
    showError(runRefusal(error, ""));
    forgetSelected();
    return;
  }
  showProblem(error, "show this story");
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
    showError("This story was deleted (perhaps in another tab). Pick another story, or create a new one.");
    forgetSelected();
    return;
  }
  patchListEntry(task);
  renderTask();
  const milestone = milestoneText(before, task, segmentName, totalSegments());
  if (milestone) announce(milestone);

  const finishedNow = before.status === "running" && task.status !== "running";
  results.sync(task.current_segment);
  if (task.status === "running" || task.through) {
    if (!state.pollTimer) startPolling();
    return;
  }
  if (!finishedNow) return;
  const name = segmentName(before.running_segment || task.current_segment);
  if (task.status === "failed") {
    if (isStopped(task)) notify(`${name} was stopped. Press Run next or Run all remaining to carry on.`);
    else showError(failureText(name, task.error));
    return;
  }
  if (task.current_segment >= totalSegments()) notify("All done! Your storybook film is ready.");
  else announce(`${name} finished.`);
}

function renderTask() {
  const task = state.task;
  if (!task) return;
  const title = byId("task-title");
  title.textContent = task.topic || `Story ${task.task_id}`;
  const lang = languageOf(task.topic, task.language === "zh" ? "zh" : null);
  if (lang) title.lang = lang;
  else title.removeAttribute("lang");
  const badge = byId("task-status");
  const word = statusWord(task, totalSegments()) || "";
  badge.textContent = word;
  badge.className = `badge is-${word}`;
  const meta = [
    ["Main character", task.main_role],
    ["Setting", task.scene],
    ["Language", LANGUAGE_NAMES[task.language] || task.language],
    ...describeOptions(task.options || {}),
    ["Created", task.created_at ? new Date(task.created_at).toLocaleString() : null],
  ].filter(([, value]) => value);
  byId("task-meta").replaceChildren(
    ...meta.map(([term, value]) => h("div", { class: "meta-item" }, h("dt", {}, term),
      h("dd", { lang: languageOf(value) }, value))),
  );
  renderStepper(state.workflow, task);
  renderRunState(state.workflow, task);
  storyEditor.sync(task);
  window.requestAnimationFrame(rescueFocus);
}

/** A button that just disabled or hid itself must not drop keyboard focus onto <body>. */
function rescueFocus() {
  if (!state.focusInTask || byId("task-detail").hidden) return;
  const active = document.activeElement;
  const lost = !active || active === document.body || active.disabled || active.closest("[hidden]");
  if (!lost) return;
  const target = [byId("stop-button"), byId("run-state"), byId("retry-button"), byId("run-next-button")]
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
      if (failures === 1) showProblem(error, "report the progress");
      delay = Math.min(5000, POLL_INTERVAL_MS * 2 ** failures);
    }
    const task = state.task;
    const keepGoing = task?.status === "running" || Boolean(task?.through) || failures > 0;
    if (generation === state.pollGeneration && keepGoing) {
      state.pollTimer = window.setTimeout(tick, delay);
    } else if (generation === state.pollGeneration) {
      state.pollTimer = null;
    }
  };
  state.pollTimer = window.setTimeout(tick, POLL_INTERVAL_MS);
}

async function runSegment(segment, { redo = false, through = null } = {}) {
  const id = state.selectedId;
  clearError();
  try {
    await api.execute(id, segment, { redo, through });
  } catch (error) {
    if (id !== state.selectedId) return;
    if (error.status === 401) return;
    await refreshProgress(); // a refusal usually means this page was behind: show the real state
    if (error.status === 409 && state.task?.status === "running") notify(runRefusal(error, segmentName(segment)));
    else if (error.status === 0) showProblem(error);
    else showError(runRefusal(error, segmentName(segment)));
    renderTask();
    return;
  }
  if (id !== state.selectedId) return;
  tellOtherTabs({ kind: "task", id });
  if (redo) results.dropFrom(segment);
  applyProgress({
    status: "running",
    running_segment: segment,
    current_segment: redo ? segment - 1 : state.task.current_segment,
    progress: 0,
    message: "Queued",
    error: null,
    through: through && through > segment ? through : null,
  });
  startPolling();
}

async function runNext() {
  const next = state.task.current_segment + 1;
  if (next > totalSegments() || state.task.status === "running") return;
  await runSegment(next);
}

/** "Run all": the server runs the next step and each one after it, whether this page stays open or not. */
async function runAll() {
  const next = state.task.current_segment + 1;
  if (next > totalSegments() || state.task.status === "running") return;
  await runSegment(next, { through: totalSegments() });
}

async function stopRun() {
  const id = state.selectedId;
  clearError();
  await whileBusy([byId("stop-button")], async () => {
    try {
      await api.cancel(id);
      tellOtherTabs({ kind: "task", id });
      announce("Stopping…");
    } catch (error) {
      if (error.status === 401) return;
      if (error.status === 409) notify(runRefusal({ ...error, detail: "nothing running" }, ""));
      else showProblem(error, "stop it");
    }
    await refreshProgress();
  });
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
      if (error.status === 404) {
        handleTaskError(error);
        await loadTasks().catch(() => {});
      } else {
        showProblem(error, "delete the story");
      }
      return;
    }
    tellOtherTabs({ kind: "tasks" });
    forgetSelected();
    notify("Story deleted.");
    try {
      await loadTasks();
    } catch (error) {
      showProblem(error, "list your stories");
    }
    byId("task-list-title").focus();
  });
}

// ---------------------------------------------------------------- other tabs, focus, reconnect

/** Catch up with changes made elsewhere (another tab, another device): the list and the open story. */
async function catchUp({ force = false } = {}) {
  if (!studioShown()) return;
  const now = Date.now();
  if (!force && now - state.lastRefresh < FOCUS_REFRESH_MS) return;
  state.lastRefresh = now;
  try {
    await loadTasks();
  } catch (error) {
    if (error.status !== 401) showProblem(error, "list your stories");
    return;
  }
  if (state.selectedId !== null && !state.tasks.some((task) => task.task_id === state.selectedId)) {
    notify("The story you had open was deleted in another tab.");
    forgetSelected();
    return;
  }
  await refreshProgress();
}

async function heardFromOtherTab(message) {
  if (message.kind === "logout" && studioShown()) {
    api.forget();
    showAuth();
    notify("You logged out in another tab.");
  } else if (message.kind === "login" && !byId("auth-view").hidden) {
    if (await refreshSession().catch(() => false)) await enterStudio();
  } else if (message.kind === "tasks" || message.kind === "task") {
    await catchUp({ force: true });
  }
}

/** After "Edit story" saved: Story is completed with the new text and later steps are reset. */
async function storySaved(taskId, story) {
  if (taskId !== state.selectedId) return;
  results.dropFrom(1);
  announce(`Story saved: “${story.title}”, ${story.pages.length} pages. Run the next steps to make the book from it.`);
  await refreshProgress();
  byId("run-next-button").focus();
}

// ---------------------------------------------------------------- start-up

function wireEvents() {
  byId("auth-form").addEventListener("submit", submitAuth);
  for (const input of AUTH_FIELDS()) input.addEventListener("input", () => clearFieldError(input));
  byId("topic").addEventListener("input", () => clearFieldError(byId("topic")));
  byId("logout-button").addEventListener("click", logout);
  byId("alert-dismiss").addEventListener("click", () => clearError());
  byId("notice-dismiss").addEventListener("click", hideNotice);
  byId("new-task-form").addEventListener("submit", createTask);
  byId("language").addEventListener("change", offerVoices);
  byId("voice-preview-button").addEventListener("click", playVoiceSample);
  byId("reload-tasks").addEventListener("click", async () => {
    clearError();
    await catchUp({ force: true });
    announce("Story list updated.");
  });
  byId("run-next-button").addEventListener("click", runNext);
  byId("run-all-button").addEventListener("click", runAll);
  byId("stop-button").addEventListener("click", stopRun);
  byId("retry-button").addEventListener("click", runNext);
  byId("delete-button").addEventListener("click", deleteSelected);
  byId("download-archive").addEventListener("click", () => results.downloadArchive());
  byId("stepper").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-redo]");
    if (button && !button.disabled) redo(Number(button.dataset.redo));
  });
  window.addEventListener("hashchange", () => {
    if (studioShown()) selectFromHash({ moveFocus: true });
  });
  window.addEventListener("focus", () => catchUp());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") catchUp();
  });
  narrowScreen.addEventListener("change", fitNewTaskPanel);
  document.addEventListener("focusin", (event) => {
    state.focusInTask = byId("task-detail").contains(event.target);
  });
  document.addEventListener("pointerdown", (event) => {
    // a click on plain text moves focus to <body> on purpose: nothing to rescue then
    if (!event.target.closest("button, a, input, select, textarea, audio, video, [tabindex]")) state.focusInTask = false;
  });
  results.onVideoShown(() => window.requestAnimationFrame(bringIntoView));
  onServerAnswer(() => clearError("offline"));
  onSessionExpired(sessionExpired);
  onOtherTab(heardFromOtherTab);
}

async function boot() {
  wireEvents();
  let restored = false;
  // a first visit has no session to restore: no request that can only fail (pages from before the
  // marker existed left only the username behind, which counts as a hint too)
  if (mayHaveSession() || window.localStorage.getItem(USERNAME_KEY)) {
    try {
      restored = await refreshSession();
      if (!restored && !mayHaveSession()) window.localStorage.removeItem(USERNAME_KEY);
    } catch (error) {
      showProblem(error);
    }
  }
  if (restored) await enterStudio();
  else showAuth();
  document.body.dataset.ready = "true"; // lets tests and scripts know start-up is over
}

boot();

// Renders one task's workflow state: the five-step stepper, the live progress of the running
// step, the failure with its retry button, and which run buttons are allowed right now.
import { byId, failureText, h } from "./dom.js";
import { plainProgress } from "./words.js";

// Friendly words for each step; the names themselves come from /api/task/workflow.
const STEP_HINTS = {
  1: "Write the story",
  2: "Paint the pictures",
  3: "Split into sentences",
  4: "Record the narration",
  5: "Film the storybook",
};

/** The state of one step: done | running | failed | next | waiting. */
export function stepState(step, task) {
  if (task.status === "running" && task.running_segment === step) return "running";
  if (step <= task.current_segment) return "done";
  if (step === task.current_segment + 1) return task.status === "failed" ? "failed" : "next";
  return "waiting";
}

/** A run the user stopped (POST /cancel) ends "failed" with the word "stopped": not a fault. */
export function isStopped(task) {
  return task.status === "failed" && /\bstopped\b/i.test(`${task.message || ""} ${task.error || ""}`);
}

/** What to say out loud when a run reaches a milestone (a step starts, is half done, ends); else null. */
export function milestoneText(before, task, nameOf, total) {
  if (task.status !== "running") return null;
  const name = nameOf(task.running_segment);
  if (before.status !== "running" || before.running_segment !== task.running_segment) {
    const finished = before.status === "running" && before.running_segment ? `${nameOf(before.running_segment)} finished. ` : "";
    return `${finished}${name} started: step ${task.running_segment} of ${total}.`;
  }
  if ((before.progress || 0) < 0.5 && (task.progress || 0) >= 0.5) return `${name} is half done.`;
  return null;
}

const STATE_WORDS = { done: "Done", running: "Running", failed: "Failed", next: "Up next", waiting: "Waiting" };

/** A short summary of a task for the list: "Finished", "Running: Image (2 of 5)", ... */
export function describeTask(task, names, total) {
  const name = (id) => names[id] || `step ${id}`;
  if (task.status === "running" && task.running_segment) {
    return `Running: ${name(task.running_segment)} (${task.running_segment} of ${total})`;
  }
  if (isStopped(task)) return `Stopped at ${name(task.current_segment + 1)}`;
  if (task.status === "failed") return `Failed at ${name(task.current_segment + 1)}`;
  if (task.current_segment >= total) return "Finished";
  if (task.current_segment === 0) return "Not started";
  return `${name(task.current_segment)} done (${task.current_segment} of ${total})`;
}

/** Label text for a status badge. */
export function statusWord(task, total) {
  if (task.status === "completed" && task.current_segment < total) return "paused";
  if (isStopped(task)) return "stopped";
  return task.status;
}

let stepperSignature = "";

export function renderStepper(workflow, task) {
  // Rebuilt only when something shown changed; a focused Redo button keeps its focus.
  const busy = task.status === "running";
  const signature = JSON.stringify([workflow, task.status, task.current_segment, task.running_segment,
    Math.round((task.progress || 0) * 100)]);
  const stepper = byId("stepper");
  if (signature === stepperSignature && stepper.childElementCount) return;
  stepperSignature = signature;
  const focusedRedo = stepper.contains(document.activeElement) ? document.activeElement.dataset.redo : null;
  const items = workflow.map(({ id, name }) => {
    const state = stepState(id, task);
    const percent = Math.round((task.progress || 0) * 100);
    const stateText = state === "running" ? `Running, ${percent}%`
      : state === "failed" && isStopped(task) ? "Stopped" : STATE_WORDS[state];
    return h(
      "li",
      { class: `step is-${state}`, "aria-current": state === "running" || state === "next" || state === "failed" ? "step" : null },
      h("span", { class: "step-dot", "aria-hidden": "true" }, state === "done" ? "✓" : state === "failed" ? "!" : String(id)),
      h(
        "span",
        { class: "step-body" },
        h("span", { class: "step-name" }, name),
        h("span", { class: "step-hint" }, STEP_HINTS[id] || ""),
        h("span", { class: "step-state" }, stateText),
      ),
      state === "done"
        ? h(
            "button",
            { type: "button", class: "button subtle small", "data-redo": String(id), disabled: busy, "aria-label": `Redo ${name}` },
            "Redo",
          )
        : null,
    );
  });
  stepper.replaceChildren(...items);
  if (focusedRedo) {
    const again = stepper.querySelector(`[data-redo="${focusedRedo}"]:not(:disabled)`);
    (again || byId("task-title")).focus();
  }
}

/**
 * Show or hide the progress bar, the error box and set the run buttons. "Run all" runs on the
 * server (`through` in /progress while a chain goes on); Stop cancels whatever runs.
 */
export function renderRunState(workflow, task) {
  const total = workflow.length;
  const names = Object.fromEntries(workflow.map((step) => [step.id, step.name]));
  const running = task.status === "running";
  const next = task.current_segment + 1;

  const runState = byId("run-state");
  runState.hidden = !running;
  if (running) {
    const name = names[task.running_segment] || `Step ${task.running_segment}`;
    const fraction = Math.min(1, Math.max(0, Number(task.progress) || 0));
    const chainWords = task.through && task.through > task.running_segment
      ? ` (step ${task.running_segment} of ${task.through})` : "";
    byId("run-progress-label").textContent = `${name}${chainWords}: ${Math.round(fraction * 100)}%`;
    const bar = byId("run-progress");
    bar.value = fraction;
    bar.setAttribute("aria-valuetext", `${Math.round(fraction * 100)} percent`);
    byId("run-message").textContent = plainProgress(task.message, name);
  }

  const failed = task.status === "failed" && next <= total;
  byId("run-error").hidden = !failed;
  if (failed) {
    const name = names[next] || `Step ${next}`;
    const stopped = isStopped(task);
    byId("run-error").classList.toggle("is-stopped", stopped);
    byId("run-error-text").textContent = stopped ? `${name} was stopped. Run it again when you are ready.`
      : failureText(name, task.error);
    byId("retry-button").textContent = `${stopped ? "Run" : "Retry"} ${names[next] || ""}`.trim();
  }

  // while a chain goes on (through), nothing else may start
  const busy = running || Boolean(task.through);
  const runNext = byId("run-next-button");
  runNext.disabled = busy || next > total;
  runNext.textContent = next > total ? "All steps done" : `Run next: ${names[next] || next}`;
  const runAll = byId("run-all-button");
  runAll.disabled = busy || next > total;
  const stop = byId("stop-button");
  stop.hidden = !busy;
  stop.textContent = task.through && task.through > task.running_segment ? "Stop all" : "Stop";
}

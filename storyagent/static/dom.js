// Small DOM helpers shared by the views: element building, the two live regions, the confirm dialog.

/** Look up an element by id (the page's ids are its contract with the scripts and tests). */
export const byId = (id) => document.getElementById(id);

/** Build an element: h("a", {href, class: "x", onclick}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name in element && typeof value !== "string") {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? "" : value);
    }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

const NOTICE_SECONDS = 8;
let alertKind = null;
let noticeTimer = null;

/**
 * Show an error in the alert region (role=alert, so screen readers speak it at once).
 * `kind` names where it came from ("offline", ...) so it can be cleared when that is over.
 */
export function showError(error, { kind = "error" } = {}) {
  const text = typeof error === "string" ? error : error?.detail || error?.message || String(error);
  const box = byId("alert");
  byId("alert-text").textContent = text;
  hideNotice(); // a calm message next to an error would be stale
  box.hidden = false;
  alertKind = kind;
  if (error && typeof error !== "string" && !(error.detail) && error.stack) console.error(error);
}

/** Hide the alert; with `kind`, only when the alert on show is of that kind. */
export function clearError(kind = null) {
  if (kind && alertKind !== kind) return;
  byId("alert").hidden = true;
  byId("alert-text").textContent = "";
  alertKind = null;
}

/** Say something in the polite live region only (progress milestones): nothing on screen. */
export function announce(text) {
  const region = byId("status");
  // Re-setting the same text is not re-announced; blank it first.
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 30);
}

/** Say something calm: spoken, and shown in a notice that goes by itself (or with Dismiss). */
export function notify(text) {
  announce(text);
  byId("notice-text").textContent = text;
  byId("notice").hidden = false;
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(hideNotice, NOTICE_SECONDS * 1000);
}

export function hideNotice() {
  window.clearTimeout(noticeTimer);
  byId("notice").hidden = true;
}

/** Tie a message to a form field (aria-describedby + aria-invalid); focus the first one shown. */
export function showFieldError(input, text) {
  const box = byId(`${input.id}-error`);
  box.textContent = text;
  box.hidden = false;
  input.setAttribute("aria-invalid", "true");
  const described = new Set((input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean));
  described.add(box.id);
  input.setAttribute("aria-describedby", [...described].join(" "));
}

export function clearFieldError(input) {
  const box = byId(`${input.id}-error`);
  if (!box) return;
  box.hidden = true;
  box.textContent = "";
  input.removeAttribute("aria-invalid");
  const described = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter((id) => id && id !== box.id);
  if (described.length) input.setAttribute("aria-describedby", described.join(" "));
  else input.removeAttribute("aria-describedby");
}

/**
 * Ask for confirmation in a real modal <dialog>; resolves true when the user confirms.
 * Focus starts on Cancel so Enter never destroys anything by accident.
 */
export function confirmAction({ title, text, confirmLabel = "OK" }) {
  const dialog = byId("confirm-dialog");
  if (typeof dialog.showModal !== "function") return Promise.resolve(window.confirm(`${title}\n\n${text}`));
  byId("confirm-title").textContent = title;
  byId("confirm-text").textContent = text;
  byId("confirm-ok").textContent = confirmLabel;
  dialog.returnValue = "cancel";
  return new Promise((resolve) => {
    const opener = document.activeElement;
    dialog.addEventListener(
      "close",
      () => {
        if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
        resolve(dialog.returnValue === "ok");
      },
      { once: true },
    );
    dialog.showModal();
    byId("confirm-cancel").focus();
  });
}

/** Disable a set of controls while an async action runs, so nothing is sent twice. */
export async function whileBusy(controls, action) {
  const list = controls.filter(Boolean);
  list.forEach((control) => {
    control.disabled = true;
    control.setAttribute("aria-busy", "true");
  });
  try {
    return await action();
  } finally {
    list.forEach((control) => {
      control.disabled = false;
      control.removeAttribute("aria-busy");
    });
  }
}

/** "Image failed: <reason>", unless the reason already says which step failed. */
export function failureText(stepName, reason) {
  if (!reason) return `${stepName} failed.`;
  return reason.toLowerCase().startsWith(stepName.toLowerCase()) ? reason : `${stepName} failed: ${reason}`;
}

/** The file name of a resource URL ("generated_stories/7/image/p1.png" -> "image-p1.png"). */
export function fileLabel(url, taskId) {
  const marker = `/${taskId}/`;
  const at = url.indexOf(marker);
  const inside = at >= 0 ? url.slice(at + marker.length) : url.split("/").pop();
  return inside.replaceAll("/", "-");
}

export function formatBytes(size) {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

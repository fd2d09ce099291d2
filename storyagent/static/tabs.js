// Keeps the page's tabs in step: what one tab changes (a story created, started, stopped or
// deleted; a login or logout) is told to the others over a BroadcastChannel, so they refresh
// instead of offering stale buttons. Browsers without the channel still refresh on focus.

const CHANNEL_NAME = "storyagent";
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : null;

/** Tell the other tabs of this page what changed: {kind: "tasks" | "task" | "login" | "logout", id?}. */
export function tellOtherTabs(message) {
  try {
    channel?.postMessage(message);
  } catch {
    /* a closed channel (page unloading): nothing to tell */
  }
}

/** Call fn(message) for each change another tab reports. */
export function onOtherTab(fn) {
  channel?.addEventListener("message", (event) => {
    if (event.data && typeof event.data.kind === "string") fn(event.data);
  });
}

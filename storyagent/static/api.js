// The only module that speaks HTTP to the service. The access token lives in memory only;
// the refresh token is an HttpOnly cookie the browser sends to /api/refresh by itself. A plain
// marker in localStorage (never a token) says a session may exist, so a first visit sends no
// refresh that can only fail.
import { UNREACHABLE } from "./words.js";

export class ApiError extends Error {
  /** An error answer of the API, carrying its {"detail"} text for the user. */
  constructor(status, detail, retryAfter = null) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

const SESSION_ENDED = "Your session has ended. Please log in again.";
const SESSION_HINT_KEY = "storyagent.session"; // "1" between a login and a logout

let accessToken = null;
let pendingRefresh = null;
const expiryListeners = new Set();
const answerListeners = new Set();

/** Call fn() when a request finds the session gone for good (refresh failed too). */
export function onSessionExpired(fn) {
  expiryListeners.add(fn);
}

/** Call fn() whenever the server answers anything at all (it is reachable again). */
export function onServerAnswer(fn) {
  answerListeners.add(fn);
}

function setSessionHint(present) {
  try {
    if (present) window.localStorage.setItem(SESSION_HINT_KEY, "1");
    else window.localStorage.removeItem(SESSION_HINT_KEY);
  } catch {
    /* storage disabled: the page still works, it just tries a refresh */
  }
}

/** Whether this browser logged in and has not logged out since (so a refresh cookie may exist). */
export function mayHaveSession() {
  try {
    return window.localStorage.getItem(SESSION_HINT_KEY) === "1";
  } catch {
    return true;
  }
}

async function errorFrom(response) {
  // Every API error is {"detail": "..."}; fall back to the status line for anything else.
  let detail = `${response.status} ${response.statusText || "error"}`.trim();
  try {
    const body = await response.json();
    if (body && typeof body.detail === "string" && body.detail) detail = body.detail;
  } catch {
    /* not JSON: keep the status line */
  }
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") || "", 10);
  return new ApiError(response.status, detail, Number.isFinite(retryAfter) ? retryAfter : null);
}

async function send(method, path, { json, query, auth = true } = {}) {
  // One fetch with the bearer token (when we have one); network failures become ApiError(0).
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) url.searchParams.set(key, String(value));
  const headers = { Accept: "application/json" };
  if (json !== undefined) headers["Content-Type"] = "application/json";
  if (auth && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  // a proxy's 502/504 means the service itself is still out of reach
  if (response.status !== 502 && response.status !== 504) answerListeners.forEach((fn) => fn());
  return response;
}

async function exchangeRefreshCookie() {
  // Returns true with a fresh access token, false when there is no valid session.
  const response = await send("POST", "/api/refresh", { auth: false });
  if (!response.ok) {
    accessToken = null;
    if (response.status === 401) setSessionHint(false);
    return false;
  }
  const body = await response.json();
  accessToken = body.access_token;
  setSessionHint(Boolean(accessToken));
  return Boolean(accessToken);
}

/** Trade the refresh cookie for an access token; concurrent callers share one request. */
export function refreshSession() {
  if (!pendingRefresh) {
    pendingRefresh = exchangeRefreshCookie().finally(() => {
      pendingRefresh = null;
    });
  }
  return pendingRefresh;
}

async function request(method, path, options = {}) {
  // Authenticated call: on a 401, refresh once and retry; a second failure ends the session.
  let response = await send(method, path, options);
  if (response.status === 401 && options.auth !== false) {
    let renewed = false;
    try {
      renewed = await refreshSession();
    } catch {
      renewed = false;
    }
    if (!renewed) {
      accessToken = null;
      if (!options.quiet) expiryListeners.forEach((fn) => fn());
      throw new ApiError(401, SESSION_ENDED);
    }
    response = await send(method, path, options);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function requestJson(method, path, options) {
  const response = await request(method, path, options);
  return response.json();
}

export const api = {
  hasSession: () => Boolean(accessToken),

  register: (username, password) =>
    requestJson("POST", "/api/register", { json: { username, password }, auth: false }),

  async login(username, password) {
    const body = await requestJson("POST", "/api/login", { json: { username, password }, auth: false });
    accessToken = body.access_token;
    setSessionHint(true);
    return body;
  },

  async logout() {
    // Revoke the refresh cookie server-side (refreshing a stale access token first, else the
    // cookie would survive); forget the access token whatever happens.
    try {
      await request("POST", "/api/logout", { quiet: true });
    } catch (error) {
      if (error.status !== 401) throw error;
    } finally {
      accessToken = null;
      setSessionHint(false);
    }
  },

  /** Forget the session in this page (another tab logged out: its cookie is gone already). */
  forget() {
    accessToken = null;
  },

  workflow: () => requestJson("GET", "/api/task/workflow"),
  myTasks: () => requestJson("GET", "/api/task/mytasks"),
  createTask: (fields) => requestJson("POST", "/api/task/new", { json: fields }),
  progress: (taskId) => requestJson("GET", `/api/task/${taskId}/progress`),
  /** Run a segment; with `through`, the server runs each next one up to it too (a chain). */
  execute: (taskId, segment, { redo = false, through = null } = {}) =>
    requestJson("POST", `/api/task/${taskId}/execute/${segment}`, {
      query: { redo: redo ? "true" : "false", ...(through ? { through } : {}) },
    }),
  cancel: (taskId) => requestJson("POST", `/api/task/${taskId}/cancel`),
  resources: (taskId, segment) =>
    requestJson("GET", `/api/task/${taskId}/resource`, { query: { segmentId: segment } }),
  deleteTask: (taskId) => requestJson("DELETE", `/api/task/${taskId}`),
  putStory: (taskId, story) => requestJson("PUT", `/api/task/${taskId}/story`, { json: story }),
  voices: () => requestJson("GET", "/api/voices"),

  /** A short WAV of a voice reading a line, as a Blob. */
  async voicePreview(name, language) {
    const response = await request("GET", `/api/voices/${encodeURIComponent(name)}/preview`, { query: { language } });
    return response.blob();
  },

  /** Download one listed file (bearer token, so never a plain link) as a Blob. */
  async download(url) {
    const response = await request("GET", "/api/resource", { query: { url } });
    return response.blob();
  },

  /** The whole story (every listed file of its finished steps) as one zip Blob. */
  async archive(taskId) {
    const response = await request("GET", `/api/task/${taskId}/archive`);
    return response.blob();
  },
};

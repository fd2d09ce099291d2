// Plain words for the people using the page: the API's answers and the workers' progress notes
// are written for developers ("frame 144 of 1535", "pass redo=true"); these say what happened
// and what to do next.

export const USERNAME_RULE = /^[A-Za-z0-9_.-]{3,64}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const WRONG_LOGIN = "Wrong username or password. Check both and try again.";
export const UNREACHABLE = "Cannot reach the server. Check your connection; the page keeps trying and will carry on by itself.";

const seconds = (n) => `${n} second${n === 1 ? "" : "s"}`;
const waitWords = (retryAfter, fallback) => (retryAfter ? `in ${seconds(retryAfter)}` : fallback);

/** What a worker's progress note means, in words a reader of the page would use. */
export function plainProgress(message, stepName) {
  const text = String(message || "").trim();
  const rules = [
    [/^queued$/i, () => "Waiting for its turn…"],
    [/started$/i, () => "Starting…"],
    [/^rendering video: frame (\d+) of (\d+)/i, (m) => `Filming the pages: ${Math.floor((100 * m[1]) / Math.max(1, m[2]))}% filmed`],
    [/^rendering ([\d.]+) s of video/i, (m) => `Filming a ${Math.round(Number(m[1]))}-second film…`],
    [/^planning the video/i, () => "Planning the film…"],
    [/^mixing the soundtrack/i, () => "Mixing the narration into a soundtrack…"],
    [/^video ready/i, () => "The film is ready."],
    [/^drawing page (\d+) of (\d+)/i, (m) => `Painting page ${m[1]} of ${m[2]}…`],
    [/^drew (\d+) pages/i, (m) => `Painted ${m[1]} pages.`],
    [/^splitting page (\d+) of (\d+)/i, (m) => `Splitting page ${m[1]} of ${m[2]} into sentences…`],
    [/^split into sentences/i, () => "Split into sentences."],
    [/^narrating (\d+) sentences/i, (m) => `Recording ${m[1]} sentences…`],
    [/^narrated page (\d+) sentence (\d+)/i, (m) => `Recorded page ${m[1]}, sentence ${m[2]}…`],
    [/^saving story\.json/i, () => "Saving the story…"],
    [/^planning the story: question (\d+)/i, () => "Planning the story…"],
    [/^writing chapter (\d+) of (\d+)/i, (m) => `Writing part ${m[1]} of ${m[2]}…`],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(text);
    if (match) return say(match);
  }
  if (!text) return stepName ? `${stepName}: working…` : "Working…";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The API's refusal of a run, turned into what happened and what to do now. */
export function runRefusal(error, stepName) {
  switch (error.status) {
    case 0:
      return UNREACHABLE;
    case 404:
      return "This story no longer exists: it may have been deleted in another tab or window. Pick another story, or create a new one.";
    case 409:
      if (/already running|is running|already queued/i.test(error.detail)) {
        return `Another step of this story is already running (perhaps started in another tab). Its progress is shown here; wait for it to finish.`;
      }
      if (/already completed|already done/i.test(error.detail)) {
        return `${stepName} is already done (perhaps in another tab). The page now shows the latest state; use Redo on a step to make it again.`;
      }
      if (/nothing (is )?running|not running/i.test(error.detail)) {
        return "Nothing is running any more: the step finished or stopped by itself.";
      }
      return `${stepName} cannot run yet: an earlier step has to finish first. The page now shows which step is next.`;
    case 429:
      return `You already have as many steps running or waiting as one person may. Wait for one of your stories to finish, then press Run again${error.retryAfter ? ` (in about ${seconds(error.retryAfter)})` : ""}.`;
    case 503:
      if (/disk|space|storage/i.test(error.detail)) {
        return "The server is short of disk space and cannot make new files right now. Try again later, or delete stories you no longer need.";
      }
      return `The server is busy making other stories. Try again ${waitWords(error.retryAfter, "in a minute")}.`;
    default:
      return error.detail || String(error);
  }
}

/** A plain sentence for any API error outside a run (loading lists, files, deleting). */
export function plainError(error, what = "do that") {
  if (error.status === 0) return UNREACHABLE;
  if (error.status === 404) return runRefusal(error, "");
  if (error.status === 429 || error.status === 503) return runRefusal(error, "");
  if (error.status >= 500) return `Something went wrong on the server and it could not ${what}. Try again in a moment.`;
  return error.detail || String(error);
}

/** Problems with what was typed in the login form, per field, before anything is sent. */
export function checkCredentials(username, password, { registering }) {
  const problems = {};
  if (!username) problems.username = "Enter your username.";
  if (!password) problems.password = "Enter your password.";
  if (!registering || Object.keys(problems).length) return problems;
  if (!USERNAME_RULE.test(username)) {
    problems.username = username.length < 3 || username.length > 64
      ? "Choose a username of 3 to 64 characters."
      : "Use only letters, digits, dots (.), dashes (-) or underscores (_) in the username: no spaces or other signs.";
  }
  if (password.length < PASSWORD_MIN) {
    problems.password = `Choose a longer password: at least ${PASSWORD_MIN} characters (you typed ${password.length}).`;
  } else if (password.length > PASSWORD_MAX) {
    problems.password = `Choose a shorter password: at most ${PASSWORD_MAX} characters.`;
  } else if (password.trim().toLowerCase() === username.toLowerCase()) {
    problems.password = "Your password must not be your username. Choose something others cannot guess.";
  }
  return problems;
}

/**
 * The server's answer to a login or registration, as per-field problems ({username, password}) or
 * a general one ({form}). A login never says which of the two was wrong.
 */
export function credentialsRefusal(error, { registering }) {
  if (error.status === 0) return { form: UNREACHABLE };
  if (error.status === 429) {
    return { form: `Too many tries. Wait ${error.retryAfter ? seconds(error.retryAfter) : "a minute"}, then try again.` };
  }
  if (!registering && (error.status === 401 || error.status === 400)) return { password: WRONG_LOGIN };
  if (registering && error.status === 409) {
    return { username: "That username is taken. Choose another one, or log in if it is yours." };
  }
  if (registering && error.status === 400) {
    // the API answers "field: problem; field: problem"
    const problems = {};
    for (const part of String(error.detail).split(/;\s*|\n/)) {
      const match = /^(username|password)\s*:\s*(.+)$/i.exec(part.trim());
      if (!match) continue;
      const field = match[1].toLowerCase();
      problems[field] = field === "username"
        ? "Choose a username of 3 to 64 letters, digits, dots (.), dashes (-) or underscores (_)."
        : passwordRefusal(match[2]);
    }
    if (Object.keys(problems).length) return problems;
  }
  return { form: error.detail || String(error) };
}

function passwordRefusal(reason) {
  // length rules get the plain rule; anything else (too common, same as the username) is the server's reason
  if (/characters|length|short|long/i.test(reason) && !/common|guess|username/i.test(reason)) {
    return `Choose a password of at least ${PASSWORD_MIN} characters.`;
  }
  if (/^[A-Z].*\.$/.test(reason.trim())) return reason.trim(); // already plain sentences (the password rules' own)
  const sentence = reason.charAt(0).toUpperCase() + reason.slice(1);
  return `${sentence.replace(/\.?$/, ".")} Choose a password others cannot guess, for example a few unrelated words.`;
}

/** "zh" for text written in Chinese characters, so screen readers and fonts pick the right language. */
export function languageOf(text, fallback = null) {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(String(text || "")) ? "zh" : fallback;
}

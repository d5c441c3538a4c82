// Every request the pages make goes through here: JSON in and out, the session's token on every
// change, and one way of saying what went wrong (not logged in, locked, too fast, server gone).

let csrfToken = null;
const listeners = { loggedOut: [] };

/** An error the server (or the network) gave, with what the user should do about it. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body || {};
  }
}

export function onLoggedOut(listener) {
  listeners.loggedOut.push(listener);
}

export function setToken(token) {
  csrfToken = token;
}

function explain(status, body) {
  if (status === 0) {
    return 'The voicemail server cannot be reached. Check your network connection, then try again.';
  }
  if (status === 423) {
    const until = body.lockedUntil ? `, or try again after ${new Date(body.lockedUntil).toLocaleString([], { timeStyle: 'short', dateStyle: 'medium' })}` : '';
    return `This mailbox is locked after too many wrong PINs. Ask your administrator to unlock it${until}.`;
  }
  if (status === 429) {
    const wait = body.retryAfterSeconds ? ` Wait ${body.retryAfterSeconds} seconds, then try again.` : ' Wait a moment, then try again.';
    return 'Too many wrong PINs.' + wait;
  }
  if (status >= 500) {
    return 'The voicemail server had a problem. Try again; if it persists, tell your administrator.';
  }
  return body.error || `The request failed (HTTP ${status}).`;
}

/**
 * A request to the API (path below /api). A body that is not a Blob or ArrayBuffer is sent as JSON.
 * Resolves to the parsed JSON (or null for an empty answer); rejects with an ApiError.
 */
export async function api(method, path, body, { contentType, quietLogout } = {}) {
  const headers = { 'X-Requested-With': 'homebound-page', Accept: 'application/json' };
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  let payload;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    payload = body;
    headers['Content-Type'] = contentType || 'application/octet-stream';
  } else if (body !== undefined && body !== null) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch('/api' + path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch (networkGone) {
    throw new ApiError(0, explain(0, {}));
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (notJson) {
      json = { error: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, explain(response.status, json || {}), json);
    if (response.status === 401 && !quietLogout) {
      listeners.loggedOut.forEach((l) => l(error));
    }
    throw error;
  }
  return json;
}

/** Where the page can fetch a message's or greeting's audio in the format this browser plays. */
export function playableFormat() {
  const probe = document.createElement('audio');
  return probe.canPlayType('audio/ogg; codecs=opus') ? 'ogg' : 'wav';
}

/** Says something to everyone, including screen readers (the page's live region). */
export function announce(message, { error = false } = {}) {
  const region = document.getElementById('status');
  if (!region) {
    return;
  }
  region.textContent = message;
  region.classList.toggle('error', error);
}

/** A duration in milliseconds as m:ss. */
export function duration(ms) {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A moment as the person reading it would say it: time today, else date and time. */
export function when(iso) {
  const d = new Date(iso);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** Creates an element with attributes and children (text or nodes); no HTML strings, so nothing is injected. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      node.className = value;
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

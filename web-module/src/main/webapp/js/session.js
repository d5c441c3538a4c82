// The login every page shares: who is logged in, logging in and out.
import { api, setToken, onLoggedOut, announce } from './api.js';

let current = null;

/** The logged-in user, or null (the page then shows its login). */
export async function currentSession() {
  try {
    current = await api('GET', '/session', null, { quietLogout: true });
    setToken(current.csrfToken);
  } catch (e) {
    if (e.status !== 401) {
      throw e;
    }
    current = null;
  }
  return current;
}

export async function logIn(user, pin) {
  current = await api('POST', '/session', { user, pin }, { quietLogout: true });
  setToken(current.csrfToken);
  return current;
}

export async function logOut() {
  try {
    await api('DELETE', '/session', null, { quietLogout: true });
  } finally {
    current = null;
    setToken(null);
  }
}

/** Shows the login again when the server says the session has ended. */
export function whenLoggedOut(show) {
  onLoggedOut(() => {
    current = null;
    setToken(null);
    announce('Your session has ended. Please log in again.', { error: true });
    show();
  });
}

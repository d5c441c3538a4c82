// The subscriber's inbox: log in, new and saved messages (newest first), play, save, mark new,
// delete with undo, the greeting (hear, record, upload, default), email of new messages and the PIN.
// A link from an email (#message=ID) opens the inbox at that message.
import { api, announce, duration, when, el, playableFormat } from './api.js';
import { currentSession, logIn, logOut, whenLoggedOut } from './session.js';
import { toWav } from './wav.js';

const $ = (id) => document.getElementById(id);
const format = playableFormat();
const items = new Map(); // message id -> its <li>, kept across refreshes so a playing message keeps playing
let session = null;
let events = null;
let pollTimer = null;

function show(sectionIds) {
  for (const id of ['login', 'inbox', 'greeting', 'email', 'pin']) {
    $(id).hidden = !sectionIds.includes(id);
  }
}

function showLogin() {
  stopWatching();
  session = null;
  $('who').hidden = true;
  show(['login']);
  $('login-user').focus();
}

async function start() {
  whenLoggedOut(showLogin);
  $('login-form').addEventListener('submit', submitLogin);
  $('logout').addEventListener('click', async () => {
    await logOut().catch(() => {});
    announce('You are logged out.');
    showLogin();
  });
  $('pin-form').addEventListener('submit', changePin);
  $('email-form').addEventListener('submit', saveEmail);
  $('greeting-upload').addEventListener('submit', uploadGreeting);
  $('greeting-default').addEventListener('click', defaultGreeting);
  $('record-start').addEventListener('click', startRecording);
  $('record-stop').addEventListener('click', stopRecording);
  $('recorded-save').addEventListener('click', saveRecording);
  $('recorded-discard').addEventListener('click', discardRecording);
  try {
    const s = await currentSession();
    if (s) {
      await enter(s);
    } else {
      showLogin();
    }
  } catch (e) {
    announce(e.message, { error: true });
    showLogin();
  }
}

async function submitLogin(event) {
  event.preventDefault();
  const user = $('login-user').value.trim();
  const pin = $('login-pin').value;
  if (!user || !pin) {
    announce('Enter your mailbox number and your PIN.', { error: true });
    return;
  }
  try {
    const s = await logIn(user, pin);
    $('login-pin').value = '';
    await enter(s);
  } catch (e) {
    $('login-pin').value = '';
    const message = e.status === 401 ? 'That mailbox number and PIN do not match. Check them and try again.' : e.message;
    announce(message, { error: true });
    $('login-pin').focus();
  }
}

async function enter(s) {
  if (s.role === 'admin') {
    window.location.assign('admin.html');
    return;
  }
  session = s;
  $('site-name').textContent = `· ${s.siteName}`;
  $('who-name').textContent = s.name ? `${s.name} · mailbox ${s.user}` : `Mailbox ${s.user}`;
  $('who').hidden = false;
  await refresh(); // filled before it is shown: no empty inbox flashes by
  await loadGreeting();
  await loadEmail();
  show(['inbox', 'greeting', 'email', 'pin']);
  watch();
  if (!showLinkedMessage()) {
    $('inbox-title').focus();
  }
}

/** The message an email links to (#message=ID), brought into view and focused; false if there is none. */
function showLinkedMessage() {
  const linked = /^#message=([0-9a-f-]{36})$/i.exec(window.location.hash);
  const li = linked && items.get(linked[1].toLowerCase());
  if (!li) {
    if (linked) {
      announce('That message is no longer in your mailbox.', { error: true });
    }
    return false;
  }
  li.classList.add('linked');
  const article = li.querySelector('article');
  article.tabIndex = -1;
  article.focus();
  li.scrollIntoView({ block: 'center' });
  return true;
}

const base = () => `/mailboxes/${encodeURIComponent(session.user)}`;

/** Loads the messages and shows them, reusing the items already on the page. */
async function refresh() {
  if (!session) {
    return;
  }
  const [messages, deleted] = await Promise.all([api('GET', `${base()}/messages`), api('GET', `${base()}/messages/deleted`)]);
  const newest = (a, b) => b.receivedAt.localeCompare(a.receivedAt);
  const fresh = messages.filter((m) => !m.heard).sort(newest);
  const saved = messages.filter((m) => m.heard).sort(newest);
  const seen = new Set();
  place($('new-messages'), fresh, seen);
  place($('saved-messages'), saved, seen);
  place($('deleted-messages'), deleted, seen);
  for (const [id, li] of items) {
    if (!seen.has(id)) {
      li.remove();
      items.delete(id);
    }
  }
  $('no-new').hidden = fresh.length > 0;
  $('no-saved').hidden = saved.length > 0;
  $('deleted-count').textContent = deleted.length;
  $('counts').textContent = `${fresh.length} new, ${saved.length} saved`;
  document.title = fresh.length ? `(${fresh.length}) Homebound voicemail` : 'Homebound voicemail';
}

function place(list, messages, seen) {
  for (const m of messages) {
    seen.add(m.id);
    let li = items.get(m.id);
    if (!li) {
      li = messageItem(m);
      items.set(m.id, li);
    }
    update(li, m);
    list.append(li); // moving keeps a playing message playing
  }
}

function callerOf(m) {
  if (m.fromName && m.from) {
    return `${m.fromName} (${m.from})`;
  }
  return m.from || 'Unknown caller';
}

function messageItem(m) {
  const player = el('audio', {
    controls: true, preload: 'none', 'aria-label': `Message from ${callerOf(m)}, ${duration(m.durationMillis)}`,
    src: `/api${base()}/messages/${m.id}/audio?format=${format}`,
  });
  player.addEventListener('play', () => markHeardOnPlay(m.id));
  const li = el('li', { class: 'message', 'data-id': m.id },
    el('article', { 'aria-label': `Message from ${callerOf(m)}` },
      el('h3', {}, el('span', { class: 'badge', 'data-role': 'new' }, 'New'), ' ', el('span', { class: 'caller' }, callerOf(m))),
      el('p', { class: 'meta' },
        el('time', { datetime: m.receivedAt }, when(m.receivedAt)), ' · ',
        el('span', { 'aria-label': `length ${duration(m.durationMillis)}` }, duration(m.durationMillis)), ' · ',
        el('span', {}, `recorded at ${m.recordingSite}`)),
      player,
      el('div', { class: 'actions' },
        el('button', { type: 'button', 'data-action': 'save', onclick: () => act(m.id, 'heard', 'Message saved.') }, 'Save'),
        el('button', { type: 'button', 'data-action': 'new', onclick: () => act(m.id, 'new', 'Message marked as new.') }, 'Mark as new'),
        el('a', { href: `/api${base()}/messages/${m.id}/audio?format=wav&download=true`, 'data-action': 'download' }, 'Download'),
        el('button', { type: 'button', 'data-action': 'delete', onclick: () => remove(m) }, 'Delete'),
        el('button', { type: 'button', 'data-action': 'restore', onclick: () => restore(m) }, 'Restore'))));
  return li;
}

/** Shows the message's state in its item: new marker and the buttons that apply. */
function update(li, m) {
  const deleted = Boolean(m.deletedAt);
  li.classList.toggle('unheard', !m.heard && !deleted);
  li.querySelector('[data-role=new]').hidden = m.heard || deleted;
  li.querySelector('[data-action=save]').hidden = m.heard || deleted;
  li.querySelector('[data-action=new]').hidden = !m.heard || deleted;
  li.querySelector('[data-action=delete]').hidden = deleted;
  li.querySelector('[data-action=restore]').hidden = !deleted;
  li.dataset.heard = String(m.heard);
}

async function markHeardOnPlay(id) {
  const li = items.get(id);
  if (!li || li.dataset.heard === 'true') {
    return;
  }
  li.dataset.heard = 'true';
  try {
    await api('POST', `${base()}/messages/${id}/heard`);
    await refresh();
  } catch (e) {
    li.dataset.heard = 'false';
    announce(e.message, { error: true });
  }
}

async function act(id, what, said) {
  try {
    await api('POST', `${base()}/messages/${id}/${what}`);
    announce(said);
    await refresh();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function remove(m) {
  try {
    const player = items.get(m.id)?.querySelector('audio');
    player?.pause();
    await api('DELETE', `${base()}/messages/${m.id}`);
    await refresh();
    offerUndo(m);
  } catch (e) {
    announce(e.message, { error: true });
  }
}

/** Says the message was deleted, with an Undo button that takes the keyboard's focus. */
function offerUndo(m) {
  const region = $('status');
  region.classList.remove('error');
  region.replaceChildren(`Message from ${callerOf(m)} deleted. `,
    el('button', { type: 'button', id: 'undo', onclick: () => restore(m) }, 'Undo'));
  $('undo').focus();
}

async function restore(m) {
  try {
    await api('POST', `${base()}/messages/${m.id}/restore`);
    announce(`Message from ${callerOf(m)} restored.`);
    await refresh();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

/** Server-sent events tell the page at once when the mailbox changes; a slow poll covers a lost stream. */
function watch() {
  stopWatching();
  if ('EventSource' in window) {
    events = new EventSource(`/api${base()}/events`);
    events.addEventListener('changed', () => refresh().catch(() => {}));
  }
  pollTimer = window.setInterval(() => {
    if (!events || events.readyState !== EventSource.OPEN) {
      refresh().catch(() => {});
    }
  }, 30000);
}

function stopWatching() {
  events?.close();
  events = null;
  window.clearInterval(pollTimer);
}

// ---- greeting ----

async function loadGreeting() {
  const g = await api('GET', `${base()}/greeting`);
  const player = $('greeting-player');
  if (g.personal) {
    $('greeting-state').textContent = `Callers hear your own greeting (${duration(g.durationMillis)}, recorded ${when(g.changedAt)}).`;
    player.src = `/api${base()}/greeting/audio?format=${format}&v=${encodeURIComponent(g.changedAt)}`;
    player.hidden = false;
    $('greeting-default').disabled = false;
  } else {
    $('greeting-state').textContent = 'Callers hear the default greeting ("The person at extension … is not available").';
    player.removeAttribute('src');
    player.hidden = true;
    $('greeting-default').disabled = true;
  }
}

async function putGreeting(wav) {
  await api('PUT', `${base()}/greeting`, wav, { contentType: 'audio/wav' });
  announce('Your greeting is saved. The next caller hears it.');
  await loadGreeting();
}

async function uploadGreeting(event) {
  event.preventDefault();
  const file = $('greeting-file').files[0];
  if (!file) {
    announce('Choose a WAV file first.', { error: true });
    return;
  }
  try {
    await putGreeting(file);
    $('greeting-file').value = '';
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function defaultGreeting() {
  try {
    await api('DELETE', `${base()}/greeting`);
    announce('Callers now hear the default greeting.');
    await loadGreeting();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

let recorder = null;
let recorded = null;
let recordingLimit = null;

async function startRecording() {
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    announce('This browser cannot record here. Upload a WAV file instead.', { error: true });
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    announce('The microphone is not available (allow it for this page, or upload a WAV file).', { error: true });
    return;
  }
  const chunks = [];
  recorder = new MediaRecorder(stream);
  recorder.addEventListener('dataavailable', (e) => chunks.push(e.data));
  recorder.addEventListener('stop', async () => {
    stream.getTracks().forEach((t) => t.stop());
    window.clearTimeout(recordingLimit);
    try {
      recorded = await toWav(new Blob(chunks, { type: recorder.mimeType }));
      $('recorded-player').src = URL.createObjectURL(recorded);
      $('recorded').hidden = false;
      announce('Recording finished. Listen to it, then save it or discard it.');
      $('recorded-save').focus();
    } catch (e) {
      announce('The recording could not be read. Try again, or upload a WAV file.', { error: true });
    }
    $('record-start').disabled = false;
    $('record-stop').disabled = true;
  });
  recorder.start();
  recordingLimit = window.setTimeout(stopRecording, 120000);
  $('record-start').disabled = true;
  $('record-stop').disabled = false;
  $('record-stop').focus();
  announce('Recording… speak your greeting, then choose Stop recording.');
}

function stopRecording() {
  if (recorder && recorder.state === 'recording') {
    recorder.stop();
  }
}

async function saveRecording() {
  try {
    await putGreeting(recorded);
    discardRecording();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

function discardRecording() {
  recorded = null;
  $('recorded').hidden = true;
  $('recorded-player').removeAttribute('src');
}

// ---- Email ----

async function loadEmail() {
  const e = await api('GET', `${base()}/email`);
  $('email-addresses').value = e.addresses.join(', ');
  $('email-attachment').value = e.attachment;
  $('email-after').value = e.afterEmail;
}

async function saveEmail(event) {
  event.preventDefault();
  const addresses = $('email-addresses').value.split(',').map((a) => a.trim()).filter((a) => a);
  try {
    const e = await api('PUT', `${base()}/email`,
      { addresses, attachment: $('email-attachment').value, afterEmail: $('email-after').value });
    announce(e.addresses.length ? `New messages will be emailed to ${e.addresses.join(', ')}.` : 'New messages are no longer emailed.');
  } catch (e) {
    announce(e.message, { error: true });
    $('email-addresses').focus();
  }
}

// ---- PIN ----

async function changePin(event) {
  event.preventDefault();
  const current = $('pin-current').value;
  const next = $('pin-new').value;
  if (next !== $('pin-repeat').value) {
    announce('The two new PINs are not the same. Type the new PIN twice.', { error: true });
    $('pin-repeat').focus();
    return;
  }
  try {
    await api('PUT', `${base()}/pin`, { currentPin: current, newPin: next });
    $('pin-form').reset();
    announce('Your PIN is changed. Use the new one on the phone too.');
  } catch (e) {
    announce(e.message, { error: true });
  }
}

start();

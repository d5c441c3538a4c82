// The administrator's console: mailboxes (search, create, edit, enable/disable, PIN reset and
// unlock), the network as this site sees it (availability, held messages, forward now and the
// drain's progress), the directory, undeliverable messages, failing emails (resend) and a message's trace.
import { api, announce, duration, when, el } from './api.js';
import { currentSession, logOut, whenLoggedOut } from './session.js';

const $ = (id) => document.getElementById(id);
const SECTIONS = ['mailboxes', 'network', 'directory', 'messages'];
let mailboxes = [];
let editing = null;
let networkTimer = null;
let sites = [];

async function start() {
  whenLoggedOut(() => window.location.assign('index.html'));
  let s;
  try {
    s = await currentSession();
  } catch (e) {
    announce(e.message, { error: true });
    return;
  }
  if (!s || s.role !== 'admin') {
    window.location.assign('index.html');
    return;
  }
  $('site-name').textContent = s.siteName === s.site ? `· ${s.site}` : `· ${s.siteName} (${s.site})`;
  $('who-name').textContent = s.user;
  $('who').hidden = false;
  $('logout').addEventListener('click', async () => {
    await logOut().catch(() => {});
    window.location.assign('index.html');
  });
  $('search').addEventListener('input', renderMailboxes);
  $('mailbox-search').addEventListener('submit', (e) => e.preventDefault());
  $('mailbox-form').addEventListener('submit', saveMailbox);
  $('mb-cancel').addEventListener('click', stopEditing);
  $('range-add').addEventListener('click', () => $('range-rows').append(rangeRow({ first: '', last: '', site: '' })));
  $('range-save').addEventListener('click', saveRanges);
  $('override-form').addEventListener('submit', saveOverride);
  $('trace-form').addEventListener('submit', traceMessage);
  window.addEventListener('hashchange', route);
  await route();
}

async function route() {
  const wanted = window.location.hash.slice(1);
  const current = SECTIONS.includes(wanted) ? wanted : 'mailboxes';
  for (const id of SECTIONS) {
    $(id).hidden = id !== current;
    const tab = $(`tab-${id}`);
    if (id === current) {
      tab.setAttribute('aria-current', 'page');
    } else {
      tab.removeAttribute('aria-current');
    }
  }
  window.clearInterval(networkTimer);
  if (wanted) {
    announce(''); // what was said belongs to the section left behind
  }
  try {
    if (current === 'mailboxes') {
      await loadMailboxes();
    } else if (current === 'network') {
      await loadNetwork();
      networkTimer = window.setInterval(() => loadNetwork().catch(() => {}), 2000);
    } else if (current === 'directory') {
      await loadDirectory();
    } else {
      await loadUndeliverable();
      await loadEmail();
    }
  } catch (e) {
    announce(e.message, { error: true });
  }
  if (wanted) {
    $(`${current}-title`).focus();
  }
}

// ---- mailboxes ----

async function loadMailboxes() {
  mailboxes = await api('GET', '/admin/mailboxes');
  renderMailboxes();
  await loadLockouts();
}

function renderMailboxes() {
  const q = $('search').value.trim().toLowerCase();
  const shown = mailboxes.filter((m) => !q || m.extension.includes(q) || m.name.toLowerCase().includes(q))
    .sort((a, b) => a.extension.localeCompare(b.extension));
  $('mailbox-rows').replaceChildren(...shown.map((m) => el('tr', { 'data-extension': m.extension },
    el('th', { scope: 'row' }, m.extension),
    el('td', {}, m.name),
    el('td', {}, m.homeSite),
    el('td', {}, `${m.newMessages} new, ${m.oldMessages} saved`),
    el('td', {}, m.enabled ? 'enabled' : el('span', { class: 'badge down' }, 'disabled'),
      m.pinLocked ? [' ', el('span', { class: 'badge alarm' }, 'PIN locked')] : null,
      !m.pinLocked && m.wrongPins > 0 ? ` · ${m.wrongPins} wrong PIN${m.wrongPins === 1 ? '' : 's'}` : null,
      m.emailFailures > 0 ? [' ', el('a', { href: '#messages', class: 'badge alarm' }, `${m.emailFailures} email${m.emailFailures === 1 ? '' : 's'} failing`)] : null),
    el('td', {}, el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => startEditing(m), 'aria-label': `Edit mailbox ${m.extension}` }, 'Edit'),
      el('button', { type: 'button', onclick: () => setEnabled(m, !m.enabled), 'aria-label': `${m.enabled ? 'Disable' : 'Enable'} mailbox ${m.extension}` },
        m.enabled ? 'Disable' : 'Enable'),
      m.pinLocked || m.wrongPins > 0
        ? el('button', { type: 'button', onclick: () => unlock(m), 'aria-label': `Unlock mailbox ${m.extension}` }, 'Unlock') : null)))));
}

function startEditing(m) {
  editing = m.extension;
  $('edit-title').textContent = `Edit mailbox ${m.extension}`;
  $('mb-extension').value = m.extension;
  $('mb-extension').disabled = true;
  $('mb-name').value = m.name;
  $('mb-quota').value = m.quota;
  $('mb-email').value = m.email.addresses.join(', ');
  $('mb-attachment').value = m.email.attachment;
  $('mb-after').value = m.email.afterEmail;
  $('mb-pin').value = '';
  $('mb-pin-hint').textContent = '(leave empty to keep it; a new one resets it)';
  $('mb-submit').textContent = 'Save changes';
  $('mb-cancel').hidden = false;
  $('mb-name').focus();
}

function stopEditing() {
  editing = null;
  $('mailbox-form').reset();
  $('edit-title').textContent = 'Create a mailbox';
  $('mb-extension').disabled = false;
  $('mb-pin-hint').textContent = '(4-12 digits)';
  $('mb-submit').textContent = 'Create mailbox';
  $('mb-cancel').hidden = true;
}

async function saveMailbox(event) {
  event.preventDefault();
  const body = { name: $('mb-name').value.trim() };
  if ($('mb-pin').value) {
    body.pin = $('mb-pin').value;
  }
  if ($('mb-quota').value) {
    body.quota = Number($('mb-quota').value);
  }
  body.email = {
    addresses: $('mb-email').value.split(',').map((a) => a.trim()).filter((a) => a),
    attachment: $('mb-attachment').value,
    afterEmail: $('mb-after').value,
  };
  try {
    if (editing) {
      await api('PUT', `/admin/mailboxes/${encodeURIComponent(editing)}`, body);
      announce(`Mailbox ${editing} saved${body.pin ? ' with its new PIN' : ''}.`);
    } else {
      body.extension = $('mb-extension').value.trim();
      await api('POST', '/admin/mailboxes', body);
      announce(`Mailbox ${body.extension} created.`);
    }
    stopEditing();
    await loadMailboxes();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function setEnabled(m, enabled) {
  try {
    await api('POST', `/admin/mailboxes/${encodeURIComponent(m.extension)}/${enabled ? 'enable' : 'disable'}`);
    announce(`Mailbox ${m.extension} ${enabled ? 'enabled' : 'disabled'}.`);
    await loadMailboxes();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function unlock(m) {
  try {
    await api('POST', `/admin/mailboxes/${encodeURIComponent(m.extension)}/unlock`);
    announce(`Mailbox ${m.extension} unlocked: its owner can log in again.`);
    await loadMailboxes();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function loadLockouts() {
  const l = await api('GET', '/admin/lockouts');
  const rows = [
    ...l.accounts.map((a) => el('li', {}, `${a.username}: ${a.failedLogins} wrong in a row, last ${when(a.lastFailedAt)}`,
      a.locked ? ` — locked${a.until ? ` until ${when(a.until)}` : ' until unlocked'}` : '')),
    ...l.sources.map((s) => el('li', {}, `${s.source}: slowed until ${when(s.until)} after wrong PINs for ${s.failedMailboxes} mailboxes `,
      el('button', { type: 'button', onclick: () => release(s.source) }, 'Release'))),
  ];
  $('lockouts').replaceChildren(...(rows.length ? rows : [el('li', { class: 'empty' }, 'None.')]));
}

async function release(source) {
  try {
    await api('DELETE', `/admin/lockouts/sources/${encodeURIComponent(source)}`);
    announce(`${source} may try again at once.`);
    await loadLockouts();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

// ---- network ----

function age(iso) {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 120) {
    return `${s} s`;
  }
  if (s < 7200) {
    return `${Math.round(s / 60)} min`;
  }
  return `${Math.round(s / 3600)} h`;
}

async function loadNetwork() {
  sites = await api('GET', '/admin/sites');
  const rows = [];
  for (const s of sites) {
    const held = (s.messages && s.messages.HELD) || 0;
    const sent = (s.messages && s.messages.SENT) || 0;
    let oldest = '';
    if (held > 0) {
      const first = await api('GET', `/admin/sites/${encodeURIComponent(s.id)}/held?limit=1`);
      oldest = first.length ? `, oldest ${age(first[0].receivedAt)} old` : '';
    }
    rows.push(el('tr', { 'data-site': s.id },
      el('th', { scope: 'row' }, s.name && s.name !== s.id ? `${s.name} (${s.id})` : s.id),
      el('td', {},
        el('span', { class: `badge ${s.availability}` }, s.availability),
        s.alarm ? [' ', el('span', { class: 'badge alarm' }, 'ALARM')] : null,
        s.since ? ` since ${when(s.since)}` : '',
        s.detail ? el('div', { class: 'hint' }, s.detail) : null),
      el('td', { 'data-role': 'held' }, s.local ? '—' : `${held} held${oldest}${sent ? `, ${sent} sent awaiting receipt` : ''}`),
      el('td', {}, s.local ? 'this site' : el('div', { class: 'actions' },
        el('button', { type: 'button', onclick: () => showHeld(s), 'aria-label': `Held messages for ${s.id}` }, 'Show held'),
        el('button', { type: 'button', onclick: () => forwardNow(s), 'aria-label': `Forward now to ${s.id}` }, 'Forward now')))));
  }
  $('site-rows').replaceChildren(...rows);
}

async function showHeld(site) {
  const held = await api('GET', `/admin/sites/${encodeURIComponent(site.id)}/held?limit=100`);
  $('held').hidden = false;
  $('held-title').textContent = `Held here for ${site.id} (${held.length}${held.length === 100 ? ' or more' : ''})`;
  $('held-list').replaceChildren(...(held.length ? held.map(summaryItem) : [el('li', { class: 'empty' }, 'None.')]));
  $('held-title').focus();
}

async function forwardNow(site) {
  try {
    await api('POST', `/admin/sites/${encodeURIComponent(site.id)}/forward`);
    announce(`Forwarding to ${site.id}: the held count falls as the messages go.`);
    await loadNetwork();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

function summaryItem(m) {
  return el('li', { class: 'message' },
    el('h3', {}, `For ${m.extension} from ${m.from || 'unknown caller'}`),
    el('p', { class: 'meta' }, `${when(m.receivedAt)} · ${duration(m.durationMillis)} · ${m.state}`,
      m.stateDetail ? ` — ${m.stateDetail}` : '', ` · id ${m.id}`),
    el('audio', { controls: true, preload: 'none', src: `/api/admin/messages/${m.id}/audio?format=wav`,
      'aria-label': `Message for ${m.extension} from ${m.from || 'unknown caller'}` }));
}

// ---- directory ----

function rangeRow(r) {
  const row = el('tr', {},
    el('td', {}, el('input', { 'aria-label': 'First extension', value: r.first, 'data-field': 'first', inputmode: 'numeric' })),
    el('td', {}, el('input', { 'aria-label': 'Last extension', value: r.last, 'data-field': 'last', inputmode: 'numeric' })),
    el('td', {}, el('input', { 'aria-label': 'Home site', value: r.site, 'data-field': 'site' })),
    el('td', {}, el('button', { type: 'button', class: 'danger', onclick: () => row.remove(), 'aria-label': 'Remove this range' }, 'Remove')));
  return row;
}

async function loadDirectory() {
  const d = await api('GET', '/admin/directory');
  sites = await api('GET', '/admin/sites');
  $('range-rows').replaceChildren(...d.ranges.map(rangeRow));
  renderOverrides(d.overrides);
  $('ov-site').replaceChildren(...sites.map((s) => el('option', { value: s.id }, s.id)));
}

function renderOverrides(overrides) {
  const entries = Object.entries(overrides);
  $('overrides').replaceChildren(...(entries.length ? entries.map(([ext, site]) => el('li', {}, `${ext} → ${site} `,
    el('button', { type: 'button', class: 'danger', onclick: () => removeOverride(ext), 'aria-label': `Remove the home of ${ext}` }, 'Remove')))
    : [el('li', { class: 'empty' }, 'None.')]));
}

async function saveRanges() {
  const ranges = [...$('range-rows').querySelectorAll('tr')].map((tr) => ({
    first: tr.querySelector('[data-field=first]').value.trim(),
    last: tr.querySelector('[data-field=last]').value.trim(),
    site: tr.querySelector('[data-field=site]').value.trim(),
  }));
  try {
    await api('PUT', '/admin/directory/ranges', ranges);
    announce('Ranges saved.');
    await loadDirectory();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function saveOverride(event) {
  event.preventDefault();
  const ext = $('ov-extension').value.trim();
  try {
    const d = await api('PUT', `/admin/directory/overrides/${encodeURIComponent(ext)}`, { site: $('ov-site').value });
    renderOverrides(d.overrides);
    $('override-form').reset();
    announce(`Mailbox ${ext} is now homed at ${d.overrides[ext]}.`);
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function removeOverride(ext) {
  try {
    const d = await api('DELETE', `/admin/directory/overrides/${encodeURIComponent(ext)}`);
    renderOverrides(d.overrides);
    announce(`Mailbox ${ext} is homed by its range again.`);
  } catch (e) {
    announce(e.message, { error: true });
  }
}

// ---- messages ----

async function loadUndeliverable() {
  const list = await api('GET', '/admin/messages?state=UNDELIVERABLE');
  $('undeliverable').replaceChildren(...(list.length ? list.map(summaryItem) : [el('li', { class: 'empty' }, 'None.')]));
}

async function loadEmail() {
  const jobs = await api('GET', '/admin/email?state=PENDING,SENDING,FAILED');
  const failing = jobs.filter((j) => j.state === 'FAILED' || j.attempts > 0);
  $('email-summary').textContent = `${failing.length} failing, ${jobs.length - failing.length} about to be sent.`;
  $('email-jobs').replaceChildren(...(failing.length ? failing.map(emailItem) : [el('li', { class: 'empty' }, 'None failing.')]));
}

function emailItem(j) {
  const what = j.state === 'FAILED' ? 'refused by the mail server' : `waiting, next attempt ${when(j.nextAttemptAt)}`;
  return el('li', { class: 'message', 'data-id': j.messageId },
    el('h3', {}, el('span', { class: 'badge alarm' }, j.state === 'FAILED' ? 'refused' : 'retrying'), ` mailbox ${j.mailbox} → ${j.recipients.join(', ')}`),
    el('p', { class: 'meta' }, `Message ${j.messageId}, queued ${when(j.createdAt)}, ${j.attempts} attempt${j.attempts === 1 ? '' : 's'}, ${what}.`),
    el('p', {}, j.lastResult || ''),
    el('div', { class: 'actions' }, el('button', { type: 'button', onclick: () => resendEmail(j) }, 'Resend now')));
}

async function resendEmail(j) {
  try {
    await api('POST', `/admin/email/${encodeURIComponent(j.messageId)}/resend`);
    announce(`The email for message ${j.messageId} is being sent again.`);
    await loadEmail();
  } catch (e) {
    announce(e.message, { error: true });
  }
}

async function traceMessage(event) {
  event.preventDefault();
  const id = $('trace-id').value.trim();
  try {
    const t = await api('GET', `/admin/messages/${encodeURIComponent(id)}`);
    $('trace').replaceChildren(
      el('p', {}, `Message ${t.message.id} for ${t.message.extension}: ${t.where}${t.audioHere ? ' (audio here)' : ''}.`),
      el('ol', {}, ...t.history.map((h) => el('li', {}, `${when(h.at)}: ${h.state}${h.detail ? ` — ${h.detail}` : ''}`))));
  } catch (e) {
    $('trace').replaceChildren();
    announce(e.status === 404 ? `No message ${id} at this site.` : e.message, { error: true });
  }
}

start();

// What a person does in the web inbox and the console, one step at a time, as driver.mjs runs them.
// Each step returns what the person would see; the Java tests decide whether it is right.
import { createServer } from 'node:http';

const WAIT = 15000;

/** A fresh browser profile (no cookies) on a page of the site. */
export async function open(ctx, url) {
  await ctx.context?.close();
  ctx.context = await ctx.browser.newContext({ viewport: { width: 1100, height: 900 } });
  ctx.page = await ctx.context.newPage();
  ctx.console = [];
  ctx.page.on('console', (m) => ctx.console.push(`${m.type()}: ${m.text()}`));
  ctx.page.on('pageerror', (e) => ctx.console.push(`pageerror: ${e.message}`));
  await ctx.page.goto(url);
  return ctx.page.url();
}

/** Another page in the same profile (cookies kept). */
export async function go(ctx, url) {
  await ctx.page.goto(url);
  return ctx.page.url();
}

/** A phone's screen: narrow, touch-sized. */
export async function resize(ctx, width, height) {
  await ctx.page.setViewportSize({ width, height });
  return await ctx.page.evaluate(() => document.documentElement.scrollWidth);
}

export async function status(ctx) {
  return (await ctx.page.locator('#status').textContent()).trim();
}

/** Waits for the status line to say something containing text; returns what it says. */
export async function awaitStatus(ctx, text) {
  await ctx.page.waitForFunction((t) => document.getElementById('status').textContent.includes(t), text, { timeout: WAIT });
  return status(ctx);
}

/** Logs in with the form; answers where that led: the inbox, the console, or the login with its message. */
export async function login(ctx, user, pin) {
  await ctx.page.evaluate(() => { document.getElementById('status').textContent = ''; });
  await ctx.page.fill('#login-user', user);
  await ctx.page.fill('#login-pin', pin);
  await ctx.page.click('#login-form button[type=submit]');
  await Promise.any([
    ctx.page.waitForSelector('#inbox:not([hidden])', { timeout: WAIT }),
    ctx.page.waitForURL('**/admin.html', { timeout: WAIT }),
    ctx.page.waitForFunction(() => document.getElementById('status')?.textContent.trim(), null, { timeout: WAIT }),
  ]);
  if (ctx.page.url().endsWith('admin.html')) {
    await ctx.page.waitForSelector('#who:not([hidden])', { timeout: WAIT });
  }
  return { url: ctx.page.url(), inbox: await ctx.page.isVisible('#inbox').catch(() => false), status: await status(ctx) };
}

/** The messages as the inbox shows them. */
export async function messages(ctx) {
  return await ctx.page.$$eval('li.message[data-id]', (items) => items.map((li) => {
    const visible = (sel) => { const e = li.querySelector(sel); return Boolean(e) && !e.hidden; };
    return {
      id: li.dataset.id,
      list: li.parentElement.id,
      caller: li.querySelector('.caller').textContent,
      meta: li.querySelector('.meta').textContent,
      isNew: visible('[data-role=new]'),
      player: li.querySelector('audio').getAttribute('aria-label'),
      actions: [...li.querySelectorAll('[data-action]')].filter((b) => !b.hidden).map((b) => b.dataset.action),
    };
  }));
}

/** Waits until the inbox lists a message (e.g. one that just arrived, without a reload). */
export async function awaitMessage(ctx, id, list) {
  await ctx.page.waitForSelector(`#${list} li[data-id="${id}"]`, { timeout: 30000 });
  return messages(ctx);
}

/** Plays a message in the page to its end; answers how its position moved and whether it ended. */
export async function play(ctx, id) {
  const player = ctx.page.locator(`li[data-id="${id}"] audio`);
  return await player.evaluate(async (audio) => {
    const positions = [];
    const ended = new Promise((resolve) => audio.addEventListener('ended', () => resolve(true), { once: true }));
    await audio.play();
    const timer = setInterval(() => positions.push(audio.currentTime), 500);
    const done = await Promise.race([ended, new Promise((r) => setTimeout(() => r(false), 60000))]);
    clearInterval(timer);
    return { ended: done, positions, duration: audio.duration, currentTime: audio.currentTime, src: audio.currentSrc };
  });
}

/** Seeks a message's player (the server must answer byte ranges) and answers where it is. */
export async function seek(ctx, id, seconds) {
  return await ctx.page.locator(`li[data-id="${id}"] audio`).evaluate(async (audio, s) => {
    await audio.play();
    audio.currentTime = s;
    await new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
    await new Promise((r) => setTimeout(r, 600));
    audio.pause();
    return { currentTime: audio.currentTime, seekable: audio.seekable.length ? audio.seekable.end(0) : 0 };
  }, seconds);
}

export async function messageAction(ctx, id, action) {
  await ctx.page.click(`li[data-id="${id}"] [data-action=${action}]`);
  return await awaitStatusChange(ctx);
}

async function awaitStatusChange(ctx) {
  await ctx.page.waitForTimeout(300);
  await ctx.page.waitForLoadState('networkidle').catch(() => {});
  return status(ctx);
}

export async function click(ctx, selector) {
  await ctx.page.click(selector);
  return await awaitStatusChange(ctx);
}

/** The element that has the keyboard's focus. */
export async function focused(ctx) {
  return await ctx.page.evaluate(() => {
    const e = document.activeElement;
    return { tag: e.tagName.toLowerCase(), id: e.id, text: (e.textContent || '').trim().slice(0, 80),
      label: e.getAttribute('aria-label'), action: e.dataset ? e.dataset.action || null : null,
      message: e.closest('li[data-id]')?.dataset.id || null };
  });
}

/** Presses keys, one after another (e.g. "Tab", "Enter", "Space", or text to type with type:). */
export async function keys(ctx, ...pressed) {
  for (const k of pressed) {
    if (k.startsWith('type:')) {
      await ctx.page.keyboard.type(k.slice(5));
    } else {
      await ctx.page.keyboard.press(k);
    }
  }
  await ctx.page.waitForTimeout(200);
  return focused(ctx);
}

/** Presses Tab until the focus is on what matches (at most 60 times); answers how many presses it took. */
export async function tabTo(ctx, selector) {
  for (let i = 1; i <= 60; i++) {
    await ctx.page.keyboard.press('Tab');
    if (await ctx.page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) {
      return i;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Whether a media element is playing now (after a keyboard action, say). */
export async function playing(ctx, selector) {
  await ctx.page.waitForTimeout(800);
  return await ctx.page.locator(selector).evaluate((a) => ({ paused: a.paused, currentTime: a.currentTime }));
}

export async function uploadGreeting(ctx, file) {
  await ctx.page.setInputFiles('#greeting-file', file);
  await ctx.page.click('#greeting-upload button[type=submit]');
  return await awaitStatus(ctx, 'greeting');
}

/** Records a greeting with the (fake) microphone for a while, listens to it and saves it. */
export async function recordGreeting(ctx, millis) {
  await ctx.page.click('#record-start');
  await ctx.page.waitForTimeout(millis);
  await ctx.page.click('#record-stop');
  await ctx.page.waitForSelector('#recorded:not([hidden])', { timeout: WAIT });
  const preview = await ctx.page.locator('#recorded-player').evaluate(async (a) => {
    await new Promise((r) => (a.readyState >= 1 ? r() : a.addEventListener('loadedmetadata', r, { once: true })));
    return a.duration;
  });
  await ctx.page.click('#recorded-save');
  return { preview, status: await awaitStatus(ctx, 'greeting') };
}

export async function greeting(ctx) {
  await ctx.page.waitForTimeout(300);
  return {
    state: (await ctx.page.locator('#greeting-state').textContent()).trim(),
    player: await ctx.page.isVisible('#greeting-player'),
  };
}

/** A request as the page's own script makes it (session cookie, the page's header and token). */
export async function fetchAsPage(ctx, method, path) {
  return await ctx.page.evaluate(async ([m, p]) => {
    const api = await import('/js/api.js');
    try {
      return { status: 200, body: await api.api(m, p, null, { quietLogout: true }) };
    } catch (e) {
      return { status: e.status, body: e.body, message: e.message };
    }
  }, [method, path]);
}

/** Opens a URL of the site in the page itself, as a person editing the address bar would; answers the status and text. */
export async function visit(ctx, url) {
  const response = await ctx.page.goto(url);
  return { status: response.status(), text: (await response.text()).slice(0, 300) };
}

export async function screenshot(ctx, name) {
  const path = `${ctx.screenshots}/${name}.png`;
  await ctx.page.screenshot({ path, fullPage: true });
  return path;
}

export async function text(ctx, selector) {
  return (await ctx.page.locator(selector).textContent()).trim();
}

export async function awaitText(ctx, selector, expected) {
  await ctx.page.waitForFunction(([s, t]) => {
    const e = document.querySelector(s);
    return e && e.textContent.includes(t);
  }, [selector, expected], { timeout: 30000 });
  return text(ctx, selector);
}

/** The text of each element that matches (rows of a table, items of a list). */
export async function rows(ctx, selector) {
  await ctx.page.waitForTimeout(200);
  return await ctx.page.$$eval(selector, (all) => all.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
}

export async function fill(ctx, selector, value) {
  await ctx.page.fill(selector, value);
  return null;
}

export async function select(ctx, selector, value) {
  await ctx.page.waitForSelector(`${selector} option[value="${value}"]`, { state: 'attached', timeout: WAIT });
  await ctx.page.selectOption(selector, value);
  return null;
}

export async function consoleMessages(ctx) {
  return ctx.console;
}

/**
 * Another site's page in the same browser, which the logged-in subscriber happens to open: it
 * submits a form to the voicemail site at once (a cross-site request forgery). Answers what the
 * attacker's frame got back.
 */
export async function forgeFrom(ctx, port, action, method) {
  const page = `<!DOCTYPE html><html><body><form id="f" method="${method}" action="${action}"></form>`
    + '<script>document.getElementById("f").submit()</script></body></html>';
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(page);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  try {
    const attacker = await ctx.context.newPage();
    const answered = attacker.waitForResponse((r) => r.url().startsWith(action), { timeout: WAIT });
    await attacker.goto(`http://127.0.0.1:${port}/`);
    const response = await answered;
    const result = { status: response.status(), body: (await response.text()).slice(0, 300) };
    await attacker.close();
    return result;
  } finally {
    server.close();
  }
}

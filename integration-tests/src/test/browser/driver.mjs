// Drives Debian's Chromium for the Java browser tests (org.homebound.it.peers.Chromium): one JSON
// command per line on stdin ({"id", "step", "args"}), one JSON answer per line on stdout
// ({"id", "ok", "value"} or {"id", "ok": false, "error", "screenshot"}). The steps are in steps.mjs;
// the assertions stay in the Java tests, which also own the real peers (SIP calls, the lamp).
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import * as steps from './steps.mjs';

const options = JSON.parse(process.argv[2] || '{}');
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
if (options.trustedKeys) {
  // the test servers' own certificates, pinned by key: trusted like an installed certificate, nothing else is
  args.push(`--ignore-certificate-errors-spki-list=${options.trustedKeys}`);
}
if (options.microphoneWav) {
  args.push(`--use-file-for-fake-audio-capture=${options.microphoneWav}`);
}
const browser = await chromium.launch({ executablePath: options.chromium || '/usr/bin/chromium', headless: true, args });
const ctx = { browser, context: null, page: null, screenshots: options.screenshots, console: [] };

function answer(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

answer({ id: 0, ok: true, value: browser.version() });

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) {
    continue;
  }
  const { id, step, args: stepArgs } = JSON.parse(line);
  if (step === 'quit') {
    break;
  }
  try {
    const fn = steps[step];
    if (typeof fn !== 'function') {
      throw new Error(`no step ${step}`);
    }
    const value = await fn(ctx, ...(stepArgs || []));
    answer({ id, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    let screenshot = null;
    if (ctx.page && ctx.screenshots) {
      screenshot = `${ctx.screenshots}/failed-${step}-${Date.now()}.png`;
      await ctx.page.screenshot({ path: screenshot, fullPage: true }).catch(() => { screenshot = null; });
    }
    answer({ id, ok: false, error: String(e && e.stack ? e.stack : e), screenshot, console: ctx.console.slice(-20) });
  }
}
await browser.close();
process.exit(0);

// Debian's Chromium driven by playwright-core; the flags keep it off the closed network.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './server.mjs';

export const OUT = process.env.VERO_TEST_OUTPUT || path.join(ROOT, 'target/test-output');
mkdirSync(OUT, { recursive: true });

function chromiumPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: set CHROMIUM to its path');
  return found;
}

export function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export const VIEWPORTS = {
  tablet: { viewport: { width: 1024, height: 768 }, hasTouch: true },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
};

// A page that fails the test on any script error or console error.
export async function openPage(browser, kind) {
  const context = await browser.newContext(VIEWPORTS[kind]);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return { context, page, problems };
}

export async function shot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage });
}

// A Chromium of our own on a profile directory, so a test can kill it outright
// (SIGKILL, like a crashed tablet) and start it again on the same data.
export async function launchKillable(profileDir) {
  const portFile = path.join(profileDir, 'DevToolsActivePort');
  rmSync(portFile, { force: true });
  const child = spawn(chromiumPath(), [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic', `--user-data-dir=${profileDir}`,
    '--remote-debugging-port=0', 'about:blank',
  ], { stdio: 'ignore', detached: true });
  const deadline = Date.now() + 20_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (Date.now() > deadline) throw new Error('Chromium did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  return {
    context,
    // The whole process group (renderers, utilities too), and only once none of it is
    // left: a helper outliving the browser would still write to the profile.
    kill: async () => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      const deadline = Date.now() + 10_000;
      for (;;) {
        try { process.kill(-child.pid, 0); } catch { return; }
        // Zombies (where nothing reaps orphans) count as alive but write nothing.
        if (Date.now() > deadline) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

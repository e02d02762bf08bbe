// Starts the real vero-server on a free port with a fresh database, for the tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = process.env.VERO_SERVER || path.join(ROOT, 'target/debug/vero-server');
const DIST = process.env.VERO_DIST || path.join(ROOT, 'dist');

// `demo`: the demo accounts; `year`: with them, the demo's school year of observations
// (most tests count only what they make themselves).
export async function startServer({ demo = true, year = false, listen = '127.0.0.1:0', dist = DIST, data: keep } = {}) {
  const data = keep || mkdtempSync(path.join(tmpdir(), 'vero-e2e-'));
  const args = ['--listen', listen, '--data', data, '--dist', dist];
  if (demo) args.push('--demo');
  if (demo && !year) args.push('--demo-empty');
  const child = spawn(SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout.on('data', (d) => {
      output += d;
      const m = output.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  return {
    url,
    data,
    output: () => output,
    // Stops it as Ctrl-C would and reports how it ended.
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null) child.kill(signal);
      const end = await exited;
      if (!keep) rmSync(data, { recursive: true, force: true });
      return end;
    },
  };
}

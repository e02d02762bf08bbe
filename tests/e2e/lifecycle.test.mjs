// The server binary as the README's run command uses it: starts, keeps data, stops cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';

test('Ctrl-C stops the server cleanly', async () => {
  const server = await startServer();
  assert.match(server.output(), /observer\s+observer/, 'demo accounts are printed');
  const res = await fetch(server.url + '/api/health');
  assert.equal(res.status, 200);
  const end = await server.stop('SIGINT');
  assert.equal(end.code, 0);
  assert.match(server.output(), /Vēro stopped/);
});

test('SIGTERM stops it cleanly too, even right after it starts', async () => {
  // The signal comes the moment the server says it listens: no window where it kills.
  for (let i = 0; i < 3; i++) {
    const server = await startServer({ demo: false });
    const end = await server.stop('SIGTERM');
    assert.deepEqual(end, { code: 0, signal: null });
  }
});

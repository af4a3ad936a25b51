/**
 * The protocol-tier harness itself: waits time out instead of hanging, a dead server fails the wait at
 * once, and stop() leaves no process behind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient, TimeoutError } from './client';

function running(pid: number | undefined): boolean {
  if (!pid) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

test('a wait for something that never comes times out', async () => {
  const c = await LspClient.start({ settings: {} });
  try {
    const t0 = performance.now();
    await assert.rejects(c.waitForDiagnostics('file:///never-opened.json', { timeoutMs: 300 }), TimeoutError);
    const waited = performance.now() - t0;
    assert.ok(waited >= 290 && waited < 2000, `waited ${waited.toFixed(0)} ms`);
    assert.ok(c.alive);
  } finally {
    await c.stop();
  }
});

test('when the server dies, pending waits and requests fail at once with its exit status', async () => {
  const c = await LspClient.start({ settings: {} });
  const pending = c.waitForDiagnostics('file:///x.json', { timeoutMs: 20000 });
  const t0 = performance.now();
  process.kill(c.pid!, 'SIGKILL');
  await assert.rejects(pending, /server exited .*SIGKILL/);
  assert.ok(performance.now() - t0 < 5000);
  assert.equal(c.alive, false);
  await assert.rejects(c.request('textDocument/hover', {}), /server is not running/);
  await c.stop();
});

test('stop() ends the server process (shutdown + exit), and a second stop() is harmless', async () => {
  const clients: LspClient[] = [];
  for (let i = 0; i < 3; i++) clients.push(await LspClient.start({ settings: {} }));
  const pids = clients.map((c) => c.pid);
  assert.ok(pids.every(running));
  await Promise.all(clients.map((c) => c.stop()));
  assert.deepEqual(pids.filter(running), []);
  assert.deepEqual(clients.map((c) => c.exit?.code), [0, 0, 0], 'a clean exit after shutdown');
  await clients[0].stop();
});

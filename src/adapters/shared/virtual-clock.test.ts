import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_START_MS, VirtualClock } from './virtual-clock.js';

test('starts at a fixed instant so runs are reproducible', () => {
  assert.equal(new VirtualClock().now(), DEFAULT_START_MS);
  assert.equal(new VirtualClock({ startMs: 5 }).now(), 5);
});

test('sleep moves time to exactly the end of the sleep', async () => {
  const clock = new VirtualClock({ startMs: 0 });
  await clock.sleep(90 * 60_000);
  assert.equal(clock.now(), 90 * 60_000);
});

test('parallel sleeps wake in order of their due times', async () => {
  const clock = new VirtualClock({ startMs: 0 });
  const woke: string[] = [];
  await Promise.all([
    clock.sleep(300).then(() => woke.push(`c@${clock.now()}`)),
    clock.sleep(100).then(() => woke.push(`a@${clock.now()}`)),
    clock.sleep(200).then(() => woke.push(`b@${clock.now()}`)),
  ]);
  assert.deepEqual(woke, ['a@100', 'b@200', 'c@300']);
});

test('scheduled events alone do not move time; they fire once someone waits past them', async () => {
  const clock = new VirtualClock({ startMs: 0 });
  const fired: number[] = [];
  clock.schedule(50, () => fired.push(clock.now()));
  clock.schedule(10, () => fired.push(clock.now()));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(fired, []);
  assert.equal(clock.now(), 0);
  await clock.sleep(100);
  assert.deepEqual(fired, [10, 50]);
});

test('code between awaits runs before time moves, even across many microtasks', async () => {
  const clock = new VirtualClock({ startMs: 0 });
  const seen: number[] = [];
  const worker = async (delay: number) => {
    await Promise.resolve();
    await Promise.resolve();
    seen.push(clock.now());
    await clock.sleep(delay);
    seen.push(clock.now());
  };
  await Promise.all([worker(10), worker(20), worker(30)]);
  assert.deepEqual(seen, [0, 0, 0, 10, 20, 30]);
});

test('a cancelled wait no longer holds time, and never fires', async () => {
  const clock = new VirtualClock({ startMs: 0 });
  let fired = false;
  const handle = clock.wait(1_000, () => {
    fired = true;
  });
  assert.equal(clock.pendingWaits(), 1);
  handle.cancel();
  assert.equal(clock.pendingWaits(), 0);
  await clock.sleep(5_000);
  assert.equal(fired, false);
});

test('pacing runs virtual time at a multiple of wall-clock speed', async () => {
  const clock = new VirtualClock({ startMs: 0, pacing: { speed: 1_000 } });
  const started = Date.now();
  await clock.sleep(100_000);
  const wall = Date.now() - started;
  assert.equal(clock.now(), 100_000);
  assert.ok(wall >= 90, `took ${wall} ms of wall time, expected about 100`);
});

test('refuses a pacing speed that is not positive', () => {
  assert.throws(() => new VirtualClock({ pacing: { speed: 0 } }), /invalid pacing speed 0/);
});

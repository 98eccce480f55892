import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StartTimeout } from './start-timeout.js';
import { DEFAULT_START_MS, VirtualClock } from './virtual-clock.js';

const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

test('starts at a fixed instant so runs are reproducible', () => {
  assert.equal(new VirtualClock().now(), DEFAULT_START_MS);
  assert.equal(new VirtualClock({ startMs: 5 }).now(), 5);
});

// Each case drives a clock starting at 0 and records `name@time` as things fire; the clock ends
// where the last wait took it, and the record shows the order.
const cases: readonly { name: string; run: (clock: VirtualClock, log: (what: string) => void) => Promise<void>; fired: string[]; endsAt: number }[] = [
  {
    name: 'a sleep moves time to exactly its end',
    run: (clock) => clock.sleep(90 * 60_000),
    fired: [],
    endsAt: 90 * 60_000,
  },
  {
    name: 'parallel sleeps wake in order of their due times',
    run: async (clock, log) => {
      await Promise.all([300, 100, 200].map((ms) => clock.sleep(ms).then(() => log(`slept ${ms}`))));
    },
    fired: ['slept 100@100', 'slept 200@200', 'slept 300@300'],
    endsAt: 300,
  },
  {
    name: 'timers due at one instant fire in the order they were added',
    run: async (clock, log) => {
      clock.schedule(10, () => log('first'));
      clock.wait(10, () => log('second'));
      clock.schedule(10, () => log('third'));
      await clock.sleep(10);
    },
    fired: ['first@10', 'second@10', 'third@10'],
    endsAt: 10,
  },
  {
    name: 'scheduled events alone do not move time; they fire once someone waits past them',
    run: async (clock, log) => {
      clock.schedule(50, () => log('b'));
      clock.schedule(10, () => log('a'));
      await settle();
      log('nothing yet');
      await clock.sleep(100);
    },
    fired: ['nothing yet@0', 'a@10', 'b@50'],
    endsAt: 100,
  },
  {
    name: 'a wait moves time like a sleep and runs its callback when due',
    run: async (clock, log) => {
      await new Promise<void>((resolve) => clock.wait(2_000, () => (log('due'), resolve())));
    },
    fired: ['due@2000'],
    endsAt: 2_000,
  },
  {
    name: 'a cancelled wait no longer holds time and never fires',
    run: async (clock, log) => {
      clock.wait(1_000, () => log('cancelled one')).cancel();
      await settle();
      await clock.sleep(5_000);
    },
    fired: [],
    endsAt: 5_000,
  },
  {
    name: 'a cancelled scheduled event never fires',
    run: async (clock, log) => {
      clock.schedule(1_000, () => log('cancelled one')).cancel();
      await clock.sleep(5_000);
    },
    fired: [],
    endsAt: 5_000,
  },
  {
    name: 'a repeat fires at each interval while someone waits, and stops when stopped',
    run: async (clock, log) => {
      const stop = clock.every(1_000, () => log('tick'));
      await clock.sleep(2_500);
      stop();
      await clock.sleep(2_000);
    },
    fired: ['tick@1000', 'tick@2000'],
    endsAt: 4_500,
  },
  {
    name: 'a repeat alone does not move time',
    run: async (clock, log) => {
      const stop = clock.every(1_000, () => log('tick'));
      await settle();
      stop();
    },
    fired: [],
    endsAt: 0,
  },
  {
    name: 'a repeat of 0 ms fires once per millisecond instead of forever at one instant',
    run: async (clock, log) => {
      const stop = clock.every(0, () => log('tick'));
      await clock.sleep(2);
      stop();
    },
    fired: ['tick@1', 'tick@2'],
    endsAt: 2,
  },
  {
    name: 'code between awaits runs before time moves, even across many microtasks',
    run: async (clock, log) => {
      const worker = async (delay: number) => {
        await Promise.resolve();
        await Promise.resolve();
        log(`start ${delay}`);
        await clock.sleep(delay);
        log(`end ${delay}`);
      };
      await Promise.all([worker(10), worker(20), worker(30)]);
    },
    fired: ['start 10@0', 'start 20@0', 'start 30@0', 'end 10@10', 'end 20@20', 'end 30@30'],
    endsAt: 30,
  },
];

for (const { name, run, fired, endsAt } of cases) {
  test(name, async () => {
    const clock = new VirtualClock({ startMs: 0 });
    const seen: string[] = [];
    await run(clock, (what) => seen.push(`${what}@${clock.now()}`));
    assert.deepEqual(seen, fired);
    assert.equal(clock.now(), endsAt);
    assert.equal(clock.pendingWaits(), 0, 'nothing left waiting');
  });
}

test('pacing runs virtual time at a multiple of wall-clock speed, re-arming its wall timer for an earlier wake-up', async () => {
  // A wall clock the test moves: each armed timer fires when the test says its time has come.
  let wallNow = 0;
  const armed: { ms: number; fire: () => void; cancelled: boolean }[] = [];
  const startTimeout: StartTimeout = (ms, fire) => {
    const timer = { ms, fire, cancelled: false };
    armed.push(timer);
    return () => (timer.cancelled = true);
  };
  const clock = new VirtualClock({ startMs: 0, pacing: { speed: 1_000, wall: { now: () => wallNow, startTimeout } } });
  const woke: string[] = [];
  const long = clock.sleep(100_000).then(() => woke.push(`100 s at ${clock.now()}`));
  const short = clock.sleep(40_000).then(() => woke.push(`40 s at ${clock.now()}`));
  assert.deepEqual(armed.map((t) => [t.ms, t.cancelled]), [[100, true], [40, false]], '100 s at 1000x is 100 ms of wall time; the 40 s sleep re-arms for 40 ms');
  wallNow = 40;
  armed[1]?.fire();
  await short;
  assert.deepEqual(armed.map((t) => t.ms), [100, 40, 60], 'the rest of the 100 s is 60 ms of wall time from there');
  wallNow = 100;
  armed[2]?.fire();
  await long;
  assert.deepEqual(woke, ['40 s at 40000', '100 s at 100000']);
});

test('refuses a pacing speed that is not positive', () => {
  assert.throws(() => new VirtualClock({ pacing: { speed: 0 } }), /invalid pacing speed 0/);
});

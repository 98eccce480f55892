import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { listenForStop, STOP_SIGNALS } from './listen-for-stop.js';

const cases: { signal: NodeJS.Signals; why: string }[] = [
  { signal: 'SIGINT', why: 'Ctrl-C (SIGINT)' },
  { signal: 'SIGTERM', why: 'SIGTERM' },
  { signal: 'SIGHUP', why: 'a closed terminal (SIGHUP)' },
];

for (const c of cases) {
  test(`${c.signal} stops the run once, says why, and later signals are ignored while it cleans up`, () => {
    const emitter = new EventEmitter();
    const heard: string[] = [];
    const off = listenForStop((why) => heard.push(why), emitter as unknown as NodeJS.Process);
    emitter.emit(c.signal, c.signal);
    emitter.emit('SIGINT', 'SIGINT');
    assert.deepEqual(heard, [c.why]);
    off();
    assert.equal(STOP_SIGNALS.reduce((n, s) => n + emitter.listenerCount(s), 0), 0, 'stopping to listen removes every handler, so the signals end the process again');
  });
}

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { guardOutput } from './guard-output.js';

/** A stream whose reader went away after `accept` writes, the way a pipe to `head -1` does. */
function brokenAfter(accept: number): { stream: Writable; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (written.length >= accept) return done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      written.push(chunk.toString());
      done();
    },
  });
  return { stream, written };
}

const settle = () => new Promise((done) => setImmediate(done));

test('a reader that goes away is noted once, told to listeners, and never thrown', async () => {
  const { stream, written } = brokenAfter(1);
  const out = guardOutput(stream, 'stdout');
  const heard: string[] = [];
  out.onClosed((why) => heard.push(why));
  out.write('first\n');
  out.write('second\n');
  await settle();
  out.write('third\n');
  await settle();
  assert.deepEqual(written, ['first\n']);
  assert.deepEqual(heard, ['stdout closed (EPIPE)']);
});

test('a listener that comes after the stream broke hears of it at once, and one that stopped listening does not', async () => {
  const { stream } = brokenAfter(0);
  const out = guardOutput(stream, 'stderr');
  const gone: string[] = [];
  out.onClosed((why) => gone.push(why))();
  out.write('x');
  await settle();
  const late: string[] = [];
  out.onClosed((why) => late.push(why));
  assert.deepEqual(gone, []);
  assert.deepEqual(late, ['stderr closed (EPIPE)']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnKubehop } from './spawn-kubehop.js';

// `kubehop plan ... | head -1`: the reader goes away while kubehop still writes (here before
// the first line, so that the test does not depend on timing). kubehop stops writing and exits as
// it would have, without an EPIPE stack trace.

test('a plan piped into a reader that went away ends without a stack trace', async () => {
  const plan = spawnKubehop(['plan', '--cluster', 'demo', '--to', '1.37'], { KUBEHOP_STATE_DIR: '/nonexistent' });
  plan.child.stdout?.destroy();
  const ended = await plan.exited;
  assert.equal(ended.signal, null);
  assert.equal(ended.code, 0, plan.stderr());
  assert.doesNotMatch(plan.stderr(), /EPIPE|\n\s+at /);
});

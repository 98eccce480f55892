import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { aCluster } from '../../../test/builders/cluster-builder.js';
import { NodeCommandError } from '../../core/errors.js';
import { parseVersion } from '../../core/version/index.js';
import type { NewWorkerRequest } from '../../ports/index.js';
import type { StartTimeout } from '../shared/start-timeout.js';
import { MachinePool } from './machine-pool.js';

// Real little hook scripts, run as kubehop runs them: argv, a JSON document on stdin. Time-outs
// fire when a test fires them, never on the wall clock.

const run = promisify(execFile);

const template = aCluster().withWorkers('v1.20.2', 1).withNode('worker-1', { labels: { pool: 'db' }, address: '10.0.0.3' }).build().nodes.find((n) => n.name === 'worker-1');
assert.ok(template);
const request: NewWorkerRequest = { template, version: parseVersion('v1.21.0'), batch: 'v1.21/workers/batch-1' };

let dir = '';
const script = async (name: string, body: string): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubehop-hooks-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

/** A process that is still asleep (in its `sleep 30`), not gone, exiting or a zombie. */
const asleep = async (pid: number): Promise<boolean> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat !== undefined && /^\d+ \(.*\) S /.test(stat);
};

const failure = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof NodeCommandError, String(error));
  assert.match(error.message, pattern);
  return true;
};

describe('MachinePool with command hooks', () => {
  it('gives the provision hook the template node, version and batch on stdin and joins its answer', async () => {
    const hook = await script('ok.sh', `cat > "${dir}/provision-stdin.json"\necho '{"node": "worker-1-b", "address": "10.0.0.9", "port": 2222}'`);
    const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [hook, '--flag with space'], timeoutMs: 10_000 } });
    assert.deepEqual(await pool.acquire(request), { name: 'worker-1-b', host: '10.0.0.9', port: 2222 });
    const sent = JSON.parse(await readFile(join(dir, 'provision-stdin.json'), 'utf8'));
    assert.deepEqual({ ...sent, template: { name: sent.template.name, labels: sent.template.labels, address: sent.template.address } }, {
      apiVersion: 'kubehop.provision/v1',
      action: 'provision',
      cluster: 'lab',
      batch: 'v1.21/workers/batch-1',
      version: 'v1.21.0',
      template: { name: 'worker-1', labels: { 'kubernetes.io/hostname': 'worker-1', 'kubernetes.io/os': 'linux', pool: 'db' }, address: '10.0.0.3' },
    });
  });

  it('stops a provision hook that overruns its time, with the children it started: SIGTERM, then SIGKILL after the grace', { timeout: 20_000 }, async () => {
    // The hook and its child ignore SIGTERM, so only the SIGKILL after the grace stops them; a kill
    // that missed the child would leave the attempt waiting on its 30 s and the test timing out.
    const started = join(dir, 'started.fifo');
    await run('mkfifo', [started]);
    const hook = await script('slow.sh', `trap '' TERM\nsleep 30 &\necho $! > "${started}"\nsleep 30`);
    const armed: { ms: number; fire: () => void; cancelled: boolean }[] = [];
    const startTimeout: StartTimeout = (ms, fire) => {
      const timer = { ms, fire, cancelled: false };
      armed.push(timer);
      return () => (timer.cancelled = true);
    };
    const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [hook], timeoutMs: 30_000, killGraceMs: 2_000, startTimeout } });
    const attempt = pool.acquire(request);
    // Opening the FIFO waits until the hook has started its child and written its pid.
    const child = Number(await readFile(started, 'utf8'));
    assert.deepEqual(armed.map((t) => t.ms), [30_000], 'the time-out is armed, the grace not yet');
    armed[0]?.fire();
    assert.deepEqual(armed.map((t) => t.ms), [30_000, 2_000], 'the SIGTERM arms the grace before SIGKILL');
    armed[1]?.fire();
    await assert.rejects(attempt, failure(/^failed to provision a machine for a new worker like worker-1: ".*slow\.sh" did not finish within 30s and was stopped$/));
    // The attempt ends once every holder of the hook's output has exited, the child included.
    assert.equal(await asleep(child), false, "the hook's child is still sleeping");
  });

  it('reports a provision hook that exits 1 with what it said on stderr', async () => {
    const hook = await script('fail.sh', 'echo "starting" >&2\necho "quota exceeded for instances" >&2\nexit 1');
    const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [hook], timeoutMs: 10_000 } });
    await assert.rejects(pool.acquire(request), failure(/^failed to provision a machine for a new worker like worker-1: ".*fail\.sh" exited 1: starting \/ quota exceeded for instances$/));
  });

  const garbage = [
    { name: 'text that is not JSON', out: 'created instance i-123', error: /it printed no JSON; expected one JSON object \{"node": NAME, "address": HOST\[, "port": N\]\} on stdout \(logs go to stderr\)$/ },
    { name: 'a node name Kubernetes refuses', out: '{"node": "Worker_1", "address": "10.0.0.9"}', error: /"node" must be a node name \(lower-case letters, digits, "-" and "\."\), got "Worker_1"$/ },
    { name: 'no address', out: '{"node": "worker-9"}', error: /"address" must be the machine's SSH address as a string, got undefined$/ },
    { name: 'an address with a space', out: '{"node": "worker-9", "address": "10.0.0.9 -oProxyCommand=x"}', error: /"address" "10\.0\.0\.9 -oProxyCommand=x": "10\.0\.0\.9 -oProxyCommand=x" is not a host name or IP address$/ },
    { name: 'a port out of range', out: '{"node": "worker-9", "address": "10.0.0.9", "port": 70000}', error: /"port" must be a whole number from 1 to 65535, got 70000$/ },
  ];
  for (const c of garbage) {
    it(`refuses a provision hook that prints ${c.name}`, async () => {
      const hook = await script('garbage.sh', `cat > /dev/null\nprintf '%s\\n' '${c.out}'`);
      const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [hook], timeoutMs: 10_000 } });
      await assert.rejects(pool.acquire(request), failure(new RegExp(`^failed to provision a machine for a new worker like worker-1: the provision command's answer is not usable: ${c.error.source}`)));
    });
  }

  it('says so when the provision command does not exist', async () => {
    const pool = new MachinePool({ cluster: 'lab', spares: [], provision: { argv: [join(dir, 'missing.sh')], timeoutMs: 10_000 } });
    await assert.rejects(pool.acquire(request), failure(/could not be started: no such command$/));
  });

  it('hands a freed machine to the decommission hook instead of keeping it as a spare', async () => {
    const hook = await script('decommission.sh', `cat > "${dir}/decommission-stdin.json"`);
    const pool = new MachinePool({ cluster: 'lab', spares: [], decommission: { argv: [hook], timeoutMs: 10_000 } });
    await pool.release({ name: 'worker-1', host: '10.0.0.3' });
    assert.deepEqual(pool.spares, []);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'decommission-stdin.json'), 'utf8')), { apiVersion: 'kubehop.provision/v1', action: 'decommission', cluster: 'lab', node: 'worker-1', address: '10.0.0.3' });
  });

  it('fails a release whose decommission hook exits 1', async () => {
    const hook = await script('decommission-fail.sh', 'echo "no such instance" >&2; exit 1');
    const pool = new MachinePool({ cluster: 'lab', spares: [], decommission: { argv: [hook], timeoutMs: 10_000 } });
    await assert.rejects(pool.release({ name: 'worker-1' }), failure(/^failed to decommission the machine of worker-1: ".*decommission-fail\.sh" exited 1: no such instance$/));
  });
});

describe('MachinePool with spare hosts', () => {
  it('uses the spares in order and makes each freed machine the next spare', async () => {
    const pool = new MachinePool({ cluster: 'lab', spares: [{ name: 'spare-1', host: '10.0.0.20' }] });
    assert.deepEqual(await pool.acquire(request), { name: 'spare-1', host: '10.0.0.20' });
    await assert.rejects(pool.acquire(request), failure(/^failed to find a machine for a new worker like worker-1: no spare host is free — give one more with --spare-host NAME=ADDRESS, or a --provision-command$/));
    await pool.release({ name: 'worker-1' });
    assert.deepEqual(await pool.acquire(request), { name: 'worker-1' });
  });

  it('gives a resumed run the machine its journal names, and says what to do when it is unknown', async () => {
    const pool = new MachinePool({ cluster: 'lab', spares: [{ name: 'spare-1', host: '10.0.0.20' }, { name: 'spare-2', host: '10.0.0.21' }] });
    assert.deepEqual(await pool.acquire({ ...request, name: 'spare-2' }), { name: 'spare-2', host: '10.0.0.21' });
    await assert.rejects(pool.acquire({ ...request, name: 'gone-1' }), failure(/^failed to find machine gone-1, recorded for the worker that replaces worker-1: it is not among the spare hosts — give it again with --spare-host gone-1=ADDRESS$/));
  });

  it('never hands out a machine the run says is busy, though a request that names it gets it', async () => {
    const pool = new MachinePool({ cluster: 'lab', spares: [{ name: 'spare-1', host: '10.0.0.20' }, { name: 'spare-2', host: '10.0.0.21' }] });
    assert.deepEqual(await pool.acquire({ ...request, busy: ['spare-1'] }), { name: 'spare-2', host: '10.0.0.21' });
    await assert.rejects(pool.acquire({ ...request, busy: ['spare-1'] }), failure(/no spare host is free/));
    assert.deepEqual(await pool.acquire({ ...request, name: 'spare-1', busy: ['spare-1'] }), { name: 'spare-1', host: '10.0.0.20' });
  });
});

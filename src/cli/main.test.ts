import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { captureCli } from '../../test/builders/captured-cli.js';

const run = (...argv: string[]) => captureCli(argv);

async function clusterFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-cli-'));
  const path = join(dir, 'cluster.yaml');
  await writeFile(path, text);
  return path;
}

const usage: { name: string; argv: string[]; stderr: RegExp }[] = [
  { name: 'an unknown command', argv: ['upgrade'], stderr: /unknown command "upgrade": use one of check, apply, plan, preflight, releases, simulate/ },
  { name: 'an unknown option', argv: ['plan', '--cluster', 'demo', '--too', '1.33'], stderr: /unknown option --too for "kubehop plan": see "kubehop plan --help"/ },
  { name: 'a malformed target version', argv: ['plan', '--cluster', 'demo', '--to', '1.2x'], stderr: /invalid Kubernetes version "1\.2x"/ },
  { name: 'a downgrade', argv: ['plan', '--cluster', 'demo', '--to', '1.31'], stderr: /cannot upgrade to v1\.31\.14: the control plane is already at v1\.32\.9 and kubehop does not downgrade/ },
  { name: 'a version the catalog does not know', argv: ['plan', '--cluster', 'demo', '--to', '1.45'], stderr: /v1\.45/ },
  { name: 'an unlisted patch', argv: ['plan', '--cluster', 'demo', '--to', '1.37.9'], stderr: /--allow-unlisted-version/ },
  { name: 'an unknown output format', argv: ['plan', '--cluster', 'demo', '-o', 'xml'], stderr: /invalid output format "xml" for "kubehop plan": use one of table, wide, json, yaml, markdown/ },
  { name: 'a zero --max-unavailable', argv: ['plan', '--cluster', 'demo', '--max-unavailable', '0'], stderr: /invalid --max-unavailable "0": give a whole number of 1 or more/ },
  { name: 'a --max-workload-unavailable that is not a percentage', argv: ['plan', '--cluster', 'demo', '--max-workload-unavailable', '0.3'], stderr: /invalid --max-workload-unavailable "0.3": give a percentage from 1% to 100%, e.g. 25%/ },
  { name: 'a --max-workload-unavailable with all-at-once', argv: ['plan', '--cluster', 'demo', '--strategy', 'all-at-once', '--max-workload-unavailable', '50%'], stderr: /--max-workload-unavailable goes with --strategy rolling or surge/ },
  { name: 'a --prepare-ahead that is not a number', argv: ['plan', '--cluster', 'demo', '--prepare-ahead', 'some'], stderr: /invalid --prepare-ahead "some": give a whole number, 0 to prepare each worker inside its drain window/ },
  { name: 'an unknown strategy', argv: ['plan', '--cluster', 'demo', '--strategy', 'yolo'], stderr: /invalid --strategy "yolo": use rolling, all-at-once, surge or blue-green/ },
  { name: 'an unknown built-in cluster', argv: ['check', '--cluster', 'prod'], stderr: /unknown cluster "prod"/ },
  { name: 'a bad --date', argv: ['releases', '--date', '2026-02-30'], stderr: /invalid --date "2026-02-30": give a date as YYYY-MM-DD/ },
  { name: 'a fault naming a node the cluster does not have', argv: ['simulate', '--cluster', 'demo', '--to', '1.33', '--fault-node-never-ready', 'wrker-1'], stderr: /invalid --fault-node-never-ready "wrker-1": cluster "demo" has no such node; name one of its nodes \(cp-1/ },
  { name: 'a command fault on a node the cluster does not have', argv: ['simulate', '--cluster', 'demo', '--to', '1.33', '--fault-command', 'cp9:kubeadm upgrade apply'], stderr: /invalid --fault-command "cp9:kubeadm upgrade apply": cluster "demo" has no node "cp9"/ },
  { name: 'a never-ready fault on a workload the cluster does not have', argv: ['simulate', '--cluster', 'demo', '--to', '1.33', '--fault-pods-never-ready', 'default/nope'], stderr: /invalid --fault-pods-never-ready "default\/nope": cluster "demo" has no such workload/ },
  { name: 'an --ssh-host without an address', argv: ['plan', '--cluster', 'demo', '--ssh-host', 'cp1'], stderr: /invalid --ssh-host "cp1": no NODE= before the address; expected NODE=ADDRESS\[:PORT\]/ },
  { name: 'an --ssh-host for a node the cluster does not have', argv: ['plan', '--cluster', 'demo', '--ssh-host', 'cp9=10.0.0.9'], stderr: /invalid --ssh-host "cp9=10\.0\.0\.9": cluster "demo" has no node "cp9"/ },
  { name: 'more workers unavailable than the cluster has', argv: ['plan', '--cluster', 'demo', '--max-unavailable', '100'], stderr: /invalid --max-unavailable 100: cluster "demo" has 6 workers; give 1 to 6, or --strategy all-at-once/ },
  { name: 'a count beyond any cluster', argv: ['plan', '--cluster', 'demo', '--max-unavailable', '99999999999999999999'], stderr: /invalid --max-unavailable "99999999999999999999": give a whole number from 1 to 100000/ },
  { name: 'a negative --max-unavailable', argv: ['plan', '--cluster', 'demo', '--max-unavailable', '-1'], stderr: /option --max-unavailable of "kubehop plan" is followed by "-1", which reads as an option, not a value/ },
  { name: 'a minor older than any release (1.3 for 1.30)', argv: ['plan', '--cluster', 'demo', '--to', '1.3'], stderr: /covers v1\.10 to v1\.37; did you mean 1\.30\? give a minor the catalog lists, e\.g\. --to 1\.37, or pass a catalog that lists v1\.3 with --releases FILE\n/ },
  { name: 'a cluster name without --cluster', argv: ['plan', 'demo'], stderr: /unexpected argument "demo": give the cluster as --cluster demo/ },
  { name: 'a directory as kubeconfig', argv: ['check', '--kubeconfig', '/tmp'], stderr: /invalid kubeconfig \/tmp: it is a directory; give the kubeconfig file itself/ },
  { name: 'no --cluster and no kubeconfig', argv: ['plan', '--to', '1.33', '--kubeconfig', '/nonexistent/kubeconfig'], stderr: /invalid --kubeconfig \/nonexistent\/kubeconfig: no such file; give the path of a kubeconfig file/ },
];

for (const c of usage) {
  test(`exits 2 with a clear message on ${c.name}`, async () => {
    const r = await run(...c.argv);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, c.stderr);
    assert.equal(r.stdout, '');
  });
}

test('exits 2 naming the file, line and field for a cluster file with a node missing its version', async () => {
  const path = await clusterFile(`kind: Cluster
apiVersion: kubehop/v1
name: broken
nodes:
  - name: cp-1
    role: control-plane
    kubelet: v1.32.9
  - name: worker-1
`);
  const r = await run('plan', '--cluster', path, '--to', '1.33');
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:\\d+: nodes\\.1(\\.kubelet)?: .*kubelet`));
});

test('plans the textbook upgrade of the classic cluster as JSON', async () => {
  const r = await run('plan', '--cluster', 'classic', '--to', '1.13', '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.from, 'v1.11.3');
  assert.equal(plan.to, 'v1.13.12');
  assert.deepEqual(plan.hops.map((h: { version: string }) => h.version), ['v1.12.10', 'v1.13.12']);
  for (const step of plan.steps) {
    assert.equal(typeof step.id, 'string');
    assert.ok(Array.isArray(step.commands) && step.commands.every((c: unknown) => Array.isArray(c)));
  }
  const installs = plan.steps.flatMap((s: { commands: string[][] }) => s.commands).filter((c: string[]) => c[1] === 'install');
  assert.ok(installs.every((c: string[]) => c.slice(3).every((p) => /^kube(adm|let|ctl)=1\.1[23]\.\d+-00$/.test(p))), 'legacy deb versions');
  assert.deepEqual(plan.drains, { controlplane: 2, 'node-1': 2, 'node-2': 2, 'node-3': 2 });
});

test('plans five hops for the demo cluster with fewer drains than --workers-every-hop', async () => {
  const fewest = JSON.parse((await run('plan', '--cluster', 'demo', '--to', '1.37', '-o', 'json')).stdout);
  const classic = JSON.parse((await run('plan', '--cluster', 'demo', '--to', '1.37', '--workers-every-hop', '-o', 'json')).stdout);
  assert.equal(fewest.hops.length, 5);
  for (const node of Object.keys(fewest.drains)) {
    if (node.startsWith('worker')) assert.ok(fewest.drains[node] < classic.drains[node], node);
  }
});

test('plans to the newest supported release when no target is given', async () => {
  const plan = JSON.parse((await run('plan', '--cluster', 'demo', '-o', 'json')).stdout);
  assert.equal(plan.to, 'v1.37.1');
});

test('writes a markdown runbook with every command', async () => {
  const r = await run('plan', '--cluster', 'classic', '--to', '1.12', '-o', 'markdown');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^# Upgrade runbook: classic v1\.11\.3 → v1\.12\.10/);
  assert.match(r.stdout, /sudo kubeadm upgrade apply v1\.12\.10 --yes/);
  assert.match(r.stdout, /kubectl drain node-1 --ignore-daemonsets/);
});

test('round-trips a plan through YAML output', async () => {
  const r = await run('plan', '--cluster', 'demo', '--to', '1.33', '-o', 'yaml');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^format: kubehop\.plan\/v1$/m);
});

test('checks the demo cluster: no skew problem, end of life said plainly, exit 0', async () => {
  const r = await run('check', '--cluster', 'demo');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No skew problems/);
  assert.match(r.stdout, /v1\.32 reached end of life on 2026-02-28/);
});

test('exits 3 when a check finds a kubelet newer than the control plane', async () => {
  const path = await clusterFile(`kind: Cluster
apiVersion: kubehop/v1
name: skewed
nodes:
  - name: cp-1
    role: control-plane
    kubelet: v1.32.9
  - name: worker-1
    kubelet: v1.33.1
`);
  const r = await run('check', '--cluster', path, '-o', 'json');
  assert.equal(r.code, 3);
  const report = JSON.parse(r.stdout);
  assert.ok(report.findings.some((f: { code: string }) => f.code === 'KUBELET_NEWER_THAN_APISERVER'));
  const plan = await run('plan', '--cluster', path, '--to', '1.33');
  assert.equal(plan.code, 3);
  assert.match(plan.stderr, /already breaks the version skew policy/);
});

test('lists releases with their status on a given date', async () => {
  const r = await run('releases', '--date', '2025-01-01', '-o', 'json');
  assert.equal(r.code, 0);
  assert.ok(r.stdout.includes('"minor"'));
});

test('prints help and exits 0 for --help', async () => {
  const r = await run('plan', '--help');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--workers-every-hop/);
});

test('plan shows the demo upgrade on one screen: hops, expected duration, batches, drains per node, the steps on request', async () => {
  const r = await run('plan', '--cluster', 'demo', '--to', '1.37');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.length <= 24, `${lines.length} lines`);
  assert.match(r.stdout, /^Hops: v1\.33\.13 -> v1\.34\.11 -> v1\.35\.9 -> v1\.36\.4 -> v1\.37\.1$/m);
  assert.match(r.stdout, /^Expected duration: about 1h\d+m \(timing model\): control plane \d+m, workers \d+m$/m);
  assert.match(r.stdout, /^ {2}at v1\.35\.9: 5 batches of up to 2 workers, about \d+m, batches \d+m to \d+m$/m);
  assert.match(r.stdout, /^Drains: 18 in all, 2 on each of the 9 nodes$/m);
  assert.match(r.stdout, /^apiserver, controller-manager, scheduler ×3 +v1\.32\.9 +v1\.37\.1$/m);
  assert.match(r.stdout, /^Steps: 213 — list them with --steps/m);
  assert.doesNotMatch(r.stdout, /sudo /);
});

test('plan --cluster demo fits an 80 x 24 terminal with its warnings, every line within 80 columns', async () => {
  const r = await captureCli(['plan', '--cluster', 'demo', '--to', '1.37'], { terminal: { columns: 80, rows: 24 } });
  assert.equal(r.code, 0, r.stderr);
  const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n');
  const rows = [...plain(r.stderr).filter((l) => l !== '').map((l) => Math.ceil(l.length / 80)), ...plain(r.stdout).map((l) => Math.max(1, Math.ceil(l.length / 80)))];
  for (const line of plain(r.stdout)) assert.ok(line.length <= 80, line);
  // One row is left for the command line that asked for it.
  assert.ok(rows.reduce((a, b) => a + b, 0) <= 23, `${rows.length} lines take ${rows.reduce((a, b) => a + b, 0)} rows`);
});

const stepChoices: { flags: string[]; heading: RegExp; only?: RegExp }[] = [
  { flags: ['--steps'], heading: /^Steps \(213 of 213\):$/m },
  { flags: ['--node', 'worker-1'], heading: /^Steps on worker-1 \(\d+ of 213\):$/m, only: /^ +\d+\. v1\.\d+\/[\w-]+\/worker-1\// },
  { flags: ['--hop', '2'], heading: /^Steps of hop 2 \(v1\.34\.11\) \(\d+ of 213\):$/m, only: /^ +\d+\. v1\.34\// },
];
for (const c of stepChoices) {
  test(`plan ${c.flags.join(' ')} lists exactly the steps asked for after the summary`, async () => {
    const r = await run('plan', '--cluster', 'demo', '--to', '1.37', ...c.flags);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, c.heading);
    const steps = r.stdout.split('\n').filter((l) => /^ +\d+\. v1\./.test(l));
    assert.ok(steps.length > 0);
    if (c.only) for (const s of steps) assert.match(s, c.only);
  });
}

const badChoices: { flags: string[]; stderr: RegExp }[] = [
  { flags: ['--node', 'wrker-1'], stderr: /invalid --node "wrker-1": cluster "demo" has no such node/ },
  { flags: ['--hop', '9'], stderr: /invalid --hop 9: the plan has 5 hops; give 1 to 5/ },
  { flags: ['--steps', '--hop', '1'], stderr: /--steps and --hop choose different steps to list: give one of them/ },
  { flags: ['--node', 'cp-1', '-o', 'json'], stderr: /--node chooses steps for the summary table: leave it out with -o json/ },
];
for (const c of badChoices) {
  test(`plan ${c.flags.join(' ')} exits 2 saying what to give`, async () => {
    const r = await run('plan', '--cluster', 'demo', '--to', '1.37', ...c.flags);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, c.stderr);
  });
}

test('plan exits 3 for the shop cluster with its blocking findings on top, and its runbook opens with them and a checklist', async () => {
  const table = await run('plan', '--cluster', 'shop', '--to', '1.37');
  assert.equal(table.code, 3, table.stderr);
  const lines = table.stdout.split('\n');
  // The shop cluster's 20 blocking findings, as "kubehop preflight --cluster shop --to 1.37" counts them.
  assert.match(lines[2] ?? '', /^BLOCKING: 20 findings stop apply/);
  assert.equal(lines.slice(3, 23).filter((l) => /^ {2}[A-Z0-9_]+ \(/.test(l)).length, 20);
  const runbook = await run('plan', '--cluster', 'shop', '--to', '1.37', '-o', 'markdown');
  assert.equal(runbook.code, 3);
  const md = runbook.stdout.split('\n');
  assert.equal(md[2], '## Blocking: fix these before you start');
  // The checklist follows the 20 blocking findings, before anything else of the runbook.
  const checklist = md.indexOf('## Checklist');
  assert.ok(checklist > 2 && checklist < md.indexOf('## Before you start'), `checklist at line ${checklist}`);
});

test('plan -o json carries the forecast beside the plan: the whole and each phase of each hop, in seconds', async () => {
  const r = await run('plan', '--cluster', 'demo', '--to', '1.37', '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { forecast: { totalSeconds: number; phases: { hop: string; part: string; seconds: number; batches: unknown[] }[]; calibrated: string[] } };
  assert.ok(doc.forecast.totalSeconds > 3600 && doc.forecast.totalSeconds < 2 * 3600, String(doc.forecast.totalSeconds));
  assert.deepEqual(doc.forecast.phases.filter((p) => p.part === 'workers').map((p) => [p.hop, p.batches.length]), [['v1.35.9', 5], ['v1.37.1', 5]]);
  assert.deepEqual(doc.forecast.calibrated, []);
});

test('plan --timings-from calibrates the forecast by the step times an earlier run recorded in its journal', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubehop-timings-'));
  const journal = join(dir, 'demo.journal.json');
  const record = { format: 'kubehop.journal/v1', planId: 'p', startedAt: 0, updatedAt: 1, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'completed', stepTimes: { 'workers/drain': [600, 600, 600] } };
  await writeFile(journal, JSON.stringify(record));
  const plain = JSON.parse((await run('plan', '--cluster', 'demo', '--to', '1.37', '-o', 'json')).stdout) as { forecast: { totalSeconds: number } };
  const r = await run('plan', '--cluster', 'demo', '--to', '1.37', '-o', 'json', '--timings-from', journal);
  assert.equal(r.code, 0, r.stderr);
  const calibrated = JSON.parse(r.stdout) as { forecast: { totalSeconds: number; calibrated: string[] } };
  assert.deepEqual(calibrated.forecast.calibrated, ['workers/drain']);
  // Eight worker batches, each now held by a ten-minute drain.
  assert.ok(calibrated.forecast.totalSeconds > plain.forecast.totalSeconds + 8 * 500, `${calibrated.forecast.totalSeconds}s vs ${plain.forecast.totalSeconds}s`);
  const summary = await run('plan', '--cluster', 'demo', '--to', '1.37', '--timings-from', journal);
  assert.match(summary.stdout, /^Expected duration: about \S+ \(timing model, calibrated by a recorded run for 1 kind of step\)/m);
});

const badTimings: { name: string; content?: string; error: RegExp }[] = [
  { name: 'a file that is not there', error: /invalid --timings-from \S+: no such file; give the journal file of an earlier apply/ },
  { name: 'a file that is not JSON', content: 'step times', error: /invalid --timings-from \S+: invalid journal \S+: it is not JSON/ },
  { name: 'a journal with garbage step times', content: JSON.stringify({ format: 'kubehop.journal/v1', planId: 'p', startedAt: 0, updatedAt: 1, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'completed', stepTimes: { 'workers/drain': ['slow'] } }), error: /stepTimes\.workers\/drain: expected at most 50 durations/ },
  { name: 'a journal without step times', content: JSON.stringify({ format: 'kubehop.journal/v1', planId: 'p', startedAt: 0, updatedAt: 1, completedSteps: [], cordonedByRun: [], skippedNodes: [], overrides: [], status: 'completed' }), error: /the journal records no step times .*leave out --timings-from/ },
];
for (const c of badTimings) {
  test(`plan --timings-from with ${c.name} exits 2 and says what to give instead`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubehop-timings-'));
    const path = join(dir, 'journal.json');
    if (c.content !== undefined) await writeFile(path, c.content);
    const r = await run('plan', '--cluster', 'demo', '--to', '1.37', '--timings-from', path);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, c.error);
    assert.equal(r.stdout, '');
  });
}

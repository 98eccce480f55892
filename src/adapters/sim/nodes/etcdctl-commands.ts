import { TIMING_MODEL } from '../../../core/timing/index.js';
import { compareEtcdTags } from '../../../core/releases/kubeadm-addon-versions.js';
import type { CommandOutcome, CommandRun } from './command-run.js';

// etcdctl against the node's stacked etcd member: `snapshot save` needs the member running and
// writes a file whose size grows with the cluster; `snapshot status` reads it back (etcdctl up to
// etcd 3.5, etcdutl from 3.5 on: etcd 3.6 has no `etcdctl snapshot status`).

function snapshotBytes(run: CommandRun): number {
  return 4 * 2 ** 20 + run.ctx.state.pods.size * 6_000 + run.ctx.state.nodes.size * 12_000;
}

export async function runEtcdctl(run: CommandRun): Promise<CommandOutcome> {
  const args = run.argv.slice(1).filter((a) => !a.startsWith('--') && !a.startsWith('-w'));
  const [group, verb, path] = args;
  if (group !== 'snapshot' || (verb !== 'save' && verb !== 'status') || path === undefined) {
    return run.fail(`Error: unknown command "${args.join(' ')}" for "etcdctl" (only snapshot save|status is simulated)`, 1);
  }
  const { node } = run;
  if (verb === 'status') {
    const etcd = node.controlPlane?.etcd;
    if (etcd && compareEtcdTags(etcd.version, '3.6.0-0') >= 0) return run.fail('Error: unknown command "status" for "etcdctl snapshot"', 1);
    return snapshotStatus(run, path);
  }
  const denied = run.needsRoot();
  if (denied) return denied;
  const etcd = node.controlPlane?.etcd;
  if (!etcd) return run.fail('Error: dial tcp 127.0.0.1:2379: connect: connection refused', 1);
  const dir = path.slice(0, Math.max(1, path.lastIndexOf('/')));
  if (!node.dirs.has(dir)) return run.fail(`Error: could not open ${path}.part (open ${path}.part: no such file or directory)`, 5);
  if (!etcd.up) {
    await run.wait(5_000);
    return run.fail('Error: context deadline exceeded', 1);
  }
  const bytes = snapshotBytes(run);
  await run.wait(TIMING_MODEL.etcdSnapshotBase.min * 1000 + Math.round(bytes / 2 ** 20) * TIMING_MODEL.etcdSnapshotPerMiB.min * 1000);
  node.files.set(path, bytes);
  run.ctx.log.add('etcd-snapshot', node.name, path);
  run.print(`Snapshot saved at ${path}`);
  return run.exit(0);
}

async function snapshotStatus(run: CommandRun, path: string): Promise<CommandOutcome> {
  await run.takes(TIMING_MODEL.etcdSnapshotStatus);
  const size = run.node.files.get(path);
  if (size === undefined) return run.fail(`Error: stat ${path}: no such file or directory`, 1);
  const keys = Math.round(size / 3000);
  run.print('+----------+----------+------------+------------+');
  run.print('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
  run.print('+----------+----------+------------+------------+');
  run.print(`| 5e4d8a1c | ${String(keys * 7).padStart(8)} | ${String(keys).padStart(10)} | ${`${(size / 2 ** 20).toFixed(1)} MB`.padStart(10)} |`);
  run.print('+----------+----------+------------+------------+');
  return run.exit(0);
}

/** `etcdutl snapshot status PATH`, the reader of snapshots from etcd 3.5 on. */
export async function runEtcdutl(run: CommandRun): Promise<CommandOutcome> {
  const args = run.argv.slice(1).filter((a) => !a.startsWith('--') && !a.startsWith('-w'));
  const [group, verb, path] = args;
  const etcd = run.node.controlPlane?.etcd;
  if (!etcd || compareEtcdTags(etcd.version, '3.5.0-0') < 0) return run.fail('etcdutl: command not found', 127);
  if (group !== 'snapshot' || verb !== 'status' || path === undefined) {
    return run.fail(`Error: unknown command "${args.join(' ')}" for "etcdutl" (only snapshot status is simulated)`, 1);
  }
  return snapshotStatus(run, path);
}

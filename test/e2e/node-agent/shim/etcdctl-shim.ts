import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { nodeIn, readAllNodeStates, updateStates } from '../node-state.js';
import type { ShimContext } from './shim-context.js';

// etcdctl against the node's stacked etcd member: `snapshot save PATH` writes a file on the
// node's own file system (its /var/lib is its own, see node-namespace.sh) and records it in the
// node's state; `snapshot status PATH` reads it back. Only control-plane nodes run etcd.

/** Flags that take the next argument as their value when written without `=`. */
const VALUED = ['-w', '--write-out', '--endpoints', '--cacert', '--cert', '--key', '--command-timeout', '--dial-timeout', '--user', '--password'];
const HEADER = 'kubehop-e2e emulated etcd snapshot\n';

export function runEtcdctl(ctx: ShimContext): number {
  const positional = ctx.args.filter((a, i) => !a.startsWith('-') && !VALUED.includes(ctx.args[i - 1] ?? ''));
  const [group, verb, path] = positional;
  if (group !== 'snapshot' || (verb !== 'save' && verb !== 'status') || path === undefined) {
    ctx.err(`Error: unknown command "${positional.join(' ')}" for "etcdctl" (only snapshot save|status is emulated)`);
    return 1;
  }
  if (verb === 'status') return snapshotStatus(ctx, path);
  if (!ctx.node().staticPods) {
    ctx.err('Error: dial tcp 127.0.0.1:2379: connect: connection refused');
    return 1;
  }
  if (!existsSync(dirname(path))) {
    ctx.err(`Error: could not open ${path}.part (open ${path}.part: no such file or directory)`);
    return 5;
  }
  // The size grows with the cluster, as a real snapshot's does.
  const nodes = readAllNodeStates(ctx.clusterDir).length;
  const body = Buffer.alloc(256 * 1024 + nodes * 12_000, 0x2a);
  writeFileSync(`${path}.part`, Buffer.concat([Buffer.from(HEADER), body]));
  renameSync(`${path}.part`, path);
  const bytes = statSync(path).size;
  updateStates(ctx.clusterDir, (tx) => {
    const node = nodeIn(tx.nodes, ctx.nodeName);
    node.snapshots[path] = { bytes, savedAt: new Date().toISOString() };
    tx.changed(node);
  });
  ctx.out(`Snapshot saved at ${path}`);
  return 0;
}

function snapshotStatus(ctx: ShimContext, path: string): number {
  if (!existsSync(path)) {
    ctx.err(`Error: stat ${path}: no such file or directory`);
    return 1;
  }
  const content = readFileSync(path);
  if (!content.subarray(0, HEADER.length).equals(Buffer.from(HEADER))) {
    ctx.err(`Error: snapshot file integrity check failed: ${path} is not an etcd snapshot`);
    return 1;
  }
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
  const keys = Math.round(content.length / 3000);
  const size = `${(content.length / 2 ** 20).toFixed(1)} MB`;
  ctx.out('+----------+----------+------------+------------+');
  ctx.out('|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |');
  ctx.out('+----------+----------+------------+------------+');
  ctx.out(`| ${hash} | ${String(keys * 7).padStart(8)} | ${String(keys).padStart(10)} | ${size.padStart(10)} |`);
  ctx.out('+----------+----------+------------+------------+');
  return 0;
}

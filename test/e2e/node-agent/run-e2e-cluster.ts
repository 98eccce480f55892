import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startE2eCluster } from '../e2e-cluster.js';

// The emulated cluster by hand: starts it, prints how to reach it, and keeps it up until Ctrl-C.
//   node --import tsx test/e2e/node-agent/run-e2e-cluster.ts [--control-planes 1] [--workers 2] [--version v1.20.2]

const { values } = parseArgs({
  options: {
    'control-planes': { type: 'string', default: '1' },
    workers: { type: 'string', default: '2' },
    version: { type: 'string', default: 'v1.20.2' },
    keep: { type: 'boolean', default: false },
  },
});

const cluster = await startE2eCluster({
  controlPlanes: Number(values['control-planes']),
  workers: Number(values.workers),
  version: values.version,
  keepDir: values.keep,
});
const sshConfig = Object.entries(cluster.sshHosts)
  .map(([name, h]) => `Host ${name}\n  HostName ${h.host}\n  Port ${h.port}\n  User ${h.user}\n  IdentityFile ${h.keyFile}\n  UserKnownHostsFile ${h.knownHostsFile}\n  StrictHostKeyChecking yes\n`)
  .join('\n');
const sshConfigFile = join(cluster.dir, 'ssh_config');
writeFileSync(sshConfigFile, sshConfig);
process.stdout.write(
  [
    `emulated cluster up in ${cluster.dir}`,
    `  export KUBECONFIG=${cluster.kubeconfig}`,
    `  ${cluster.env.KUBEHOP_CP_KUBECTL ?? 'kubectl'} get nodes,pods -A`,
    `  ssh -F ${sshConfigFile} ${cluster.nodes[0]?.name ?? 'cp-1'} kubeadm version -o short`,
    'Ctrl-C stops it.',
    '',
  ].join('\n'),
);

const stop = () => {
  process.stdout.write('stopping...\n');
  void cluster.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => undefined, 60_000);

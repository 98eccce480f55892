import { runAptGet, runAptMark, runDpkgQuery } from './apt-shim.js';
import { runCurl } from './curl-shim.js';
import { runEtcdctl } from './etcdctl-shim.js';
import { runKubeadm } from './kubeadm-shim.js';
import { shimContextFromEnv, type Tool } from './shim-context.js';
import { runKubectl, runKubelet, runSystemctl } from './system-shim.js';

// The one program behind every node-side tool of an emulated node: bin/TOOL runs
// `node node-shim.js TOOL ARGS...` (see build-shims.ts, whose SHIM_TOOLS lists
// the same tools). Plain file tools (sed, cat, test, mkdir)
// are the real ones, working on the node's own /etc and /var/lib.

const TOOLS: Readonly<Record<string, Tool>> = {
  'apt-get': runAptGet,
  'apt-mark': runAptMark,
  'dpkg-query': runDpkgQuery,
  kubeadm: runKubeadm,
  kubelet: runKubelet,
  kubectl: runKubectl,
  systemctl: runSystemctl,
  etcdctl: runEtcdctl,
  curl: runCurl,
};

async function main(argv: readonly string[]): Promise<number> {
  const [tool = '', ...args] = argv;
  const run = TOOLS[tool];
  if (!run) {
    process.stderr.write(`${tool}: not emulated on this node\n`);
    return 127;
  }
  try {
    return await run(shimContextFromEnv(tool, args, process.env));
  } catch (error) {
    process.stderr.write(`${tool}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

import { formatVersion } from '../../core/version/index.js';
import type { CommandOutcome, CommandRun } from './command-run.js';
import { restartKubelet } from './kubelet-restart.js';

// systemctl for the kubelet, and the version flags of the node's binaries.

export async function runSystemctl(run: CommandRun): Promise<CommandOutcome> {
  const [, sub, unit] = run.argv;
  const service = (unit ?? '').replace(/\.service$/, '');
  switch (sub) {
    case 'daemon-reload': {
      const denied = run.needsRoot();
      if (denied) return denied;
      await run.takes(0.3, 1);
      return run.exit(0);
    }
    case 'restart': {
      const denied = run.needsRoot();
      if (denied) return denied;
      if (!service) return run.fail('Too few arguments.', 1);
      if (!['kubelet', 'containerd', 'crio', 'docker'].includes(service)) return run.fail(`Failed to restart ${service}.service: Unit ${service}.service not found.`, 5);
      await run.takes(0.5, 1.5);
      if (service === 'kubelet') restartKubelet(run.ctx, run.node);
      return run.exit(0);
    }
    case 'is-active': {
      run.print(service === 'kubelet' && !run.node.ready ? 'activating' : 'active');
      return run.exit(service === 'kubelet' && !run.node.ready ? 3 : 0);
    }
    default:
      return run.fail(`Unknown command verb ${sub ?? ''}.`, 1);
  }
}

/** `kubelet --version`: the installed binary, which runs after the next restart. */
export async function runKubelet(run: CommandRun): Promise<CommandOutcome> {
  if (run.argv[1] !== '--version') return run.fail('kubelet: only --version is simulated', 1);
  run.print(`Kubernetes ${formatVersion(run.node.packages.kubelet.version)}`);
  return run.exit(0);
}

/** `kubectl version --client` with the package installed on the node. */
export async function runKubectl(run: CommandRun): Promise<CommandOutcome> {
  const kubectl = run.node.packages.kubectl;
  if (!kubectl) return run.fail('kubectl: command not found', 127);
  if (run.argv[1] !== 'version' || !run.argv.some((a) => a === '--client' || a === '--client=true')) {
    return run.fail('error: only "kubectl version --client" runs on a node in the simulator; the engine talks to the API', 1);
  }
  run.print(`Client Version: ${formatVersion(kubectl.version)}`);
  return run.exit(0);
}

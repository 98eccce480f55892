import { TIMING_MODEL } from '../../../core/timing/index.js';
import { formatVersion } from '../../../core/version/index.js';
import type { CommandOutcome } from './command-run.js';
import { CommandRun } from './command-run.js';
import { runEtcdctl, runEtcdutl } from './etcdctl-commands.js';
import { restartKubelet } from './kubelet-restart.js';

// systemctl for the kubelet, and the version flags of the node's binaries.

export async function runSystemctl(run: CommandRun): Promise<CommandOutcome> {
  const [, sub, unit] = run.argv;
  const service = (unit ?? '').replace(/\.service$/, '');
  switch (sub) {
    case 'daemon-reload': {
      const denied = run.needsRoot();
      if (denied) return denied;
      await run.takes(TIMING_MODEL.systemdReload);
      return run.exit(0);
    }
    case 'restart': {
      const denied = run.needsRoot();
      if (denied) return denied;
      if (!service) return run.fail('Too few arguments.', 1);
      if (!['kubelet', 'containerd', 'crio', 'docker'].includes(service)) return run.fail(`Failed to restart ${service}.service: Unit ${service}.service not found.`, 5);
      await run.takes(TIMING_MODEL.systemdRestart);
      if (service === 'kubelet') restartKubelet(run.ctx, run.node);
      return run.exit(0);
    }
    case 'show':
      return showUnit(run, service);
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

/** systemd restarts a kubelet that exits every RestartSec=10 s (the kubelet.service of the packages). */
const KUBELET_RESTART_SEC = 10;

/** `systemctl show UNIT --property=...`: the kubelet's unit state as systemd reports it. */
function showUnit(run: CommandRun, service: string): CommandOutcome {
  const failing = service === 'kubelet' ? run.node.kubeletFailing : undefined;
  const restarts = failing ? Math.floor((run.ctx.clock.now() - failing.since) / (KUBELET_RESTART_SEC * 1000)) : 0;
  const properties: Record<string, string> = failing
    ? { ActiveState: 'activating', SubState: 'auto-restart', Result: 'exit-code', NRestarts: String(restarts), ExecMainStatus: '1' }
    : { ActiveState: 'active', SubState: 'running', Result: 'success', NRestarts: '0', ExecMainStatus: '0' };
  const wanted = run.argv.filter((a) => a.startsWith('--property=')).flatMap((a) => a.slice('--property='.length).split(','));
  for (const key of wanted.length > 0 ? wanted : Object.keys(properties)) {
    if (properties[key] !== undefined) run.print(`${key}=${properties[key]}`);
  }
  return run.exit(0);
}

/** `journalctl -u kubelet ...`: the failing kubelet's last words, once per restart. */
export async function runJournalctl(run: CommandRun): Promise<CommandOutcome> {
  const denied = run.needsRoot();
  if (denied) return denied;
  const failing = run.argv.includes('kubelet') || run.argv.includes('kubelet.service') ? run.node.kubeletFailing : undefined;
  if (failing) run.print(`E0000 00:00:00.000000 1 server.go:292] "${failing.message}"`);
  return run.exit(0);
}

/** Flags of kubectl that take the next argument as their value. */
const KUBECTL_VALUED = new Set(['--kubeconfig', '--namespace', '-n', '--context', '-c', '--container']);

/**
 * `kubectl exec etcd-NODE -- etcdctl|etcdutl ...`: the node's own etcd static pod runs the tool
 * against the same host paths (its data directory is a host path). Needs the API server up.
 */
async function runKubectlExec(run: CommandRun, args: readonly string[]): Promise<CommandOutcome> {
  const dash = args.indexOf('--');
  const before = dash < 0 ? args : args.slice(0, dash);
  const inPod = dash < 0 ? [] : args.slice(dash + 1);
  const pod = before.find((a, i) => i > before.indexOf('exec') && !a.startsWith('-') && !KUBECTL_VALUED.has(before[i - 1] ?? ''));
  if (!run.ctx.state.apiUp) return run.fail('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?', 1);
  if (pod !== `etcd-${run.node.name}` || !run.node.controlPlane?.etcd) {
    return run.fail(`Error from server (NotFound): pods "${pod ?? ''}" not found (the simulator runs kubectl exec only in the node's own etcd pod)`, 1);
  }
  const tool = inPod[0] === 'env' ? inPod.filter((a) => !a.includes('=')).slice(1) : inPod;
  const handler = tool[0] === 'etcdctl' ? runEtcdctl : tool[0] === 'etcdutl' ? runEtcdutl : undefined;
  if (!handler) return run.fail(`OCI runtime exec failed: exec: "${tool[0] ?? ''}": executable file not found in $PATH`, 126);
  // Inside the pod the tool runs as root, whoever called kubectl on the host.
  return handler(new CommandRun(run.ctx, run.node, tool, { ...run.options, privileged: true }, Number.POSITIVE_INFINITY));
}

/** `kubectl version --client` with the package installed on the node, and exec into its etcd pod. */
export async function runKubectl(run: CommandRun): Promise<CommandOutcome> {
  const kubectl = run.node.packages.kubectl;
  if (!kubectl) return run.fail('kubectl: command not found', 127);
  if (run.argv.includes('exec')) return runKubectlExec(run, run.argv.slice(1));
  if (run.argv[1] !== 'version' || !run.argv.some((a) => a === '--client' || a === '--client=true')) {
    return run.fail('error: only "kubectl version --client" runs on a node in the simulator; the engine talks to the API', 1);
  }
  run.print(`Client Version: ${formatVersion(kubectl.version)}`);
  return run.exit(0);
}

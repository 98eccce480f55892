import { nodeIn, updateStates } from '../node-state.js';
import { packageVersionOf } from './apt-shim.js';
import { runEtcdctl } from './etcdctl-shim.js';
import type { ShimContext } from './shim-context.js';

// systemctl for the kubelet, and the version flags of the node's kubelet and kubectl binaries. A
// restarted kubelet runs the installed package's version; the agent then shows the node NotReady
// for a moment and Ready again at that version.

const SERVICES = ['kubelet', 'containerd', 'crio', 'docker'];

export function runSystemctl(ctx: ShimContext): number {
  const [sub, unit] = ctx.args.filter((a) => !a.startsWith('-'));
  const service = (unit ?? '').replace(/\.service$/, '');
  switch (sub) {
    case 'daemon-reload':
      return 0;
    case 'restart':
    case 'start': {
      if (!service) {
        ctx.err('Too few arguments.');
        return 1;
      }
      if (!SERVICES.includes(service)) {
        ctx.err(`Failed to ${sub} ${service}.service: Unit ${service}.service not found.`);
        return 5;
      }
      if (service === 'kubelet' && sub === 'restart') {
        updateStates(ctx.clusterDir, (tx) => {
          const node = nodeIn(tx.nodes, ctx.nodeName);
          const installed = packageVersionOf(node, 'kubelet');
          if (installed) node.kubelet.running = installed;
          node.kubelet.restarts += 1;
          node.kubelet.restartedAt = new Date().toISOString();
          tx.changed(node);
        });
      }
      return 0;
    }
    case 'is-active':
      ctx.out(SERVICES.includes(service) ? 'active' : 'inactive');
      return SERVICES.includes(service) ? 0 : 3;
    case 'status': {
      if (service !== 'kubelet') {
        ctx.out(`Unit ${service}.service could not be found.`);
        return 4;
      }
      const node = ctx.node();
      ctx.out('● kubelet.service - kubelet: The Kubernetes Node Agent');
      ctx.out('     Loaded: loaded (/lib/systemd/system/kubelet.service; enabled; vendor preset: enabled)');
      ctx.out(`     Active: active (running) since ${node.kubelet.restartedAt ?? 'boot'}`);
      ctx.out(`    Version: ${node.kubelet.running}`);
      return 0;
    }
    default:
      ctx.err(`Unknown command verb ${sub ?? ''}.`);
      return 1;
  }
}

/** `kubelet --version`: the installed binary, which runs only after the next restart. */
export function runKubelet(ctx: ShimContext): number {
  const version = packageVersionOf(ctx.node(), 'kubelet');
  if (!version) {
    ctx.err('kubelet: command not found');
    return 127;
  }
  if (ctx.args[0] !== '--version') {
    ctx.err('kubelet: only --version runs on an emulated node; the node agent plays the kubelet');
    return 1;
  }
  ctx.out(`Kubernetes ${version}`);
  return 0;
}

/**
 * `kubectl exec etcd-NODE -- etcdctl|etcdutl ...`: the node's own etcd pod runs the tool on the
 * node's file system (a real etcd pod shares its data directory with the host).
 */
function execInEtcdPod(ctx: ShimContext): number {
  const dash = ctx.args.indexOf('--');
  const inPod = dash < 0 ? [] : ctx.args.slice(dash + 1);
  const pod = ctx.args.slice(0, dash < 0 ? undefined : dash).find((a, i, all) => i > all.indexOf('exec') && !a.startsWith('-') && !['--kubeconfig', '--namespace', '-n'].includes(all[i - 1] ?? ''));
  if (pod !== `etcd-${ctx.nodeName}` || !ctx.node().staticPods) {
    ctx.err(`Error from server (NotFound): pods "${pod ?? ''}" not found`);
    return 1;
  }
  const tool = inPod[0] === 'env' ? inPod.filter((a) => !a.includes('=')).slice(1) : inPod;
  if (tool[0] !== 'etcdctl' && tool[0] !== 'etcdutl') {
    ctx.err(`OCI runtime exec failed: exec: "${tool[0] ?? ''}": executable file not found in $PATH`);
    return 126;
  }
  return runEtcdctl({ ...ctx, tool: tool[0], args: tool.slice(1) });
}

/** `kubectl version --client [--short|-o json]` with the package installed on the node, and exec into its etcd pod. */
export function runKubectl(ctx: ShimContext): number {
  const version = packageVersionOf(ctx.node(), 'kubectl');
  if (!version) {
    ctx.err('kubectl: command not found');
    return 127;
  }
  if (ctx.args.includes('exec')) return execInEtcdPod(ctx);
  if (ctx.args[0] !== 'version' || !ctx.args.some((a) => a === '--client' || a === '--client=true')) {
    ctx.err('error: only "kubectl version --client" runs on an emulated node; talk to the API with the admin kubeconfig');
    return 1;
  }
  if (ctx.args.includes('-o') && ctx.args.includes('json')) ctx.out(JSON.stringify({ clientVersion: { gitVersion: version } }));
  else ctx.out(`Client Version: ${version}`);
  return 0;
}

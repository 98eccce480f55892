import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ConfigError } from '../../core/errors.js';

// Finds the kubeconfig the way kubectl does: --kubeconfig (one file, which must exist), else the
// files of KUBECONFIG merged (missing ones skipped; the first file to define a name or
// current-context wins), else ~/.kube/config, else the pod's service account (in-cluster). Then
// --context or current-context picks the context, and a missing one lists those that exist.

export interface KubeConfigOptions {
  /** --kubeconfig */
  readonly kubeconfig?: string;
  /** --context */
  readonly context?: string;
  /** Default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Default the user's home directory. */
  readonly home?: string;
  /** Root of the service-account files for in-cluster config (tests); default "/". */
  readonly inClusterRoot?: string;
}

export interface LoadedKubeConfig {
  readonly config: KubeConfig;
  /** Where it came from: file paths, or "in-cluster". */
  readonly source: readonly string[];
  readonly context: string;
  readonly server: string;
  readonly user: string;
  /** The kubeconfig's name for the cluster. */
  readonly clusterName: string;
}

const SERVICE_ACCOUNT_DIR = 'var/run/secrets/kubernetes.io/serviceaccount';

function readFile(path: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromFile(path);
  } catch (error) {
    throw new ConfigError(`invalid kubeconfig ${path}: ${kubeconfigProblem(error)}`, { cause: error });
  }
  return config;
}

/**
 * What is wrong with a kubeconfig file, in words that never quote it: parser messages show the
 * offending line, and in a kubeconfig that line may be a token or a key.
 */
export function kubeconfigProblem(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { name?: string; mark?: { line?: number; column?: number } };
  if (e.code === 'EISDIR') return 'it is a directory; give the kubeconfig file itself, e.g. --kubeconfig ~/.kube/config';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EACCES') return 'permission denied';
  // The client's own field checks name a field, never its value: safe to pass on.
  if (typeof e.message === 'string' && /^[\w.[\]-]+ is missing$/.test(e.message)) return e.message;
  if (e.name === 'YAMLException' && e.mark) return `it is not valid YAML (line ${(e.mark.line ?? 0) + 1}, column ${(e.mark.column ?? 0) + 1}); fix the file, or export a fresh one`;
  return `it is not a kubeconfig kubehop can read (${e.name ?? 'unknown error'}); check it with "kubectl config view --kubeconfig FILE"`;
}

/** kubectl's merge: the first file to define a cluster, user or context name keeps it. */
function merge(files: readonly string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const one = readFile(file);
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.getCurrentContext()) currentContext = one.getCurrentContext();
  }
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: currentContext ?? '' });
  return config;
}

function inCluster(env: Readonly<Record<string, string | undefined>>, root: string): KubeConfig | undefined {
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT) return undefined;
  if (!existsSync(join(root, SERVICE_ACCOUNT_DIR, 'token'))) return undefined;
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  // client-node reads the service address from process.env only.
  process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
  process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT;
  try {
    const config = new KubeConfig();
    config.loadFromCluster(root === '/' ? '' : root.replace(/\/$/, ''));
    return config;
  } finally {
    if (saved.host === undefined) delete process.env.KUBERNETES_SERVICE_HOST;
    else process.env.KUBERNETES_SERVICE_HOST = saved.host;
    if (saved.port === undefined) delete process.env.KUBERNETES_SERVICE_PORT;
    else process.env.KUBERNETES_SERVICE_PORT = saved.port;
  }
}

function locate(options: KubeConfigOptions): { config: KubeConfig; source: string[] } {
  const env = options.env ?? process.env;
  if (options.kubeconfig !== undefined) {
    if (!existsSync(options.kubeconfig)) throw new ConfigError(`invalid --kubeconfig ${options.kubeconfig}: no such file; give the path of a kubeconfig file`);
    return { config: readFile(options.kubeconfig), source: [options.kubeconfig] };
  }
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (listed.length > 0) {
    const present = listed.filter((p) => existsSync(p));
    if (present.length === 0) {
      throw new ConfigError(`failed to find a kubeconfig: none of the files KUBECONFIG names exists (${listed.join(', ')}); fix KUBECONFIG or pass --kubeconfig PATH`);
    }
    return { config: merge(present), source: present };
  }
  const home = join(options.home ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return { config: readFile(home), source: [home] };
  const pod = inCluster(env, options.inClusterRoot ?? '/');
  if (pod) return { config: pod, source: ['in-cluster'] };
  throw new ConfigError(`failed to find a kubeconfig: KUBECONFIG is not set, ${home} does not exist and kubehop is not running in a pod; pass --kubeconfig PATH`);
}

function contextList(config: KubeConfig): string {
  const names = config.getContexts().map((c) => c.name);
  return names.length === 0 ? 'it defines none' : `contexts: ${names.join(', ')}`;
}

/** Loads the kubeconfig and selects the context; ConfigError names what to fix. */
export function loadKubeConfig(options: KubeConfigOptions = {}): LoadedKubeConfig {
  const { config, source } = locate(options);
  const where = source.join(', ');
  const wanted = options.context ?? config.getCurrentContext();
  if (!wanted) throw new ConfigError(`the kubeconfig (${where}) sets no current-context; pass --context NAME (${contextList(config)})`);
  const context = config.getContextObject(wanted);
  if (!context) {
    const flag = options.context !== undefined ? `--context ${wanted}` : `current-context ${wanted}`;
    throw new ConfigError(`invalid ${flag}: the kubeconfig (${where}) has no such context; ${contextList(config)}`);
  }
  config.setCurrentContext(wanted);
  const cluster = config.getCluster(context.cluster);
  if (!cluster) throw new ConfigError(`invalid context ${wanted}: it names cluster ${context.cluster}, which the kubeconfig (${where}) does not define`);
  if (context.user && !config.getUser(context.user)) {
    throw new ConfigError(`invalid context ${wanted}: it names user ${context.user}, which the kubeconfig (${where}) does not define`);
  }
  return { config, source, context: wanted, server: cluster.server, user: context.user || 'anonymous', clusterName: cluster.name };
}

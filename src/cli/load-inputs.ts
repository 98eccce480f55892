import type { SshNodeShellOptions } from '../adapters/ssh/ssh-node-shell.js';
import { validateSshHostFlag, type SshHostOverride } from '../adapters/ssh/validate-ssh-host-flag.js';
import type { ClusterSourceRequest } from '../app/cluster-source.js';
import { ConfigError } from '../core/errors.js';
import type { CliIo } from './cli-io.js';
import { parseCount } from './parse-command-line.js';

/** Where the cluster comes from: --cluster (built-in or file) or a kubeconfig, with SSH to the nodes. */
export const SOURCE_OPTIONS = {
  cluster: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  ssh: { type: 'boolean' },
  'ssh-user': { type: 'string' },
  'ssh-port': { type: 'string' },
  'ssh-identity': { type: 'string', multiple: true },
  'ssh-host': { type: 'string', multiple: true },
  'ssh-accept-new': { type: 'boolean' },
  'known-hosts': { type: 'string' },
  'ssh-config': { type: 'string' },
} as const;

export interface SourceValues {
  cluster?: string | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  ssh?: boolean | undefined;
  'ssh-user'?: string | undefined;
  'ssh-port'?: string | undefined;
  'ssh-identity'?: string[] | undefined;
  'ssh-host'?: string[] | undefined;
  'ssh-accept-new'?: boolean | undefined;
  'known-hosts'?: string | undefined;
  'ssh-config'?: string | undefined;
}

/** The SSH settings of the flags; undefined when no SSH flag is given and `required` is false. */
export function sshOptionsFrom(values: SourceValues, required: boolean): SshNodeShellOptions | undefined {
  const given = values.ssh || Object.keys(values).some((k) => k.startsWith('ssh-') || k === 'known-hosts');
  if (!given && !required) return undefined;
  const hosts: SshHostOverride[] = [];
  for (const text of values['ssh-host'] ?? []) {
    const parsed = validateSshHostFlag(text);
    if (!parsed.ok) throw new ConfigError(parsed.errors.join('; '));
    hosts.push(parsed.value);
  }
  const port = values['ssh-port'] === undefined ? undefined : parseCount('--ssh-port', values['ssh-port'], 22);
  if (port !== undefined && port > 65535) throw new ConfigError(`invalid --ssh-port "${values['ssh-port']}": give a port from 1 to 65535`);
  return {
    ...(hosts.length > 0 ? { hosts } : {}),
    ...(values['ssh-user'] ? { user: values['ssh-user'] } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values['ssh-identity'] ? { identityFiles: values['ssh-identity'] } : {}),
    ...(values['ssh-accept-new'] ? { acceptNew: true } : {}),
    ...(values['known-hosts'] ? { knownHostsFile: values['known-hosts'] } : {}),
    ...(values['ssh-config'] ? { sshConfigFile: values['ssh-config'] } : {}),
  };
}

/** The cluster source the flags name; SSH settings only when given or `sshRequired`. */
export function sourceRequestFrom(values: SourceValues, io: CliIo, options: { sshRequired?: boolean } = {}): ClusterSourceRequest {
  // A named cluster is reached without SSH, but a malformed SSH flag is still a mistake to name.
  const ssh = sshOptionsFrom(values, values.cluster === undefined && (options.sshRequired ?? false));
  return {
    ...(values.cluster !== undefined ? { cluster: values.cluster } : {}),
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.context ? { context: values.context } : {}),
    ...(ssh ? { ssh } : {}),
    env: io.env,
    warn: (problem) => io.stderr(`kubehop: warning: ${problem}\n`),
  };
}

import { type SshConfigContext, resolveSshConfig, type SshHostConfig } from './resolve-ssh-config.js';
import type { SshConfigLine } from './parse-ssh-config.js';
import { splitHostPort } from '../../core/command/split-host-port.js';
import type { SshHostOverride } from './validate-ssh-host-flag.js';

// Where and as whom kubehop connects for a node. Precedence, highest first: an explicit
// --ssh-host mapping; kubehop's own flags (user, port, identity, known_hosts); ~/.ssh/config for
// the node name (as `ssh NODE` reads it) and then for its address; the cluster's address; defaults.

export interface SshEndpoint {
  /** Names the endpoint in messages: the node, or "jump host H for node N". */
  readonly label: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Key files to try, in order; missing default files are skipped quietly, missing named ones are reported. */
  readonly identityFiles: readonly string[];
  readonly defaultIdentityFiles: readonly string[];
  /** The ssh-agent socket, when the agent is to be asked. */
  readonly agentSocket?: string;
  readonly knownHostsFile: string;
  readonly acceptNew: boolean;
  readonly connectTimeoutMs: number;
}

export interface SshTarget extends SshEndpoint {
  readonly node: string;
  /** ProxyJump hops, first hop first. */
  readonly jumps: readonly SshEndpoint[];
  /** Config lines that could not be used; the connection goes on without them. */
  readonly warnings: readonly string[];
  /** What makes the node unreachable as configured (a malformed ProxyJump); the connection is refused. */
  readonly errors: readonly string[];
}

export interface SshTargetDefaults {
  readonly user?: string;
  readonly port?: number;
  readonly identityFiles?: readonly string[];
  readonly agentSocket?: string;
  readonly knownHostsFile?: string;
  readonly acceptNew: boolean;
  readonly connectTimeoutMs: number;
}

export interface SshTargetInput {
  readonly node: string;
  /** The node's address from the cluster (InternalIP), when known. */
  readonly address?: string;
  readonly override?: SshHostOverride;
  readonly config: readonly SshConfigLine[];
  readonly context: SshConfigContext;
  readonly defaults: SshTargetDefaults;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function merge(first: SshHostConfig, second: SshHostConfig): SshHostConfig {
  return { ...second, ...first, identityFiles: [...first.identityFiles, ...second.identityFiles], warnings: [...first.warnings, ...second.warnings] };
}

/** `flags`: whether kubehop's --ssh-user/--ssh-port apply (to the node, not to its jump hosts, as ssh's -l/-p). */
function endpoint(label: string, host: string, config: SshHostConfig, input: SshTargetInput, explicit: { user?: string; port?: number }, flags: boolean): SshEndpoint {
  const { defaults, context } = input;
  const named = [...(defaults.identityFiles ?? []), ...config.identityFiles];
  const agent = config.identitiesOnly || config.identityAgent?.toLowerCase() === 'none' ? undefined : config.identityAgent && config.identityAgent !== 'SSH_AUTH_SOCK' ? config.identityAgent : defaults.agentSocket;
  const strict = config.strictHostKeyChecking;
  return {
    label,
    host,
    port: explicit.port ?? (flags ? defaults.port : undefined) ?? config.port ?? 22,
    user: explicit.user ?? (flags ? defaults.user : undefined) ?? config.user ?? context.localUser,
    identityFiles: named,
    // ssh tries its default key files only when no IdentityFile is named anywhere.
    defaultIdentityFiles: named.length > 0 ? [] : DEFAULT_KEYS.map((k) => `${context.homeDir}/.ssh/${k}`),
    ...(agent !== undefined && { agentSocket: agent }),
    knownHostsFile: defaults.knownHostsFile ?? config.userKnownHostsFiles?.[0] ?? `${context.homeDir}/.ssh/known_hosts`,
    acceptNew: defaults.acceptNew || strict === 'accept-new' || strict === 'no' || strict === 'off',
    connectTimeoutMs: config.connectTimeoutSeconds !== undefined ? config.connectTimeoutSeconds * 1000 : defaults.connectTimeoutMs,
  };
}

/** One ProxyJump hop, `[user@]host[:port]` or `ssh://[user@]host[:port]`, read through the config for its host. */
function jumpEndpoint(hop: string, node: string, input: SshTargetInput): SshEndpoint | string {
  const text = hop.replace(/^ssh:\/\//, '');
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const split = splitHostPort(at >= 0 ? text.slice(at + 1) : text);
  const port = split?.port === undefined ? undefined : Number(split.port);
  if (!split || split.host === '' || (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))) {
    return `invalid ProxyJump hop "${hop}" for node ${node}: expected [user@]host[:port]`;
  }
  const config = resolveSshConfig(input.config, split.host, input.context);
  // A hop's user and port from the ProxyJump spec beat its config, as in ssh.
  const explicit = { ...(user !== undefined && { user }), ...(port !== undefined && { port }) };
  return endpoint(`jump host ${split.host} for node ${node}`, config.hostName ?? split.host, config, input, explicit, false);
}

export function resolveSshTarget(input: SshTargetInput): SshTarget {
  const { node, address, override } = input;
  let config = resolveSshConfig(input.config, override?.host ?? node, input.context);
  if (!override && config.hostName === undefined && address !== undefined && address !== node) {
    config = merge(config, resolveSshConfig(input.config, address, input.context));
  }
  const host = override?.host ?? config.hostName ?? address ?? node;
  const target = endpoint(node, host, config, input, override?.port !== undefined ? { port: override.port } : {}, true);
  const errors: string[] = [];
  const jumps: SshEndpoint[] = [];
  for (const hop of config.proxyJump ?? []) {
    const resolved = jumpEndpoint(hop, node, input);
    if (typeof resolved === 'string') errors.push(resolved);
    else jumps.push(resolved);
  }
  return { ...target, node, jumps, warnings: config.warnings, errors };
}

import { Client, type AnyAuthMethod, type ServerHostKeyAlgorithm } from 'ssh2';
import type { Readable } from 'node:stream';
import { loadIdentities } from './load-identities.js';
import type { SshEndpoint, SshTarget } from './resolve-ssh-target.js';
import { recordedKeyTypes, verifyHostKey, type HostKeyPolicy } from './verify-host-key.js';

// Opens an authenticated SSH connection to a node, through its ProxyJump hops when it has them.
// Every failure becomes an SshConnectFailure saying which endpoint failed, how, and why, in words
// the shell turns into a NodeCommandError; no key material or passphrase ever reaches them.

export type ConnectFailureKind = 'unreachable' | 'host-key' | 'auth' | 'config';

export class SshConnectFailure extends Error {
  constructor(
    readonly endpoint: SshEndpoint,
    readonly kind: ConnectFailureKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface ConnectSettings {
  readonly passphrase?: string;
  readonly extraKnownHostsFiles: readonly string[];
  readonly hashKnownHosts: boolean;
  readonly keepaliveIntervalMs: number;
  readonly log: (message: string) => void;
}

export interface SshConnection {
  readonly client: Client;
  isOpen(): boolean;
  end(): void;
}

const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** Algorithms for the key types already recorded first, so a known host shows the key we know. */
function hostKeyAlgorithms(recorded: readonly string[]): ServerHostKeyAlgorithm[] {
  const preferred = HOST_KEY_ALGORITHMS.filter((a) => recorded.includes(a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a));
  return [...preferred, ...HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function socketCause(error: Error & { code?: string; level?: string }, endpoint: SshEndpoint): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to host';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name ${endpoint.host} not found`;
    case 'ECONNRESET':
      return 'connection reset during the SSH handshake';
    default:
      if (error.level === 'client-timeout') return `no SSH handshake within ${endpoint.connectTimeoutMs / 1000}s`;
      return error.message.toLowerCase();
  }
}

async function connectEndpoint(endpoint: SshEndpoint, sock: Readable | undefined, settings: ConnectSettings): Promise<Client> {
  const [named, defaults] = await Promise.all([
    loadIdentities(endpoint.identityFiles, [], settings.passphrase),
    loadIdentities([], endpoint.defaultIdentityFiles, settings.passphrase),
  ]);
  const methods: AnyAuthMethod[] = [
    ...named.identities.map((i): AnyAuthMethod => ({ type: 'publickey', username: endpoint.user, key: i.key })),
    ...(endpoint.agentSocket ? [{ type: 'agent', username: endpoint.user, agent: endpoint.agentSocket } as AnyAuthMethod] : []),
    ...defaults.identities.map((i): AnyAuthMethod => ({ type: 'publickey', username: endpoint.user, key: i.key })),
  ];
  const offered = [...named.identities.map((i) => i.file), ...(endpoint.agentSocket ? ['the ssh-agent'] : []), ...defaults.identities.map((i) => i.file)];
  const problems = [...named.problems, ...defaults.problems];
  const skipped = problems.length > 0 ? ` (not usable: ${problems.join('; ')})` : '';
  if (methods.length === 0) {
    throw new SshConnectFailure(
      endpoint,
      'auth',
      `no key to log in as ${endpoint.user} with: no identity file could be used${skipped} and no ssh-agent is available (SSH_AUTH_SOCK is not set); pass --ssh-identity FILE`,
    );
  }

  const policy: HostKeyPolicy = {
    knownHostsFile: endpoint.knownHostsFile,
    extraKnownHostsFiles: settings.extraKnownHostsFiles,
    acceptNew: endpoint.acceptNew,
    hashNew: settings.hashKnownHosts,
  };
  const recorded = await recordedKeyTypes(policy, endpoint.host, endpoint.port);
  const client = new Client();
  let refusal: string | undefined;
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (kind: ConnectFailureKind, reason: string): void => {
      if (settled) return;
      settled = true;
      client.end();
      reject(new SshConnectFailure(endpoint, kind, reason));
    };
    client.on('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', (error: Error & { code?: string; level?: string }) => {
      if (refusal !== undefined) fail('host-key', refusal);
      else if (error.level === 'client-authentication') {
        fail('auth', `the server refused every key offered as ${endpoint.user} (${offered.join(', ')})${skipped}; add the public key to ~${endpoint.user}/.ssh/authorized_keys on the node or pass --ssh-identity FILE`);
      } else fail('unreachable', socketCause(error, endpoint));
    });
    client.on('close', () => {
      if (refusal !== undefined) fail('host-key', refusal);
      else fail('unreachable', 'the connection closed during the SSH handshake');
    });
    const queue = [...methods];
    client.connect({
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      ...(sock && { sock }),
      readyTimeout: endpoint.connectTimeoutMs,
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: 4,
      algorithms: { serverHostKey: hostKeyAlgorithms(recorded) },
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        verifyHostKey(policy, endpoint.label, endpoint.host, endpoint.port, key).then(
          (decision) => {
            if (!decision.ok) refusal = decision.reason;
            else if (decision.added) settings.log(`recorded the host key of ${endpoint.label} (${formatAddress(endpoint.host, endpoint.port)}, ${decision.fingerprint}) in ${endpoint.knownHostsFile}`);
            verify(decision.ok);
          },
          (error: unknown) => {
            refusal = `failed to read or write ${endpoint.knownHostsFile}: ${error instanceof Error ? error.message : String(error)}`;
            verify(false);
          },
        );
      },
      authHandler: (_left, _partial, next) => next(queue.shift() ?? (false as unknown as AnyAuthMethod)),
    });
  });
}

/** Opens a stream to host:port through an open connection, for the next ProxyJump hop. */
function forward(via: Client, viaEndpoint: SshEndpoint, to: SshEndpoint): Promise<Readable> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, to.host, to.port, (error, stream) => {
      if (error) reject(new SshConnectFailure(to, 'unreachable', `${viaEndpoint.label} could not open a connection to it (${error.message})`));
      else resolve(stream);
    });
  });
}

export async function openSshConnection(target: SshTarget, settings: ConnectSettings): Promise<SshConnection> {
  if (target.errors.length > 0) throw new SshConnectFailure(target, 'config', target.errors.join('; '));
  const hops: Client[] = [];
  let open = true;
  const end = (): void => {
    open = false;
    for (const c of [...hops].reverse()) c.end();
  };
  try {
    const chain = [...target.jumps, target];
    let sock: Readable | undefined;
    for (const [index, endpoint] of chain.entries()) {
      const previous = hops[index - 1];
      const previousEndpoint = chain[index - 1];
      if (previous && previousEndpoint) sock = await forward(previous, previousEndpoint, endpoint);
      hops.push(await connectEndpoint(endpoint, sock, settings));
    }
  } catch (error) {
    end();
    throw error;
  }
  const client = hops[hops.length - 1] as Client;
  // Any hop closing ends the chain; errors after the handshake surface as a closed connection.
  for (const c of hops) {
    c.on('error', () => undefined);
    c.on('close', end);
  }
  return { client, isOpen: () => open, end };
}

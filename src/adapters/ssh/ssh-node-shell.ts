import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { NodeCommandError } from '../../core/errors.js';
import type { CommandResult, NodeShell, RunOptions } from '../../ports/index.js';
import { buildRemoteLine } from './build-remote-line.js';
import { execOverSsh, ExecNotStartedError, type ExecOutcome } from './exec-over-ssh.js';
import { explainRemoteFailure } from './explain-remote-failure.js';
import { isPosixShell, LOGIN_SHELL_PROBE, parseLoginShell, POSIX_SHELL_LINE, posixScript } from './login-shell.js';
import { formatAddress, openSshConnection, SshConnectFailure, type ConnectSettings, type SshConnection } from './open-ssh-connection.js';
import type { SshConfigLine } from './parse-ssh-config.js';
import { readSshConfig } from './read-ssh-config.js';
import { resolveSshTarget, type SshTarget } from './resolve-ssh-target.js';
import { SessionLimit } from './session-limit.js';
import type { SshHostOverride } from './validate-ssh-host-flag.js';

// NodeShell over real SSH: one reused connection per node, a cap on sessions open at once, argv
// quoted once by quoteArgv, sudo -n for privileged commands of non-root users, and a per-command
// timeout enforced both here and on the node. Secrets (passphrases, keys) never leave the
// connection code: messages name files, users, nodes and fingerprints only.

export interface SshNodeShellOptions {
  /** `--ssh-host NODE=ADDRESS[:PORT]` mappings; they win over everything else. */
  readonly hosts?: readonly SshHostOverride[];
  /** Node name -> address from the cluster (a node's InternalIP), used when nothing else names one. */
  readonly addresses?: Readonly<Record<string, string>>;
  /** Remote user for every node (--ssh-user); otherwise the ssh config's User, then the local user. */
  readonly user?: string;
  /** Port for every node without a mapped port (--ssh-port); otherwise the ssh config's Port, then 22. */
  readonly port?: number;
  /** Private key files tried first (--ssh-identity), before the agent and the ssh config's. */
  readonly identityFiles?: readonly string[];
  /** Passphrase for encrypted key files. Kept in memory only, never logged or shown. */
  readonly passphrase?: string;
  /** ssh-agent socket; default: the SSH_AUTH_SOCK environment variable. null: never use an agent. */
  readonly agentSocket?: string | null;
  /** ssh_config to read; default ~/.ssh/config; null: read none. */
  readonly sshConfigFile?: string | null;
  /** Where host keys are checked and new ones recorded; default: the ssh config's UserKnownHostsFile, then ~/.ssh/known_hosts. */
  readonly knownHostsFile?: string;
  /** Read-only host key files; default /etc/ssh/ssh_known_hosts. */
  readonly extraKnownHostsFiles?: readonly string[];
  /** Record the key of a host never seen before (trust on first use). A changed key is always refused. */
  readonly acceptNew?: boolean;
  /** Write new known_hosts entries hashed. Default false. */
  readonly hashKnownHosts?: boolean;
  /** SSH handshake deadline per connection; the ssh config's ConnectTimeout wins. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** Sessions open at once across all nodes; more wait their turn. Default 8. */
  readonly maxSessions?: number;
  /** Default 15 s. */
  readonly keepaliveIntervalMs?: number;
  /** Also stop overrunning commands on the node with GNU timeout (see build-remote-line). Default true. */
  readonly remoteTimeout?: boolean;
  /** Notes worth showing the operator: a recorded host key, an ssh config line ignored. */
  readonly log?: (message: string) => void;
  /** For tests: the home directory and local user name that ~ and the defaults resolve against. */
  readonly homeDir?: string;
  readonly localUser?: string;
}

interface NodeConnection {
  readonly target: SshTarget;
  readonly connection: SshConnection;
}

export class SshNodeShell implements NodeShell {
  private readonly sessions: SessionLimit;
  private readonly connections = new Map<string, Promise<NodeConnection>>();
  /** Per connection, its user's login shell (undefined: it did not say). */
  private readonly loginShells = new WeakMap<SshConnection, Promise<string | undefined>>();
  private readonly overrides: Map<string, SshHostOverride>;
  private readonly homeDir: string;
  private readonly localUser: string;
  private config: readonly SshConfigLine[] | undefined;
  private closed = false;

  constructor(private readonly options: SshNodeShellOptions = {}) {
    this.sessions = new SessionLimit(options.maxSessions ?? 8);
    this.overrides = new Map((options.hosts ?? []).map((h) => [h.node, h]));
    this.homeDir = options.homeDir ?? homedir();
    this.localUser = options.localUser ?? userInfo().username;
  }

  /** The most sessions that were open at once. */
  get peakSessions(): number {
    return this.sessions.peak;
  }

  /**
   * From now on, reach `node` at `host` (and `port`), as if --ssh-host named it: a machine that
   * joins during the run (a spare host, one a provision hook made). An explicit --ssh-host wins.
   */
  reach(node: string, host: string, port?: number): void {
    if (this.overrides.has(node)) return;
    this.overrides.set(node, { node, host, ...(port !== undefined ? { port } : {}) });
  }

  /** Where and as whom a node is reached, without connecting. */
  targetOf(node: string): SshTarget {
    const override = this.overrides.get(node);
    const address = this.options.addresses?.[node];
    const agent = this.options.agentSocket === null ? undefined : (this.options.agentSocket ?? process.env['SSH_AUTH_SOCK']);
    return resolveSshTarget({
      node,
      ...(address !== undefined && { address }),
      ...(override && { override }),
      config: this.sshConfig(),
      context: { homeDir: this.homeDir, localUser: this.localUser },
      defaults: {
        ...(this.options.user !== undefined && { user: this.options.user }),
        ...(this.options.port !== undefined && { port: this.options.port }),
        ...(this.options.identityFiles && { identityFiles: this.options.identityFiles }),
        ...(agent && { agentSocket: agent }),
        ...(this.options.knownHostsFile !== undefined && { knownHostsFile: this.options.knownHostsFile }),
        acceptNew: this.options.acceptNew ?? false,
        connectTimeoutMs: this.options.connectTimeoutMs ?? 15_000,
      },
    });
  }

  async run(node: string, argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    const fail = (message: string, cause?: unknown): NodeCommandError =>
      new NodeCommandError(message, { node, argv, exitCode: null, stdout: '', stderr: '', timedOut: false }, cause === undefined ? undefined : { cause });
    if (argv.length === 0) throw fail(`failed to run a command on node ${node}: the command is empty`);
    if (this.closed) throw fail(`failed to run ${argv[0]} on node ${node}: the SSH node shell is closed`);

    const release = await this.sessions.acquire();
    try {
      let outcome: ExecOutcome | undefined;
      let used: { user: string; sudo: boolean } | undefined;
      // A channel that never opened ran nothing: when the connection had died under it, one fresh
      // connection may try again; on a live connection the node refused the session.
      for (let attempt = 0; outcome === undefined; attempt++) {
        const { target, connection } = await this.connection(node, fail);
        const sudo = options.privileged && target.user !== 'root' && argv[0] !== 'sudo';
        const remoteTimeout = this.options.remoteTimeout ?? true;
        const line = buildRemoteLine(argv, { sudo, ...(remoteTimeout && { timeoutMs: options.timeoutMs }) });
        used = { user: target.user, sudo };
        try {
          const shell = await this.loginShell(connection, options.timeoutMs);
          outcome = isPosixShell(shell)
            ? await execOverSsh(connection.client, line, options.timeoutMs)
            : await execOverSsh(connection.client, POSIX_SHELL_LINE, options.timeoutMs, posixScript(line));
          if (!isPosixShell(shell) && outcome.exitCode === 127 && /\/bin\/sh\b/.test(outcome.stderr)) {
            throw fail(
              `failed to run ${argv[0]} on node ${node}: the login shell of ${target.user} there (${shell ?? 'unknown'}) does not read POSIX quoting and /bin/sh, which kubehop runs commands through instead, could not be started (${outcome.stderr.trim()}); give ${target.user} a POSIX login shell (chsh -s /bin/bash ${target.user}) or install /bin/sh`,
            );
          }
        } catch (error) {
          if (!(error instanceof ExecNotStartedError)) throw error;
          // ssh2 may learn that the socket is gone only when asked for a session.
          if (/not connected|no response/i.test(error.message)) connection.end();
          if (connection.isOpen() || attempt >= 1) {
            const hint = /open failure/i.test(error.message) ? "; the node's sshd may allow fewer sessions per connection (MaxSessions, 10 by default) than --ssh-max-sessions" : '';
            throw fail(`failed to run ${argv[0]} on node ${node}: could not open an SSH session (${error.message})${hint}`, error);
          }
        }
      }
      if (outcome.lost) {
        throw new NodeCommandError(
          `failed to run ${argv[0]} on node ${node}: the SSH connection closed before the command finished; its outcome is unknown`,
          { node, argv, exitCode: null, stdout: outcome.stdout, stderr: outcome.stderr, timedOut: false },
        );
      }
      const why = explainRemoteFailure(outcome, { node, user: used?.user ?? '', sudo: used?.sudo ?? false, timeout: this.options.remoteTimeout ?? true });
      if (why !== undefined) {
        throw new NodeCommandError(why, { node, argv, exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr, timedOut: false });
      }
      return { exitCode: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr, timedOut: outcome.timedOut, durationMs: outcome.durationMs };
    } finally {
      release();
    }
  }

  /** Asks once per connection which login shell sshd hands command lines to. */
  private loginShell(connection: SshConnection, timeoutMs: number): Promise<string | undefined> {
    const known = this.loginShells.get(connection);
    if (known) return known;
    const asking = execOverSsh(connection.client, LOGIN_SHELL_PROBE, timeoutMs).then((o) => (o.exitCode === 0 ? parseLoginShell(o.stdout) : undefined));
    this.loginShells.set(connection, asking);
    // A probe that never ran is asked again with the next command.
    asking.catch(() => this.loginShells.delete(connection));
    return asking;
  }

  /** Ends every connection. Further runs fail. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.connections.values()];
    this.connections.clear();
    const settled = await Promise.allSettled(all);
    for (const s of settled) if (s.status === 'fulfilled') s.value.connection.end();
  }

  private sshConfig(): readonly SshConfigLine[] {
    if (this.config === undefined) {
      const file = this.options.sshConfigFile === undefined ? join(this.homeDir, '.ssh', 'config') : this.options.sshConfigFile;
      if (file === null) this.config = [];
      else {
        const parsed = readSshConfig(file, this.homeDir);
        for (const w of parsed.warnings) this.options.log?.(`ssh config: ${w}`);
        this.config = parsed.lines;
      }
    }
    return this.config;
  }

  private connection(node: string, fail: (message: string, cause?: unknown) => NodeCommandError): Promise<NodeConnection> {
    const existing = this.connections.get(node);
    if (existing) {
      return existing.then((c) => {
        if (c.connection.isOpen()) return c;
        // Closed under us (node rebooted, keepalive gave up): replace it.
        if (this.connections.get(node) === existing) this.connections.delete(node);
        return this.connection(node, fail);
      });
    }
    const opening = this.open(node, fail);
    this.connections.set(node, opening);
    // A failed attempt is not cached: the next command tries again.
    opening.catch(() => {
      if (this.connections.get(node) === opening) this.connections.delete(node);
    });
    return opening;
  }

  private async open(node: string, fail: (message: string, cause?: unknown) => NodeCommandError): Promise<NodeConnection> {
    const target = this.targetOf(node);
    for (const w of target.warnings) this.options.log?.(`ssh config: ${w}`);
    const settings: ConnectSettings = {
      ...(this.options.passphrase !== undefined && { passphrase: this.options.passphrase }),
      extraKnownHostsFiles: this.options.extraKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts'],
      hashKnownHosts: this.options.hashKnownHosts ?? false,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
      log: (message) => this.options.log?.(message),
    };
    try {
      const connection = await openSshConnection(target, settings);
      if (this.closed) {
        connection.end();
        throw fail(`failed to connect to node ${node}: the SSH node shell is closed`);
      }
      return { target, connection };
    } catch (error) {
      if (!(error instanceof SshConnectFailure)) throw error;
      throw fail(connectMessage(node, target, error), error);
    }
  }
}

function connectMessage(node: string, target: SshTarget, failure: SshConnectFailure): string {
  const endpoint = failure.endpoint;
  const isNode = endpoint === target;
  const subject = isNode ? `node ${node}` : endpoint.label;
  const at = formatAddress(endpoint.host, endpoint.port);
  switch (failure.kind) {
    case 'unreachable':
      return isNode
        ? `failed to connect to node ${node} at ${at}: ${failure.reason}; check the address (--ssh-host ${node}=ADDRESS[:PORT]) and that sshd runs there`
        : `failed to connect to ${subject} at ${at}: ${failure.reason}; check the ProxyJump in your ssh config and that sshd runs there`;
    case 'host-key':
      return `failed to connect to ${subject} at ${at}: ${failure.reason}`;
    case 'auth':
      return `failed to log in to ${subject} at ${at}: ${failure.reason}`;
    case 'config':
      return `failed to connect to node ${node}: ${failure.reason}`;
  }
}

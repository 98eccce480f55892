import { matchHostPattern } from './match-host-pattern.js';
import type { SshConfigCondition, SshConfigLine } from './parse-ssh-config.js';

// What ~/.ssh/config says for one host, as `ssh HOST` would read it: the first value of each
// keyword wins, IdentityFile lines add up, and %-tokens and ~ expand as OpenSSH expands them.

export interface SshHostConfig {
  readonly hostName?: string;
  readonly user?: string;
  readonly port?: number;
  /** Expanded paths, in the order the config lists them. */
  readonly identityFiles: readonly string[];
  readonly identitiesOnly?: boolean;
  /** An agent socket path, or "none"; "SSH_AUTH_SOCK" means the environment's. */
  readonly identityAgent?: string;
  /** `[user@]host[:port]` hops, comma-separated in the config; absent or "none": direct. */
  readonly proxyJump?: readonly string[];
  readonly userKnownHostsFiles?: readonly string[];
  readonly strictHostKeyChecking?: string;
  readonly connectTimeoutSeconds?: number;
  /** Lines that could not be used, "FILE:LINE: what is wrong". */
  readonly warnings: readonly string[];
}

export interface SshConfigContext {
  readonly homeDir: string;
  /** The local user name, for %u and the default remote user. */
  readonly localUser: string;
}

function applies(condition: SshConfigCondition, host: string, hostName: string, user: string): boolean {
  switch (condition.kind) {
    case 'host':
      return matchHostPattern(host, condition.patterns);
    case 'match':
      return (
        (!condition.host || matchHostPattern(hostName, condition.host)) &&
        (!condition.originalHost || matchHostPattern(host, condition.originalHost)) &&
        (!condition.user || matchHostPattern(user, condition.user))
      );
    case 'never':
      return false;
  }
}

/** Expands `~/` and the %-tokens OpenSSH allows in paths and HostName. */
export function expandSshPath(text: string, tokens: Readonly<Record<string, string>>, homeDir: string): string {
  const expanded = text.replace(/%(.)/g, (whole, token: string) => tokens[token] ?? whole);
  if (expanded === '~') return homeDir;
  return expanded.startsWith('~/') ? `${homeDir}${expanded.slice(1)}` : expanded;
}

export function resolveSshConfig(lines: readonly SshConfigLine[], host: string, context: SshConfigContext): SshHostConfig {
  const first = new Map<string, SshConfigLine>();
  const identityLines: SshConfigLine[] = [];
  const warnings: string[] = [];
  for (const line of lines) {
    const hostName = first.get('hostname')?.args[0] ?? host;
    const user = first.get('user')?.args[0] ?? context.localUser;
    if (!line.conditions.every((c) => applies(c, host, hostName, user))) continue;
    if (line.keyword === 'identityfile') identityLines.push(line);
    else if (!first.has(line.keyword)) first.set(line.keyword, line);
  }
  const arg = (keyword: string): string | undefined => first.get(keyword)?.args[0];

  let port: number | undefined;
  const portText = arg('port');
  if (portText !== undefined) {
    const n = Number(portText);
    if (Number.isInteger(n) && n >= 1 && n <= 65535) port = n;
    else warnings.push(`${where(first.get('port'))}: invalid Port "${portText}"; expected 1-65535`);
  }
  const user = arg('user');
  const hostName = arg('hostname') === undefined ? undefined : (arg('hostname') ?? '').replace(/%h/g, host).replace(/%%/g, '%');
  const tokens: Record<string, string> = {
    '%': '%',
    h: hostName ?? host,
    n: host,
    p: String(port ?? 22),
    r: user ?? context.localUser,
    u: context.localUser,
    d: context.homeDir,
  };
  const path = (text: string): string => expandSshPath(text, tokens, context.homeDir);

  const identityFiles = identityLines.map((l) => path(l.args[0] ?? '')).filter((p) => p.toLowerCase() !== 'none');
  const jump = arg('proxyjump');
  const known = first.get('userknownhostsfile')?.args;
  let connectTimeoutSeconds: number | undefined;
  const timeoutText = arg('connecttimeout');
  if (timeoutText !== undefined) {
    const n = Number(timeoutText);
    if (Number.isFinite(n) && n > 0) connectTimeoutSeconds = n;
    else warnings.push(`${where(first.get('connecttimeout'))}: invalid ConnectTimeout "${timeoutText}"; expected seconds`);
  }
  const agent = arg('identityagent');
  const only = arg('identitiesonly');
  const strict = arg('stricthostkeychecking');
  return {
    ...(hostName !== undefined && { hostName }),
    ...(user !== undefined && { user }),
    ...(port !== undefined && { port }),
    identityFiles,
    ...(only !== undefined && { identitiesOnly: only.toLowerCase() === 'yes' }),
    ...(agent !== undefined && { identityAgent: agent === 'SSH_AUTH_SOCK' || agent.toLowerCase() === 'none' ? agent : path(agent) }),
    ...(jump !== undefined && jump.toLowerCase() !== 'none' && { proxyJump: jump.split(',') }),
    ...(known !== undefined && { userKnownHostsFiles: known.map(path) }),
    ...(strict !== undefined && { strictHostKeyChecking: strict.toLowerCase() }),
    ...(connectTimeoutSeconds !== undefined && { connectTimeoutSeconds }),
    warnings,
  };
}

function where(line: SshConfigLine | undefined): string {
  return line ? `${line.file}:${line.line}` : 'ssh config';
}

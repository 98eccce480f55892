import { splitHostPort } from '../../core/command/split-host-port.js';

// `--ssh-host NODE=ADDRESS[:PORT]`: where kubehop reaches a node when the cluster's address is not
// the one to use. IPv6 addresses take brackets when a port follows: `cp-1=[fd00::1]:2222`.

export interface SshHostOverride {
  readonly node: string;
  readonly host: string;
  readonly port?: number;
}

export type SshHostFlagResult = { readonly ok: true; readonly value: SshHostOverride } | { readonly ok: false; readonly errors: readonly string[] };

function invalid(text: string, what: string): SshHostFlagResult {
  return { ok: false, errors: [`invalid --ssh-host "${text}": ${what}; expected NODE=ADDRESS[:PORT], e.g. cp-1=10.0.0.11 or cp-1=[fd00::1]:2222`] };
}

function parsePort(text: string, flag: string): number | SshHostFlagResult {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) return invalid(flag, `port "${text}" is not 1-65535`);
  return port;
}

export function validateSshHostFlag(text: string): SshHostFlagResult {
  const eq = text.indexOf('=');
  if (eq <= 0) return invalid(text, 'no NODE= before the address');
  const node = text.slice(0, eq);
  const rest = text.slice(eq + 1);
  const split = splitHostPort(rest);
  if (!split || split.host === '') return invalid(text, 'no address after NODE=');
  if (/[\s@/]/.test(split.host)) return invalid(text, `"${split.host}" is not a host name or IP address`);
  if (split.port === undefined) return { ok: true, value: { node, host: split.host } };
  const port = parsePort(split.port, text);
  if (typeof port !== 'number') return port;
  return { ok: true, value: { node, host: split.host, port } };
}

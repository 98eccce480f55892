import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkKnownHost, entryNamesHost, fingerprintOf, formatKnownHostsLine, keyTypeOf, knownHostsName, parseKnownHosts, type KnownHostEntry } from './known-hosts.js';

// The host-key policy: a key recorded for the host passes; an unknown host passes only with
// acceptNew (and is recorded); a changed or revoked key never passes. The reason returned is the
// cause part of a "failed to connect to node X at ADDR:PORT: ..." message.

export interface HostKeyPolicy {
  /** Where keys are checked and new ones appended, e.g. ~/.ssh/known_hosts. */
  readonly knownHostsFile: string;
  /** Further files read but never written, e.g. /etc/ssh/ssh_known_hosts. */
  readonly extraKnownHostsFiles?: readonly string[];
  /** Trust on first use: record the key of a host no file knows. Never applies to a changed key. */
  readonly acceptNew: boolean;
  /** Write new entries hashed (`|1|salt|hash`), as HashKnownHosts yes does. */
  readonly hashNew?: boolean;
}

export type HostKeyDecision =
  | { readonly ok: true; readonly added: boolean; readonly fingerprint: string }
  | { readonly ok: false; readonly reason: string; readonly fingerprint: string };

interface FileEntries {
  readonly file: string;
  readonly entries: readonly KnownHostEntry[];
}

// Checks and appends on one file happen one at a time, so two connections to one new host record it once.
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(file: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}

async function readEntries(file: string): Promise<FileEntries> {
  try {
    return { file, entries: parseKnownHosts(await readFile(file, 'utf8')).entries };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, entries: [] };
    throw error;
  }
}

/** The host key file a node's administrator can fingerprint to compare. */
function hostKeyFileFor(keyType: string): string {
  if (keyType === 'ssh-ed25519') return '/etc/ssh/ssh_host_ed25519_key.pub';
  if (keyType.startsWith('ecdsa-')) return '/etc/ssh/ssh_host_ecdsa_key.pub';
  if (keyType === 'ssh-rsa') return '/etc/ssh/ssh_host_rsa_key.pub';
  return '/etc/ssh/ssh_host_*_key.pub';
}

export function verifyHostKey(policy: HostKeyPolicy, node: string, host: string, port: number, offered: Buffer): Promise<HostKeyDecision> {
  return serialized(policy.knownHostsFile, async () => {
    const name = knownHostsName(host, port);
    const type = keyTypeOf(offered);
    const fingerprint = fingerprintOf(offered);
    const offeredText = `${type} ${fingerprint}`;
    const check = `check the fingerprint on node ${node} (ssh-keygen -lf ${hostKeyFileFor(type)})`;
    const files = [await readEntries(policy.knownHostsFile), ...(await Promise.all((policy.extraKnownHostsFiles ?? []).map(readEntries)))];

    const changed: string[] = [];
    for (const { file, entries } of files) {
      const verdict = checkKnownHost(entries, name, offered);
      if (verdict.status === 'match') return { ok: true, added: false, fingerprint };
      if (verdict.status === 'revoked') {
        return { ok: false, fingerprint, reason: `the host key ${offeredText} is marked @revoked in ${file}:${verdict.entry.line}; kubehop will not use it` };
      }
      if (verdict.status === 'changed') {
        changed.push(...verdict.recorded.map((e) => `${file}:${e.line} (${e.keyType} ${fingerprintOf(e.key)})`));
      }
    }
    if (changed.length > 0) {
      return {
        ok: false,
        fingerprint,
        reason:
          `the host key has changed: ${name} offered ${offeredText}, but ${changed.join(', ')} records another; ` +
          `someone may be intercepting the connection, or the node was reinstalled: ${check}, ` +
          `and only if it matches remove the old entry (ssh-keygen -R '${name}' -f ${policy.knownHostsFile}) and connect again`,
      };
    }
    if (!policy.acceptNew) {
      return {
        ok: false,
        fingerprint,
        reason:
          `the host key is unknown: ${name} offered ${offeredText} and ${policy.knownHostsFile} has no entry for it; ` +
          `${check} and add it (ssh-keyscan -p ${port} ${host} >> ${policy.knownHostsFile}), or pass --ssh-accept-new to record it on first use`,
      };
    }
    await mkdir(dirname(policy.knownHostsFile), { recursive: true, mode: 0o700 });
    const current = await readFile(policy.knownHostsFile, 'utf8').catch(() => '');
    const separator = current === '' || current.endsWith('\n') ? '' : '\n';
    await appendFile(policy.knownHostsFile, `${separator}${formatKnownHostsLine(name, offered, policy.hashNew ?? false)}\n`, { mode: 0o600 });
    return { ok: true, added: true, fingerprint };
  });
}

/** The key types recorded for a host, so the handshake asks for one of those first, as ssh does. */
export async function recordedKeyTypes(policy: HostKeyPolicy, host: string, port: number): Promise<string[]> {
  const name = knownHostsName(host, port);
  const files = await Promise.all([policy.knownHostsFile, ...(policy.extraKnownHostsFiles ?? [])].map(readEntries));
  const types = files.flatMap(({ entries }) => entries.filter((e) => e.marker === undefined && entryNamesHost(e, name)).map((e) => e.keyType));
  return [...new Set(types)];
}

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { matchHostPattern } from './match-host-pattern.js';

// known_hosts as OpenSSH writes it: `[marker] hosts keytype base64-key [comment]`, where hosts is a
// comma list of patterns (`name`, `[name]:port`, with * ? and !) or one hashed name
// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.

export interface KnownHostEntry {
  readonly marker?: 'cert-authority' | 'revoked';
  readonly hosts: { readonly kind: 'plain'; readonly patterns: readonly string[] } | { readonly kind: 'hashed'; readonly salt: Buffer; readonly hash: Buffer };
  readonly keyType: string;
  readonly key: Buffer;
  /** 1-based line in its file. */
  readonly line: number;
}

export interface ParsedKnownHosts {
  readonly entries: readonly KnownHostEntry[];
  readonly warnings: readonly string[];
}

export type KnownHostVerdict =
  | { readonly status: 'match'; readonly entry: KnownHostEntry }
  | { readonly status: 'unknown' }
  /** The host is recorded, but with other keys: these. */
  | { readonly status: 'changed'; readonly recorded: readonly KnownHostEntry[] }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry };

/** The name a host is recorded under: bare on port 22, `[host]:port` elsewhere. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** A key's fingerprint as OpenSSH prints it: SHA256 and unpadded base64. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function hashHostName(name: string, salt: Buffer): Buffer {
  return createHmac('sha1', salt).update(name).digest();
}

export function parseKnownHosts(text: string): ParsedKnownHosts {
  const entries: KnownHostEntry[] = [];
  const warnings: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()?.slice(1);
      if (name !== 'cert-authority' && name !== 'revoked') {
        warnings.push(`line ${line}: unknown marker @${name ?? ''}`);
        return;
      }
      marker = name;
    }
    const [hostsField, keyType, keyText] = fields;
    if (hostsField === undefined || keyType === undefined || keyText === undefined) {
      warnings.push(`line ${line}: expected "hosts keytype key"`);
      return;
    }
    const key = Buffer.from(keyText, 'base64');
    if (key.length === 0 || keyTypeOf(key) !== keyType) {
      warnings.push(`line ${line}: the key is not a ${keyType} key in base64`);
      return;
    }
    let hosts: KnownHostEntry['hosts'];
    if (hostsField.startsWith('|1|')) {
      const [, , salt, hash] = hostsField.split('|');
      if (salt === undefined || hash === undefined) {
        warnings.push(`line ${line}: malformed hashed host name`);
        return;
      }
      hosts = { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      hosts = { kind: 'plain', patterns: hostsField.split(',') };
    }
    entries.push({ ...(marker && { marker }), hosts, keyType, key, line });
  });
  return { entries, warnings };
}

export function entryNamesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.kind === 'plain') return matchHostPattern(name, entry.hosts.patterns);
  return hashHostName(name, entry.hosts.salt).equals(entry.hosts.hash);
}

/**
 * Checks the key a host offered against the entries recorded for its name. Any recorded key other
 * than the offered one, of whatever type, makes the host "changed": accept-new never applies to it.
 */
export function checkKnownHost(entries: readonly KnownHostEntry[], name: string, offered: Buffer): KnownHostVerdict {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && entryNamesHost(e, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(offered));
  if (revoked) return { status: 'revoked', entry: revoked };
  const recorded = forHost.filter((e) => e.marker === undefined);
  const match = recorded.find((e) => e.key.equals(offered));
  if (match) return { status: 'match', entry: match };
  return recorded.length === 0 ? { status: 'unknown' } : { status: 'changed', recorded };
}

/** One known_hosts line; hashed the way `HashKnownHosts yes` writes it when asked. */
export function formatKnownHostsLine(name: string, key: Buffer, hashed: boolean): string {
  let hosts = name;
  if (hashed) {
    const salt = randomBytes(20);
    hosts = `|1|${salt.toString('base64')}|${hashHostName(name, salt).toString('base64')}`;
  }
  return `${hosts} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

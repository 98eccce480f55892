import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

// The private keys an endpoint may authenticate with, read and decrypted up front so that a key
// that cannot be used is named in the error rather than skipped in silence. Key material and
// passphrases stay in memory: problems name files only.

export interface Identity {
  readonly file: string;
  readonly key: ParsedKey;
}

export interface LoadedIdentities {
  readonly identities: readonly Identity[];
  /** "FILE: what is wrong", for named files that could not be used. */
  readonly problems: readonly string[];
}

/** Why ssh2 refused a key, in our words; never its text, which a future version might fill with key data. */
function explain(file: string, message: string, hasPassphrase: boolean): string {
  if (/no passphrase given/i.test(message)) return `${file} is encrypted and no passphrase was given`;
  if (/passphrase/i.test(message) && hasPassphrase) return `${file} could not be decrypted with the passphrase given`;
  return `${file} is not a private key kubehop can read (OpenSSH, PEM RSA/ECDSA/ed25519)`;
}

export async function loadIdentities(named: readonly string[], defaults: readonly string[], passphrase: string | undefined): Promise<LoadedIdentities> {
  const identities: Identity[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [file, quietWhenMissing] of [...named.map((f) => [f, false] as const), ...defaults.map((f) => [f, true] as const)]) {
    if (seen.has(file)) continue;
    seen.add(file);
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && quietWhenMissing) continue;
      problems.push(code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${code ?? 'error'})`);
      continue;
    }
    const key = ssh2.utils.parseKey(data, passphrase);
    if (key instanceof Error) {
      problems.push(explain(file, key.message, passphrase !== undefined));
      continue;
    }
    if (!key.isPrivateKey()) {
      problems.push(`${file} is a public key; name the private key file`);
      continue;
    }
    identities.push({ file, key });
  }
  return { identities, problems };
}

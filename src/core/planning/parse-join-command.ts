import type { JoinCredentials } from './new-node-commands.js';

// kubeadm's bootstrap token format ([a-z0-9]{6}.[a-z0-9]{16}) and discovery hash, as
// `kubeadm token create --print-join-command` prints them.
const TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;
const TOKEN_ANYWHERE = /\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g;
const HASH = /^sha256:[a-f0-9]{64}$/;
const ENDPOINT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

export type JoinCommandParse = { readonly ok: true; readonly value: JoinCredentials } | { readonly ok: false; readonly error: string };

/**
 * The endpoint, token and CA hash of the join command kubeadm printed. Anything else (more flags,
 * a control-plane join, an odd endpoint) is refused rather than passed on to a node. Error
 * messages never repeat the output: it holds the secret.
 */
export function parseJoinCommand(stdout: string): JoinCommandParse {
  const line = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('kubeadm join ')).pop();
  if (!line) return { ok: false, error: 'the output has no "kubeadm join" line' };
  const words = line.split(/\s+/);
  const endpoint = words[2] ?? '';
  if (!ENDPOINT.test(endpoint)) return { ok: false, error: 'the join command has no HOST:PORT endpoint after "kubeadm join"' };
  let token: string | undefined;
  let caCertHash: string | undefined;
  for (let i = 3; i < words.length; i += 2) {
    const flag = words[i];
    const value = words[i + 1] ?? '';
    if (flag === '--token' && TOKEN.test(value)) token = value;
    else if (flag === '--discovery-token-ca-cert-hash' && HASH.test(value)) caCertHash = value;
    else return { ok: false, error: `the join command has an unexpected or malformed ${flag?.startsWith('--') ? flag : 'word'}` };
  }
  if (!token) return { ok: false, error: 'the join command has no well-formed --token' };
  if (!caCertHash) return { ok: false, error: 'the join command has no well-formed --discovery-token-ca-cert-hash' };
  return { ok: true, value: { endpoint, token, caCertHash } };
}

/** `text` with every bootstrap token replaced, for messages built from a command's output. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_ANYWHERE, '<token>');
}

import { parseEndpoint } from '../../core/command/split-host-port.js';
import { isRecord } from '../../core/describe-value.js';

/** A machine kubehop can reach over SSH and join under `name`. */
export interface Machine {
  readonly name: string;
  /** Absent for a node the SSH settings already reach by name (--ssh-host, the cluster's address). */
  readonly host?: string;
  readonly port?: number;
}

export type ProvisionAnswer = { readonly ok: true; readonly value: Machine } | { readonly ok: false; readonly error: string };

/** What Kubernetes accepts as a node name: a DNS-1123 subdomain. */
const NODE_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isNodeName(text: string): boolean {
  return NODE_NAME.test(text);
}

export const PROVISION_ANSWER_SHAPE = 'one JSON object {"node": NAME, "address": HOST[, "port": N]} on stdout (logs go to stderr)';

/** Checks a provision hook's stdout: the node name to join as and where to reach the machine. */
export function validateProvisionAnswer(stdout: string): ProvisionAnswer {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return { ok: false, error: `it printed no JSON; expected ${PROVISION_ANSWER_SHAPE}` };
  }
  if (!isRecord(doc)) return { ok: false, error: `it printed JSON that is not an object; expected ${PROVISION_ANSWER_SHAPE}` };
  const { node, address, port } = doc;
  if (typeof node !== 'string' || !isNodeName(node)) return { ok: false, error: `"node" must be a node name (lower-case letters, digits, "-" and "."), got ${JSON.stringify(node)}` };
  if (typeof address !== 'string') return { ok: false, error: `"address" must be the machine's SSH address as a string, got ${JSON.stringify(address)}` };
  const endpoint = parseEndpoint(address);
  if (!endpoint.ok) return { ok: false, error: `"address" ${JSON.stringify(address)}: ${endpoint.error}` };
  if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) return { ok: false, error: `"port" must be a whole number from 1 to 65535, got ${JSON.stringify(port)}` };
  const chosen = typeof port === 'number' ? port : endpoint.port;
  return { ok: true, value: { name: node, host: endpoint.host, ...(chosen !== undefined ? { port: chosen } : {}) } };
}

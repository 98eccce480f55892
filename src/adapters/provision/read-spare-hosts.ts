import { readFile } from 'node:fs/promises';
import { parseEndpoint } from '../../core/command/split-host-port.js';
import { ConfigError } from '../../core/errors.js';
import { isNodeName, type Machine } from './validate-provision-answer.js';

export type SpareHostParse = { readonly ok: true; readonly value: Machine } | { readonly ok: false; readonly error: string };

const EXAMPLE = 'expected NAME=ADDRESS[:PORT], e.g. spare-1=10.0.0.20 or spare-1=[fd00::20]:2222';

/**
 * `--spare-host NAME=ADDRESS[:PORT]`: a machine with nothing of Kubernetes on it that kubehop
 * reaches over SSH at ADDRESS and joins as node NAME.
 */
export function validateSpareHost(text: string): SpareHostParse {
  const eq = text.indexOf('=');
  if (eq <= 0) return { ok: false, error: `invalid spare host "${text}": no NAME= before the address; ${EXAMPLE}` };
  const name = text.slice(0, eq);
  if (!isNodeName(name)) return { ok: false, error: `invalid spare host "${text}": "${name}" is not a node name (lower-case letters, digits, "-" and "."); ${EXAMPLE}` };
  const endpoint = parseEndpoint(text.slice(eq + 1));
  if (!endpoint.ok) return { ok: false, error: `invalid spare host "${text}": ${endpoint.error}; ${EXAMPLE}` };
  return { ok: true, value: { name, host: endpoint.host, ...(endpoint.port !== undefined ? { port: endpoint.port } : {}) } };
}

/**
 * The spare hosts of the flags and of a file of them (one NAME=ADDRESS[:PORT] a line, # starts a
 * comment), in that order. Every mistake is reported at once, with its line; a name given twice
 * is one.
 */
export async function readSpareHosts(flags: readonly string[], file?: string): Promise<Machine[]> {
  const entries: { text: string; where: string }[] = flags.map((text) => ({ text, where: '--spare-host' }));
  if (file !== undefined) {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`failed to read the spare hosts file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    content.split('\n').forEach((line, i) => {
      const text = line.replace(/#.*$/, '').trim();
      if (text !== '') entries.push({ text, where: `${file}:${i + 1}` });
    });
  }
  const errors: string[] = [];
  const machines: Machine[] = [];
  for (const { text, where } of entries) {
    const parsed = validateSpareHost(text);
    if (!parsed.ok) errors.push(`${where}: ${parsed.error}`);
    else if (machines.some((m) => m.name === parsed.value.name)) errors.push(`${where}: spare host ${parsed.value.name} is given twice`);
    else machines.push(parsed.value);
  }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  return machines;
}

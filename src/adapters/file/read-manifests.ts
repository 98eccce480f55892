import { compareText } from '../../core/compare-names.js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { ObservedObject } from '../../core/cluster/index.js';
import { ConfigError } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
import type { ManifestScan } from '../../core/preflight/index.js';

// Reads Kubernetes manifests (YAML or JSON, files and folders, several documents per file, List
// kinds expanded) into objects that remember their file and line, for the removed-API check. A
// document that cannot be read becomes a MANIFEST_UNREADABLE finding and the scan goes on.
// Documents that are not Kubernetes objects (no apiVersion and kind, e.g. a chart's values.yaml)
// are passed over without a word.

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** yaml's messages end with " at line L, column C:" and an excerpt; the place is given in front instead. */
function parserMessage(message: string): string {
  const first = message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').split('\n')[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function unreadable(file: string, line: number, col: number | undefined, cause: string): Finding {
  const place = col === undefined ? `${file}:${line}` : `${file}:${line}:${col}`;
  return {
    code: 'MANIFEST_UNREADABLE',
    severity: 'overridable',
    subject: `${file}:${line}`,
    message: `failed to parse ${place}: ${cause}; the objects of this document go unchecked — fix it, or leave the file out`,
  };
}

function asObject(value: unknown, file: string, line: number): ObservedObject | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const meta = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {};
  const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '(no name)';
  return {
    apiVersion,
    kind,
    ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
    name,
    source: { from: 'file', file, line },
  };
}

function objectsOf(doc: Document, lines: LineCounter, file: string): ObservedObject[] {
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
  const object = asObject(value, file, line);
  if (!object) return [];
  const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!object.kind.endsWith('List') || !isSeq(items)) return [object];
  return items.items.flatMap((item, i) => {
    const itemLine = lines.linePos((item as { range?: [number, number, number] }).range?.[0] ?? 0).line;
    const found = asObject((value as { items: unknown[] }).items[i], file, itemLine);
    return found ? [found] : [];
  });
}

/** Parses the text of one manifest file; `file` names it in objects and findings. */
export function parseManifests(text: string, file: string): ManifestScan {
  const lines = new LineCounter();
  const objects: ObservedObject[] = [];
  const findings: Finding[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lines, prettyErrors: true })) {
    const error = doc.errors[0];
    if (error) {
      const pos = error.linePos?.[0];
      findings.push(unreadable(file, pos?.line ?? lines.linePos(doc.range?.[0] ?? 0).line, pos?.col, parserMessage(error.message)));
      continue;
    }
    try {
      objects.push(...objectsOf(doc, lines, file));
    } catch (cause) {
      findings.push(unreadable(file, lines.linePos(doc.range?.[0] ?? 0).line, undefined, parserMessage((cause as Error).message)));
    }
  }
  return { objects, findings };
}

/** Files under a folder with a manifest extension, depth first in name order; dot entries are skipped. */
async function manifestFiles(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => compareText(a.name, b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await manifestFiles(path)));
    else if (entry.isFile() && EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files;
}

/**
 * Reads manifest files and folders (recursively, .yaml/.yml/.json). A path that does not exist is
 * the caller's mistake and throws a ConfigError; a file or document that cannot be read is a finding.
 */
export async function readManifests(paths: readonly string[]): Promise<ManifestScan> {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(path)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(`failed to read manifests ${path}: ${code === 'ENOENT' ? 'no such file or folder; check the path' : (error as Error).message}`, { cause: error });
    }
    files.push(...(isFolder ? await manifestFiles(path) : [path]));
  }
  const objects: ObservedObject[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      findings.push({ code: 'MANIFEST_UNREADABLE', severity: 'overridable', subject: file, message: `failed to read ${file}: ${(error as Error).message}; its objects go unchecked` });
      continue;
    }
    const scan = parseManifests(text, file);
    objects.push(...scan.objects);
    findings.push(...scan.findings);
  }
  return { objects, findings };
}

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../core/errors.js';
import { catalogFromWebsiteSchedule, validateReleaseCatalog, type ReleaseCatalog } from '../../core/releases/index.js';
import { bundledData } from './bundled-data.js';

// Reads a release catalog: the built-in data/releases.json, another file in that format, or the
// schedule.yaml + eol.yaml of kubernetes/website (data/releases/), which is what a user passes
// with --releases when the built-in catalog is older than the newest Kubernetes release.

/** Resolves from src/adapters/file/ and from the compiled dist/adapters/file/ alike. */
const BUILT_IN = new URL('../../../data/releases.json', import.meta.url);
export const BUILT_IN_CATALOG_SOURCE = 'built-in (data/releases.json)';

const USAGE =
  'pass a kubehop releases.json, a directory holding schedule.yaml and eol.yaml, or those two files ' +
  '(from kubernetes/website data/releases/)';

async function readText(path: string | URL, shown: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`failed to read release catalog ${shown}: ${reason}; ${USAGE}`, { cause: error });
  }
}

async function readJsonCatalog(path: string | URL, shown: string, source: string): Promise<ReleaseCatalog> {
  const text = await readText(path, shown);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`invalid release catalog ${shown}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = validateReleaseCatalog(doc, source);
  if (!result.ok) throw new ConfigError(`invalid release catalog ${shown}: ${result.errors.join('; ')}`);
  return result.value;
}

/** Parses YAML keeping every scalar as text, so `release: 1.30` stays "1.30" instead of 1.3. */
async function readYaml(path: string): Promise<unknown> {
  const text = await readText(path, path);
  // Loaded only here: the YAML parser is the largest module a command would load. Its default
  // export is its CommonJS exports, under Node as in the bundle.
  const { default: yaml } = await import('yaml');
  try {
    return yaml.parse(text, { schema: 'failsafe' }) as unknown;
  } catch (error) {
    throw new ConfigError(`invalid release schedule ${path}: not valid YAML (${(error as Error).message})`, { cause: error });
  }
}

function kindOf(doc: unknown): 'schedule' | 'eol' | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  if ('schedules' in doc) return 'schedule';
  if ('branches' in doc) return 'eol';
  return undefined;
}

async function readWebsiteSchedule(first: string, second: string, source: string): Promise<ReleaseCatalog> {
  const docs = [{ path: first, doc: await readYaml(first) }, { path: second, doc: await readYaml(second) }];
  for (const { path, doc } of docs) {
    if (kindOf(doc) === undefined) {
      throw new ConfigError(`invalid release schedule ${path}: expected schedule.yaml (with "schedules:") or eol.yaml (with "branches:"); ${USAGE}`);
    }
  }
  const schedule = docs.find((d) => kindOf(d.doc) === 'schedule');
  const eol = docs.find((d) => kindOf(d.doc) === 'eol');
  if (!schedule || !eol) {
    const kind = kindOf(docs[0]?.doc) === 'schedule' ? 'schedule.yaml ("schedules:")' : 'eol.yaml ("branches:")';
    throw new ConfigError(`invalid release schedule ${first} and ${second}: both are ${kind}; pass one schedule.yaml and one eol.yaml`);
  }
  // eol.yaml carries no release dates: borrow them from the built-in catalog.
  const builtIn = await readBuiltInCatalog();
  const result = catalogFromWebsiteSchedule(schedule.doc, eol.doc, source, { datesFrom: builtIn });
  if (!result.ok) {
    throw new ConfigError(`invalid release schedule ${schedule.path} and ${eol.path}: ${result.errors.join('; ')}`);
  }
  return result.value;
}

/** The catalog kubehop ships: as the bundle carries it, else (from the sources) read from its file. */
async function readBuiltInCatalog(): Promise<ReleaseCatalog> {
  return bundledData('releases') ?? readJsonCatalog(BUILT_IN, fileURLToPath(BUILT_IN), BUILT_IN_CATALOG_SOURCE);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * No paths: the built-in catalog. One .json file: kubehop's format. One directory: its
 * schedule.yaml and eol.yaml. Two YAML files: schedule.yaml and eol.yaml, in either order.
 */
export async function readReleaseCatalog(paths: readonly string[] = []): Promise<ReleaseCatalog> {
  const [first, second] = paths;
  if (first === undefined) return readBuiltInCatalog();
  if (paths.length > 2) throw new ConfigError(`failed to read release catalog: ${paths.length} files given; ${USAGE}`);
  if (second !== undefined) return readWebsiteSchedule(first, second, `${first} + ${second}`);
  if (await isDirectory(first)) {
    return readWebsiteSchedule(join(first, 'schedule.yaml'), join(first, 'eol.yaml'), first);
  }
  if (/\.ya?ml$/i.test(first)) {
    throw new ConfigError(`failed to read release catalog ${first}: a website schedule needs both schedule.yaml and eol.yaml; ${USAGE}`);
  }
  return readJsonCatalog(first, first, first);
}

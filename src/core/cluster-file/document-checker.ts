import { parseVersion, type KubeVersion } from '../version/index.js';
import { nearestName } from './nearest-name.js';
import { parseCpuQuantity, parseMemoryQuantity, type QuantityResult } from '../cluster/parse-quantity.js';

// Reads fields out of an untyped document while collecting every problem with its path, so an
// operator sees all mistakes of a file at once instead of one per run.

export type FieldPath = readonly (string | number)[];

export interface FieldError {
  readonly path: FieldPath;
  readonly message: string;
}

export type Fields = Readonly<Record<string, unknown>>;

/** How a value looks in a message: strings quoted, containers named. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

export class DocumentChecker {
  readonly errors: FieldError[] = [];

  fail(path: FieldPath, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  /** A mapping whose keys are all known; null counts as an empty mapping. Unknown keys are reported. */
  mapping(value: unknown, path: FieldPath, known: readonly string[]): Fields | undefined {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      return this.fail(path, `must be a mapping of fields (${known.join(', ')}), found ${describeValue(value)}`);
    }
    const fields = value as Fields;
    for (const key of Object.keys(fields)) {
      if (known.includes(key)) continue;
      const guess = nearestName(key, known);
      this.fail(
        [...path, key],
        guess ? `unknown field "${key}"; did you mean "${guess}"?` : `unknown field "${key}"; known fields: ${known.join(', ')}`,
      );
    }
    return fields;
  }

  /** A list; absent or null is empty. */
  list(fields: Fields, key: string, path: FieldPath): readonly unknown[] {
    const value = fields[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.fail([...path, key], `must be a list (one "- " entry per item), found ${describeValue(value)}`);
    return [];
  }

  string(fields: Fields, key: string, path: FieldPath, missing?: string): string | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return missing === undefined ? undefined : this.fail([...path, key], missing);
    if (typeof value === 'string' && value !== '') return value;
    return this.fail([...path, key], `must be a non-empty string, found ${describeValue(value)}`);
  }

  boolean(fields: Fields, key: string, path: FieldPath): boolean | undefined {
    const value = fields[key];
    if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
    return this.fail([...path, key], `must be true or false, found ${describeValue(value)}`);
  }

  /** `max` bounds what a file may ask for (counts, replicas): a clear error, never a hang. */
  integer(fields: Fields, key: string, path: FieldPath, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    if (typeof value === 'number' && Number.isInteger(value) && value > max) return this.fail([...path, key], `must be at most ${max}, found ${value}`);
    return this.fail([...path, key], `must be a whole number of at least ${min}, found ${describeValue(value)}`);
  }

  oneOf<T extends string>(fields: Fields, key: string, path: FieldPath, allowed: readonly T[], missing?: string): T | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return missing === undefined ? undefined : this.fail([...path, key], missing);
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const guess = typeof value === 'string' ? nearestName(value, allowed) : undefined;
    const hint = guess ? ` (did you mean "${guess}"?)` : '';
    return this.fail([...path, key], `must be one of ${allowed.join(', ')}; found ${describeValue(value)}${hint}`);
  }

  version(fields: Fields, key: string, path: FieldPath, missing?: string): KubeVersion | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return missing === undefined ? undefined : this.fail([...path, key], missing);
    if (typeof value !== 'string' && typeof value !== 'number') {
      return this.fail([...path, key], `must be a Kubernetes version such as v1.32.9, found ${describeValue(value)}`);
    }
    try {
      return parseVersion(String(value));
    } catch (error) {
      return this.fail([...path, key], error instanceof Error ? error.message : String(error));
    }
  }

  /** A string-to-string map such as labels or a nodeSelector; absent is empty. */
  stringMap(fields: Fields, key: string, path: FieldPath): Readonly<Record<string, string>> | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      return this.fail([...path, key], `must be a mapping of strings such as {app: web}, found ${describeValue(value)}`);
    }
    const result: Record<string, string> = {};
    let ok = true;
    for (const [name, item] of Object.entries(value as Fields)) {
      if (typeof item === 'string') result[name] = item;
      else {
        ok = false;
        this.fail([...path, key, name], `must be a string, found ${describeValue(item)}; quote it: "${String(item)}"`);
      }
    }
    return ok ? result : undefined;
  }

  cpu(fields: Fields, key: string, path: FieldPath): number | undefined {
    return this.quantity(fields[key], [...path, key], parseCpuQuantity);
  }

  memory(fields: Fields, key: string, path: FieldPath): number | undefined {
    return this.quantity(fields[key], [...path, key], parseMemoryQuantity);
  }

  private quantity(value: unknown, path: FieldPath, parse: (value: unknown) => QuantityResult): number | undefined {
    if (value === undefined || value === null) return undefined;
    const result = parse(value);
    return result.ok ? result.value : this.fail(path, result.message);
  }
}

import assert from 'node:assert/strict';

// Waiting on a real cluster in end-to-end tests: poll until the probe returns a value, or fail
// naming what was awaited and the last error seen.

/** Polls `probe` every 250 ms until it returns a value (not undefined), or fails after timeoutMs. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs / 1000}s${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

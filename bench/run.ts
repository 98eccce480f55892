// Runs every benchmark in bench/ in turn: npm run bench [-- NAME]
import { readdirSync } from 'node:fs';

const only = process.argv[2];
const dir = new URL('./', import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n== ${file}`);
  await import(new URL(file, dir).href);
}

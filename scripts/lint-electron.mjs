// Runs Electronegativity over the Electron code and fails on any
// finding. Its command line does not start next to commander 14 (it
// expects the old global-program API), so this calls its runner.
// Findings justified in the code carry an `eng-disable <CHECK>` comment
// with the reason beside it; they are listed, not counted.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const input = resolve(process.argv[2] ?? 'src-main/electron');
const electron = require('electron/package.json').version;

const result = await run({
  input,
  isRelative: true,
  electronVersionOverride: electron,
  customScan: [],
  excludeFromScan: [],
});

for (const s of suppressions(input)) console.log(`justified: ${s}`);
for (const e of result.errors) {
  console.log(`${e.tolerable ? 'parse warning' : 'PARSE ERROR'}: ` +
    `${e.file}: ${e.message}`);
}
for (const i of result.issues) {
  console.log(`FINDING ${i.id} ${i.file}:${i.location.line} ` +
    `${i.severity.name ?? ''} ${i.description}`);
}
const hard = result.errors.filter((e) => !e.tolerable).length;
console.log(`electronegativity ${input}: ${result.issues.length} findings, ` +
  `${hard} parse errors, ${result.globalChecks + result.atomicChecks} ` +
  `checks, Electron ${electron}`);
process.exit(result.issues.length + hard === 0 ? 0 : 1);

function suppressions(dir) {
  const out = [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => f.name)
    .sort();
  for (const name of files) {
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const m = /eng-disable\s+([A-Z_ ]+)/.exec(line);
      if (m) out.push(`${name}:${i + 1} ${m[1].trim()}`);
    });
  }
  return out;
}

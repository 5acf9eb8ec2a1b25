#!/usr/bin/env node
// Entry point of the `tenant-trail` command; the code lives in dist/.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src-main/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'tenant-trail is not built yet: run `npm install` (or `npm run build`)\n',
  );
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);

// Child process of the memory test: imports a small file to load
// everything an import needs, then a large one, and reports the peak
// resident set size (KiB) before and after the large import.
import { closeCase, openCase } from '../../../dist/src-main/case/case-file.js';
import { openGeo } from '../../../dist/src-main/enrich/geoip.js';
import { importFile } from '../../../dist/src-main/import/import-file.js';

const [casePath, warmup, large] = process.argv.slice(2);
const c = openCase(casePath);
const geo = openGeo();
await importFile(c, warmup, { geo });
globalThis.gc?.();
const before = process.resourceUsage().maxRSS;
const s = await importFile(c, large, { geo });
const after = process.resourceUsage().maxRSS;
closeCase(c);
process.stdout.write(`${JSON.stringify({
  before, after, status: s.status, counts: s.counts,
})}\n`);

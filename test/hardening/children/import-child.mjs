// Child process of the crash tests: imports files into a case with the
// built code, as `tenant-trail import` does, printing one line per
// progress step so the parent can kill it at a chosen point.
import { closeCase, openCase } from '../../../dist/src-main/case/case-file.js';
import { importFile } from '../../../dist/src-main/import/import-file.js';
import { buildSearchIndex } from '../../../dist/src-main/search/search-index.js';

const [casePath, ...files] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
const c = openCase(casePath);
say('opened');
for (const file of files) {
  const s = await importFile(c, file, {
    onProgress: (p) => say(`progress ${p.phase} ${p.bytes}`),
  });
  say(`summary ${JSON.stringify({ status: s.status, counts: s.counts })}`);
}
buildSearchIndex(c.db, (done) => say(`index ${done}`));
closeCase(c);
say('closed');

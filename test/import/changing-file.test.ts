/**
 * A file that changes while it is imported (a collector still writing
 * it) is refused, not stored under the hash of bytes it no longer has:
 * the import hashes the very bytes it stores (issue #7).
 */
import { closeSync, openSync, writeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCase } from '../../src-main/case/case-file.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import { importFile } from '../../src-main/import/import-file.js';
import { newCase, removeDir, sharedGeo, tempDir } from './import-helpers.js';

const dir = tempDir();
afterAll(() => removeDir(dir));

/** UAL JSON Lines of about 20 MB: several reads of the import. */
function bigUal(path: string): number {
  const line = (i: number) => JSON.stringify({
    CreationTime: '2026-10-01T10:00:00', Id: `id-${i}`, Operation:
      'FileAccessed', RecordType: 6, UserId: 'ann@contoso.com',
    Workload: 'SharePoint', ClientIP: '198.51.100.7', Pad: 'x'.repeat(900),
  });
  const lines = Array.from({ length: 20_000 }, (_, i) => line(i));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length;
}

describe('a file changing during its import', () => {
  it('is refused, and the case still verifies', async () => {
    const path = join(dir, 'growing.jsonl');
    bigUal(path);
    const c = newCase(dir);
    let touched = false;
    const s = await importFile(c, path, {
      geo: sharedGeo(),
      onProgress: (p) => {
        if (p.phase !== 'import' || touched) return;
        touched = true;
        const fd = openSync(path, 'r+');
        writeSync(fd, 'y', p.total - 20);
        closeSync(fd);
      },
    });
    expect(touched).toBe(true);
    expect(s.status).toBe('refused');
    expect(s.message).toMatch(new RegExp('^growing\\.jsonl changed while ' +
      'it was being imported \\(\\d+ bytes with SHA-256 [0-9a-f]{64} when ' +
      'hashed, \\d+ bytes with SHA-256 [0-9a-f]{64} when read\\): nothing ' +
      'was imported; import it again once the file is complete$'));
    expect(c.db.prepare('SELECT count(*) FROM event').pluck().get())
      .toBe(0);
    expect(c.db.prepare('SELECT count(*) FROM evidence').pluck().get())
      .toBe(0);
    expect(verifyCase(c.db).ok).toBe(true);
    const again = await importFile(c, path, { geo: sharedGeo() });
    expect(again.status).toBe('imported');
    expect(again.counts.imported).toBe(20_000);
    closeCase(c);
  });
});

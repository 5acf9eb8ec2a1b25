/**
 * Format-List blocks are found without their RecordType line, and text
 * outside every block is a warning, never silently dropped (issue #7).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeCase } from '../../src-main/case/case-file.js';
import { importInto, newCase, removeDir, tempDir } from './import-helpers.js';

const dir = tempDir();
afterAll(() => removeDir(dir));

function block(id: string, op: string, recordType = true): string {
  const audit = JSON.stringify({ Id: id, RecordType: 93, CreationTime:
    '2022-12-06T20:51:58', Operation: op, UserId: 'ann@contoso.com',
  ClientIP: '104.190.163.53', Workload: 'Aip' }, null, 2);
  return [
    ...(recordType ? ['RecordType   : AipDiscover'] : []),
    'CreationDate : 12/6/2022 8:51:58 PM',
    'UserIds      : ann@contoso.com',
    `Operations   : ${op}`,
    'AuditData    : ',
    audit,
    'ResultIndex  : -1',
    'ResultCount  : 0',
    `Identity     : ${id}`,
    'IsValid      : True',
    'ObjectState  : Unchanged',
    '',
  ].join('\r\n');
}

describe('Format-List blocks', () => {
  it('reads a first block that lost its RecordType line', async () => {
    const path = join(dir, 'fl.txt');
    writeFileSync(path, `Search results\r\n\r\n${block('a-1', 'Discover',
      false)}\r\n${block('a-2', 'FileDeleted')}`);
    const c = newCase(dir);
    const s = await importInto(c, path, { dateOrder: 'mdy' });
    expect(s.counts).toEqual({ read: 2, imported: 2, duplicates: 0,
      rejected: 0 });
    const ops = c.db.prepare('SELECT operation, line FROM event ORDER BY ' +
      'line').all();
    expect(ops).toEqual([{ operation: 'Discover', line: 3 },
      { operation: 'FileDeleted', line: 22 }]);
    const warnings = c.db.prepare('SELECT line, code FROM import_warning')
      .all();
    expect(warnings).toEqual([{ line: 1, code: 'TEXT_OUTSIDE_RECORD' }]);
    closeCase(c);
  });
});

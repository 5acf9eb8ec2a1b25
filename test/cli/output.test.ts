/**
 * Table cells too long for their column: cut at the end, or for file
 * names in the middle, so two long names that differ at their end can
 * still be told apart.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeRows } from '../../src-main/cli/output.js';

afterEach(() => vi.restoreAllMocks());

function table(cut: 'end' | 'middle' | undefined): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  writeRows(['azure-signinlogs-corner-cases.log',
    'azure-signinlogs-corner-cases.log-expected.json'],
  [{ name: 'file', get: (f) => f, width: 21, cut }], 'table');
  return out.join('').split('\n').filter(Boolean);
}

describe('table cells', () => {
  it('are cut at the end by default', () => {
    expect(table(undefined)).toEqual(['file',
      'azure-signinlogs-cor…', 'azure-signinlogs-cor…']);
  });

  it('are cut in the middle when asked, keeping both ends', () => {
    expect(table('middle')).toEqual(['file',
      'azure-sign…-cases.log', 'azure-sign…ected.json']);
  });
});

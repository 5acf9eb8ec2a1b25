/**
 * Import warnings of one evidence item, stored as they are found.
 * Informational duplicate notes are capped per item; the cap itself is
 * stated in a warning so nothing is left out silently.
 */
import type Database from 'better-sqlite3';
import type { Severity } from '../../src-shared/domain.js';
import type { RecordProblem } from './normalize/fields.js';

/** Informational warnings kept per code and evidence item. */
export const INFO_CAP = 1000;

/** Writes warnings of one evidence item. */
export class WarningLog {
  private readonly insert: Database.Statement;
  private readonly counts: Record<Severity, number> = {
    info: 0,
    warning: 0,
    error: 0,
  };
  private readonly infoPerCode = new Map<string, number>();

  constructor(
    db: Database.Database,
    private readonly evidenceId: number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO import_warning
         (evidence_id, line, byte_offset, severity, code, message)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Stores one warning at a position. */
  add(line: number | null, byteOffset: number | null, p: RecordProblem): void {
    this.counts[p.severity]++;
    if (p.severity === 'info' && !this.underCap(p.code)) return;
    this.insert.run(
      this.evidenceId, line, byteOffset, p.severity, p.code, p.message,
    );
  }

  private underCap(code: string): boolean {
    const n = (this.infoPerCode.get(code) ?? 0) + 1;
    this.infoPerCode.set(code, n);
    if (n === INFO_CAP + 1) {
      this.insert.run(this.evidenceId, null, null, 'info', code,
        `more than ${INFO_CAP} ${code} notes; the rest are counted in the ` +
        'import summary and kept as occurrences, not listed one by one');
    }
    return n <= INFO_CAP;
  }

  /** Number of warnings by severity, including capped ones. */
  tally(): Record<Severity, number> {
    return { ...this.counts };
  }
}

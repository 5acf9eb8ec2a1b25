/**
 * The list of cases the desktop app opened, newest first, kept in a
 * small JSON file in the app's data folder. It also bounds which case
 * files the renderer may ask to reopen by path.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RecentCase } from '../../src-shared/contract.js';

/** How many cases the list keeps. */
export const MAX_RECENT = 10;

/** The recent-cases list behind one file. */
export class RecentCases {
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The cases, newest first; an unreadable list reads as empty. */
  list(): RecentCase[] {
    if (!existsSync(this.file)) return [];
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter(isRecentCase) : [];
    } catch {
      // A damaged list only costs the shortcuts; start a fresh one.
      return [];
    }
  }

  /** True when a path is on the list. */
  has(path: string): boolean {
    const wanted = resolve(path);
    return this.list().some((r) => r.path === wanted);
  }

  /** Puts a case at the top of the list. */
  add(path: string): void {
    const full = resolve(path);
    const rest = this.list().filter((r) => r.path !== full);
    const entry = { path: full, openedAt: this.now().toISOString() };
    this.write([entry, ...rest].slice(0, MAX_RECENT));
  }

  private write(list: RecentCase[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const partial = `${this.file}.partial`;
    writeFileSync(partial, `${JSON.stringify(list, null, 2)}\n`);
    renameSync(partial, this.file);
  }
}

function isRecentCase(v: unknown): v is RecentCase {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.path === 'string' && typeof r.openedAt === 'string';
}

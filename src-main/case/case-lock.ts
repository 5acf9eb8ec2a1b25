/**
 * The writer lock of a case: a `<case>.lock` file beside the case naming
 * the process that writes it, so a second process gets a clear "case is
 * in use" instead of interleaving its writes. Readers take no lock.
 */
import { randomUUID } from 'node:crypto';
import {
  linkSync,
  readFileSync,
  realpathSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { TrailError } from '../../src-shared/errors.js';

/** Who holds a lock, as written in the lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** Locks this process holds, by lock path, with how often each is held. */
const held = new Map<string, number>();

/**
 * The lock file of a case, beside the file a link resolves to, so a
 * second name for the same case shares its lock.
 */
export function lockPathOf(casePath: string): string {
  try {
    casePath = realpathSync(casePath);
  } catch {
    // A case not created yet has no real path of its own.
  }
  let dir = resolve(dirname(casePath));
  try {
    dir = realpathSync(dir);
  } catch {
    // A missing folder fails later with the case's own message.
  }
  return join(dir, `${basename(casePath)}.lock`);
}

/**
 * Takes the writer lock of a case; a lock of a process that no longer
 * runs on this host is taken over. Connections of one process share it.
 */
export function acquireCaseLock(casePath: string): string {
  const lock = lockPathOf(casePath);
  const n = held.get(lock);
  if (n !== undefined) {
    held.set(lock, n + 1);
    return lock;
  }
  if (!tryCreate(lock)) {
    const owner = readOwner(lock);
    if (!owner || isAlive(owner)) throw inUse(casePath, lock, owner);
    takeOver(lock, owner, casePath);
  }
  held.set(lock, 1);
  return lock;
}

/** Releases a lock taken with `acquireCaseLock`. */
export function releaseCaseLock(lock: string): void {
  const n = held.get(lock);
  if (n === undefined) return;
  if (n > 1) {
    held.set(lock, n - 1);
    return;
  }
  held.delete(lock);
  const owner = readOwner(lock);
  if (owner?.pid === process.pid && owner.host === hostname()) {
    unlinkQuietly(lock);
  }
}

/**
 * Creates the lock with its owner in one step: the owner is written to
 * a file of this process's own, then linked to the lock's name, which
 * fails if the lock exists. Nobody ever sees an empty lock.
 */
function tryCreate(lock: string): boolean {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
  };
  const draft = `${lock}.${process.pid}.${randomUUID()}`;
  writeFileSync(draft, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
  try {
    linkSync(draft, lock);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(draft);
  }
}

function readOwner(lock: string): LockOwner | null {
  try {
    const v = JSON.parse(readFileSync(lock, 'utf8')) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return null;
    return { pid: v.pid, host: v.host, since: String(v.since ?? '') };
  } catch {
    return null;
  }
}

/** True unless the owner is on this host and its process is gone. */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Replaces the lock of a process that died (a crash or a kill). Only
 * the process holding the takeover marker (created exclusively) may
 * replace it, and only if the lock still names the dead owner, so of
 * processes taking over at once exactly one wins and no live lock is
 * ever moved. A marker left by a process killed in the middle of a
 * takeover is itself taken over once its owner is seen to be gone.
 */
function takeOver(lock: string, stale: LockOwner, casePath: string): void {
  const marker = `${lock}.takeover`;
  if (!tryCreate(marker)) {
    const holder = readOwner(marker);
    if (holder && isAlive(holder)) throw inUse(casePath, lock, holder);
    unlinkQuietly(marker);
    if (!tryCreate(marker)) throw inUse(casePath, lock, readOwner(lock));
  }
  try {
    const now = readOwner(lock);
    const same = now?.pid === stale.pid && now.host === stale.host &&
      now.since === stale.since;
    if (now && !same) throw inUse(casePath, lock, now);
    unlinkQuietly(lock);
    if (!tryCreate(lock)) throw inUse(casePath, lock, readOwner(lock));
  } finally {
    unlinkQuietly(marker);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function inUse(
  casePath: string,
  lock: string,
  owner: LockOwner | null,
): TrailError {
  const who = owner
    ? `process ${owner.pid} on ${owner.host} since ${owner.since}`
    : 'another process';
  return new TrailError(
    'CASE_IN_USE',
    `case is in use: ${casePath} is being written by ${who}; wait for it ` +
      `to finish (if no such process runs, delete ${lock})`,
  );
}

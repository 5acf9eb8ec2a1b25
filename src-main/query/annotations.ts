/**
 * Bookmarks, tags and notes an examiner puts on events. Each change is
 * written together with its custody entry, in one transaction.
 */
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import type {
  Annotations,
  Counted,
  NoteInfo,
} from '../../src-shared/contract.js';
import { appendCustody } from '../case/custody.js';

/** Reads the bookmark, tags and notes of one event. */
export function readAnnotations(
  db: Database.Database,
  eventId: number,
): Annotations {
  const mark = db
    .prepare('SELECT 1 FROM bookmark WHERE event_id = ?')
    .get(eventId);
  const tags = db
    .prepare('SELECT tag FROM tag WHERE event_id = ? ORDER BY tag')
    .pluck()
    .all(eventId) as string[];
  const notes = db
    .prepare(
      `SELECT id, text, created_at AS createdAt, examiner FROM note
       WHERE event_id = ? ORDER BY id`,
    )
    .all(eventId) as NoteInfo[];
  return { eventId, bookmarked: mark !== undefined, tags, notes };
}

/** Sets or clears the bookmark of an event. */
export function setBookmark(
  db: Database.Database,
  examiner: string,
  eventId: number,
  bookmarked: boolean,
): Annotations {
  db.transaction(() => {
    assertEvent(db, eventId);
    const change = bookmarked
      ? db
          .prepare(
            `INSERT OR IGNORE INTO bookmark (event_id, created_at, examiner)
             VALUES (?, ?, ?)`,
          )
          .run(eventId, new Date().toISOString(), examiner)
      : db.prepare('DELETE FROM bookmark WHERE event_id = ?').run(eventId);
    if (change.changes === 0) return;
    const action = bookmarked ? 'bookmark.add' : 'bookmark.remove';
    appendCustody(db, examiner, action, { eventId });
  })();
  return readAnnotations(db, eventId);
}

/** Adds a tag to an event; adding a tag it has is no change. */
export function addTag(
  db: Database.Database,
  examiner: string,
  eventId: number,
  tag: string,
): Annotations {
  db.transaction(() => {
    assertEvent(db, eventId);
    const change = db
      .prepare(
        `INSERT OR IGNORE INTO tag (event_id, tag, created_at, examiner)
         VALUES (?, ?, ?, ?)`,
      )
      .run(eventId, tag, new Date().toISOString(), examiner);
    if (change.changes > 0) {
      appendCustody(db, examiner, 'tag.add', { eventId, tag });
    }
  })();
  return readAnnotations(db, eventId);
}

/** Removes a tag from an event. */
export function removeTag(
  db: Database.Database,
  examiner: string,
  eventId: number,
  tag: string,
): Annotations {
  db.transaction(() => {
    assertEvent(db, eventId);
    const change = db
      .prepare('DELETE FROM tag WHERE event_id = ? AND tag = ?')
      .run(eventId, tag);
    if (change.changes > 0) {
      appendCustody(db, examiner, 'tag.remove', { eventId, tag });
    }
  })();
  return readAnnotations(db, eventId);
}

/** Adds a note to an event; notes are never edited, only added. */
export function addNote(
  db: Database.Database,
  examiner: string,
  eventId: number,
  text: string,
): Annotations {
  db.transaction(() => {
    assertEvent(db, eventId);
    const r = db
      .prepare(
        `INSERT INTO note (event_id, text, created_at, examiner)
         VALUES (?, ?, ?, ?)`,
      )
      .run(eventId, text, new Date().toISOString(), examiner);
    const noteId = Number(r.lastInsertRowid);
    appendCustody(db, examiner, 'note.add', { eventId, noteId, text });
  })();
  return readAnnotations(db, eventId);
}

/** Lists every tag in use with the number of events carrying it. */
export function listTags(db: Database.Database): Counted[] {
  return db
    .prepare(
      `SELECT tag AS value, count(*) AS count FROM tag
       GROUP BY tag ORDER BY tag`,
    )
    .all() as Counted[];
}

function assertEvent(db: Database.Database, eventId: number): void {
  const hit = db.prepare('SELECT 1 FROM event WHERE id = ?').get(eventId);
  if (!hit) throw new TrailError('NOT_FOUND', `there is no event ${eventId}`);
}

/**
 * Bookmark, tags and notes of one event. Each change is saved in the
 * case and written to its custody log by the engine.
 */
import { useState } from 'react';
import type { Annotations } from '../../src-shared/contract.js';
import { SafeText } from '../safe-text.js';
import { formatTimeLabelled } from '../time-format.js';
import { call } from '../transport.js';

/** The annotation controls of the detail panel. */
export function AnnotationControls(p: {
  annotations: Annotations;
  zone: string;
  onChanged(): void;
}) {
  const a = p.annotations;
  const [tag, setTag] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => ReturnType<typeof call>) => {
    const e = await fn();
    setError(e.ok ? null : e.error.message);
    if (e.ok) p.onChanged();
    return e.ok;
  };
  return (
    <div className="annotations" data-testid="annotations">
      <button type="button" className={a.bookmarked ? 'on' : ''}
        data-testid="bookmark" aria-pressed={a.bookmarked}
        onClick={() => run(() => call('setBookmark',
          { eventId: a.eventId, bookmarked: !a.bookmarked }))}>
        {a.bookmarked ? '★ Bookmarked' : '☆ Bookmark'}
      </button>
      <div className="tags">
        {a.tags.map((t) => (
          <span key={t} className="tag"><SafeText value={t} />
            <button type="button" className="icon" aria-label={`remove tag ${t}`}
              onClick={() => run(() => call('removeTag', { eventId: a.eventId, tag: t }))}>
              ×</button>
          </span>
        ))}
        <form onSubmit={(ev) => {
          ev.preventDefault();
          if (!tag.trim()) return;
          void run(() => call('addTag', { eventId: a.eventId, tag: tag.trim() }))
            .then((ok) => ok && setTag(''));
        }}>
          <input value={tag} onChange={(e) => setTag(e.target.value)}
            placeholder="add tag" maxLength={64} aria-label="add tag" />
        </form>
      </div>
      <ul className="notes">
        {a.notes.map((n) => (
          <li key={n.id}>
            <div className="muted">{formatTimeLabelled(Date.parse(n.createdAt), p.zone)}
              {' · '}<SafeText value={n.examiner} /></div>
            <div className="note-text"><SafeText value={n.text} /></div>
          </li>
        ))}
      </ul>
      <form className="note-form" onSubmit={(ev) => {
        ev.preventDefault();
        if (!note.trim()) return;
        void run(() => call('addNote', { eventId: a.eventId, text: note.trim() }))
          .then((ok) => ok && setNote(''));
      }}>
        <textarea value={note} onChange={(e) => setNote(e.target.value)}
          placeholder="add a note (saved in the case and its custody log)"
          rows={2} maxLength={10000} aria-label="add note" />
        <button type="submit">Add note</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

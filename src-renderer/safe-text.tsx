/**
 * Untrusted text rendered as text: React escapes it, and characters that
 * hide or reorder text appear as highlighted markers.
 */
import { splitHidden } from './visible-text.js';

/** Renders a value as text with hidden characters made visible. */
export function SafeText({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') {
    return <span className="muted">—</span>;
  }
  const pieces = splitHidden(String(value));
  return (
    <>
      {pieces.map((p, i) =>
        p.marker ? (
          <span key={i} className="hidden-char" title="hidden character">
            {p.text}
          </span>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

/**
 * What only the desktop app offers: the start screen without a case,
 * the new-case form, and importing files dropped on the window with a
 * progress bar.
 */
import { useEffect, useState } from 'react';
import type {
  ImportedFile,
  ImportProgressEvent,
} from '../../src-shared/contract.js';
import { SafeText } from '../safe-text.js';
import { call, isDesktop } from '../transport.js';
import { useCall } from '../use-call.js';

/** The start screen of the desktop app when no case is open. */
export function Welcome({ onOpened }: { onOpened(): void }) {
  const recent = useCall('recentCases', {});
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async (path?: string) => {
    const e = await call('openCase', path ? { path } : {});
    if (!e.ok) setError(e.error.message);
    else if (e.value) onOpened();
  };
  if (creating) {
    return (
      <NewCaseForm onDone={(ok) => (ok ? onOpened() : setCreating(false))} />
    );
  }
  return (
    <div className="welcome">
      <h1>Tenant Trail</h1>
      <div className="actions">
        <button type="button" onClick={() => setCreating(true)}>New case…</button>
        <button type="button" onClick={() => void open()}>Open case…</button>
      </div>
      {error && <p className="error">{error}</p>}
      <h3>Recent cases</h3>
      <ul className="recent">
        {(recent.value ?? []).map((r) => (
          <li key={r.path}><button type="button" className="link"
            onClick={() => void open(r.path)}>
            <SafeText value={r.path} />
          </button></li>
        ))}
      </ul>
    </div>
  );
}

/** The form of a new case; the file is chosen in a native dialog. */
export function NewCaseForm({ onDone }: { onDone(created: boolean): void }) {
  const [f, setF] = useState({ title: '', caseNumber: '', examiner: '' });
  const [error, setError] = useState<string | null>(null);
  const field = (k: keyof typeof f, label: string) => (
    <label>{label}<input value={f[k]} required maxLength={200}
      onChange={(e) => setF({ ...f, [k]: e.target.value })} /></label>
  );
  return (
    <form className="modal new-case" onSubmit={(ev) => {
      ev.preventDefault();
      void call('newCase', f).then((e) => {
        if (!e.ok) setError(e.error.message);
        else onDone(e.value !== null);
      });
    }}>
      <h2>New case</h2>
      {field('title', 'Title')}
      {field('caseNumber', 'Case number')}
      {field('examiner', 'Examiner')}
      {error && <p className="error">{error}</p>}
      <div className="actions">
        <button type="submit">Choose file and create</button>
        <button type="button" onClick={() => onDone(false)}>Cancel</button>
      </div>
    </form>
  );
}

/** Accepts files dropped on the window and imports them (desktop only). */
export function useFileDrop(
  onImported: (r: ImportedFile[]) => void,
): string | null {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      const api = window.api;
      if (!api) {
        setMessage('importing needs the desktop app; use tenant-trail import');
        return;
      }
      const paths = [...(e.dataTransfer?.files ?? [])]
        .map((f) => api.pathForFile(f));
      void call('importFiles', { paths }).then((r) => {
        if (r.ok) onImported(r.value);
        setMessage(r.ok ? null : r.error.message);
      });
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onImported]);
  return message;
}

/** The progress of a running import, pushed by the desktop shell. */
export function ImportProgressBar() {
  const [p, setP] = useState<ImportProgressEvent | null>(null);
  useEffect(() => {
    if (!isDesktop() || !window.api) return;
    return window.api.onImportProgress((e) =>
      setP(e.phase === 'index' && e.done >= e.total ? null : e));
  }, []);
  if (!p) return null;
  const pct = p.total > 0 ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <div className="import-progress" role="progressbar" aria-valuenow={pct}>
      <span>{p.phase === 'index' ? 'Building the search index'
        : `Importing ${p.fileIndex + 1}/${p.fileCount}: `}
        {p.phase !== 'index' && <SafeText value={p.name} />}</span>
      <div className="bar"><div className="fill" style={{ width: `${pct}%` }} /></div>
      <span>{pct}%</span>
    </div>
  );
}

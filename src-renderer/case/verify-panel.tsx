/**
 * Verifies an evidence bundle: its signature, every hash and size, no
 * missing or added file, and the custody chain. The desktop app asks
 * for the file with a dialog; browser mode takes its path.
 */
import { useState } from 'react';
import type { BundleVerdict } from '../../src-shared/contract.js';
import { SafeText } from '../safe-text.js';
import { isDesktop } from '../transport.js';
import { call } from '../transport.js';

/** The bundle verification card of the case view. */
export function VerifyPanel() {
  const [path, setPath] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [verdict, setVerdict] = useState<BundleVerdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    setError(null);
    const e = await call('verifyBundle', {
      path: path.trim() || undefined,
      fingerprint: fingerprint.trim() || undefined,
    });
    if (!e.ok) return setError(e.error.message);
    setVerdict(e.value);
  };
  return (
    <div className="verify" data-testid="verify-panel">
      <div className="review-form">
        <input type="text" value={path} aria-label="bundle path"
          placeholder={isDesktop() ? 'bundle.zip (empty: choose a file)'
            : 'path of bundle.zip'}
          onChange={(e) => setPath(e.target.value)} />
        <input type="text" value={fingerprint} aria-label="signer fingerprint"
          placeholder="signer's key fingerprint, as given to you"
          onChange={(e) => setFingerprint(e.target.value)} />
        <button type="button" onClick={() => void verify()}>
          Verify bundle</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {verdict && <Verdict v={verdict} />}
    </div>
  );
}

function Verdict({ v }: { v: BundleVerdict }) {
  return (
    <div data-testid="verify-verdict">
      <p className={v.ok ? 'pass' : 'error'}>
        <strong>{v.ok ? 'PASS' : 'FAIL'}</strong> <SafeText value={v.path} />
        {' '}({v.checked} files checked)
      </p>
      {v.ok && (
        <p className="muted">case <SafeText value={v.caseNumber} />,
          exported <SafeText value={v.exportedAt} /> by{' '}
          <SafeText value={v.exportedBy} />; signer key{' '}
          <span className="mono"><SafeText value={v.fingerprint} /></span>
        </p>
      )}
      {v.problems.length > 0 && (
        <ul data-testid="verify-problems">
          {v.problems.map((p, i) => (
            <li key={i}><span className="mono"><SafeText value={p.file} />
            </span>: <SafeText value={p.problem} /></li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The original record as the evidence holds it: laid out for reading
 * when it is JSON, or exactly as stored, at the examiner's choice.
 */
import { useState } from 'react';
import type { OriginalRecord } from '../../src-shared/contract.js';
import { SafeText } from '../safe-text.js';

/** Shows the original record with a layout switch. */
export function OriginalRecordView({ original }: { original: OriginalRecord }) {
  const canLayOut = original.pretty !== null;
  const [laidOut, setLaidOut] = useState(canLayOut);
  const shown = laidOut && original.pretty !== null
    ? original.pretty
    : original.text;
  return (
    <div className="original">
      <div className="original-bar">
        <span className="muted">
          {original.kind === 'csv' ? 'CSV row' : original.kind === 'json'
            ? 'JSON record' : 'text record'}
          {original.fallbackDecoding && ' · not UTF-8: shown as windows-1252'}
        </span>
        {canLayOut && (
          <button type="button" className="link" data-testid="toggle-layout"
            onClick={() => setLaidOut(!laidOut)}>
            {laidOut ? 'show as stored' : 'show laid out'}
          </button>
        )}
      </div>
      <pre className="record" data-testid="original-record"
        data-layout={laidOut ? 'laid-out' : 'as-stored'}>
        <SafeText value={shown} />
      </pre>
    </div>
  );
}

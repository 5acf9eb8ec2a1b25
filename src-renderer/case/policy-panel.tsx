/**
 * The tenant policy of the case, editable: allowed countries and
 * regions, trusted networks and ASNs, travel exceptions and the
 * thresholds of the stateful detections. Saving is custody-logged;
 * run the detections again (`tenant-trail detect`) to apply it.
 */
import { useState } from 'react';
import type { PolicyInfo } from '../../src-shared/contract.js';
import { call } from '../transport.js';
import { useCall } from '../use-call.js';
import { policyToText, textToPolicy, type PolicyText } from './policy-form.js';

/** The policy card of the case view. */
export function PolicyPanel() {
  const policy = useCall('casePolicy', {});
  if (policy.error) return <p className="error">{policy.error.message}</p>;
  if (!policy.value) return <p className="muted">loading the policy…</p>;
  return <PolicyEditor info={policy.value} />;
}

const LISTS: { key: keyof Omit<PolicyText, 'thresholds'>; label: string;
  hint: string }[] = [
  { key: 'allowedCountries', label: 'Allowed countries',
    hint: 'ISO codes, e.g. US, GB, IN' },
  { key: 'allowedRegions', label: 'Allowed regions',
    hint: 'only these parts of a country, one CC:Region a line' },
  { key: 'trustedNetworks', label: 'Trusted networks',
    hint: 'CIDR, one a line' },
  { key: 'trustedAsns', label: 'Trusted ASNs', hint: 'e.g. 22616' },
  { key: 'travelExceptions', label: 'Travel exceptions',
    hint: 'user:CC:from:to, one a line' },
];

function PolicyEditor({ info }: { info: PolicyInfo }) {
  const [text, setText] = useState(() => policyToText(info.policy));
  const [message, setMessage] = useState<string | null>(null);
  const save = async () => {
    const policy = textToPolicy(text);
    if (typeof policy === 'string') return setMessage(policy);
    const e = await call('setPolicy', { policy });
    if (!e.ok) return setMessage(e.error.message);
    setText(policyToText(e.value.policy));
    setMessage('saved; recorded in the custody log. Run the detections ' +
      'again (tenant-trail detect) to apply it.');
  };
  return (
    <div className="policy" data-testid="policy-editor">
      {LISTS.map((l) => (
        <label key={l.key} className="policy-field">
          <span>{l.label} <span className="muted">({l.hint})</span></span>
          <textarea rows={2} value={text[l.key]} aria-label={l.label}
            onChange={(e) => setText({ ...text, [l.key]: e.target.value })} />
        </label>
      ))}
      <details>
        <summary>Thresholds</summary>
        <table className="kv">
          <tbody>
            {info.thresholds.map((t) => (
              <tr key={t.name}>
                <th className="mono">{t.name}</th>
                <td><input type="number" aria-label={t.name}
                  placeholder={String(t.defaultValue)}
                  value={text.thresholds[t.name] ?? ''}
                  onChange={(e) => setText({ ...text, thresholds: {
                    ...text.thresholds, [t.name]: e.target.value } })} />
                </td>
                <td className="muted">{t.meaning} (default {t.defaultValue})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <button type="button" onClick={() => void save()}>Save policy</button>
      {message && <p className="muted" role="status">{message}</p>}
    </div>
  );
}

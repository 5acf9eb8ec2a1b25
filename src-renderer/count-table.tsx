/**
 * Small tables of counted values used on the user and IP pages.
 */
import type { ReactNode } from 'react';
import type { Counted } from '../src-shared/contract.js';
import { SafeText } from './safe-text.js';

/** A titled table of values and how often each occurs. */
export function CountTable(p: {
  title: string;
  rows: Counted[];
  testId?: string;
  render?(value: string): ReactNode;
}) {
  return (
    <section className="card">
      <h4>{p.title} <span className="muted">({p.rows.length})</span></h4>
      {p.rows.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table className="list" data-testid={p.testId}>
          <tbody>
            {p.rows.map((r) => (
              <tr key={r.value}>
                <td>
                  {p.render ? p.render(r.value) : <SafeText value={r.value} />}
                </td>
                <td className="num">{r.count.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A titled pair of label and value, for page headers. */
export function Fact(
  p: { label: string; children: ReactNode; testId?: string },
) {
  return (
    <div className="fact">
      <div className="fact-label">{p.label}</div>
      <div className="fact-value" data-testid={p.testId}>{p.children}</div>
    </div>
  );
}

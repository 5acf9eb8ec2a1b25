/**
 * One IP address: where the GeoIP data places it, which network owns it,
 * who was seen from it and when, and its timeline.
 */
import type { IpProfile } from '../../src-shared/contract.js';
import { CountTable, Fact } from '../count-table.js';
import { countryName } from '../country-names.js';
import { navigate } from '../router.js';
import { SafeText } from '../safe-text.js';
import { formatTime, formatTimeLabelled } from '../time-format.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { useCall } from '../use-call.js';
import { useWorkbench } from '../workbench-context.js';

/** The IP page. */
export function IpPage({ ip }: { ip: string }) {
  const profile = useCall('ipProfile', { ip });
  if (profile.error) return <p className="error">{profile.error.message}</p>;
  if (!profile.value) return <p className="muted pad">loading {ip}…</p>;
  return <IpBody p={profile.value} />;
}

function IpBody({ p }: { p: IpProfile }) {
  const wb = useWorkbench();
  const g = p.geo;
  return (
    <div className="page">
      <header className="page-head">
        <h2 className="mono" data-testid="ip-address"><SafeText value={p.ip} /></h2>
        <div className="facts">
          <Fact label="Country" testId="ip-country">
            {g.country ? `${g.country} ${countryName(g.country)}` : '—'}</Fact>
          <Fact label="Region / city"><SafeText value={[g.region, g.city]
            .filter(Boolean).join(' / ')} /></Fact>
          <Fact label="ASN" testId="ip-asn">{g.asn === null ? '—' : `AS${g.asn}`}</Fact>
          <Fact label="AS org"><SafeText value={g.asOrg} /></Fact>
          <Fact label="Events">{p.events.toLocaleString('en-US')}</Fact>
          <Fact label="First seen">{formatTimeLabelled(p.firstMs, wb.zone)}</Fact>
          <Fact label="Last seen">{formatTimeLabelled(p.lastMs, wb.zone)}</Fact>
        </div>
        <p className="credit">{p.geoCredit}</p>
      </header>
      <div className="page-grid">
        <section className="card wide">
          <h4>Users seen from this address <span className="muted">({p.users.length})</span></h4>
          <table className="list" data-testid="ip-users">
            <thead><tr><th>User</th><th>Events</th>
              <th>First seen ({wb.zone})</th>
              <th>Last seen ({wb.zone})</th></tr></thead>
            <tbody>
              {p.users.map((u) => (
                <tr key={u.user}>
                  <td><a href={`#/user/${encodeURIComponent(u.user)}`}
                    onClick={(e) => { e.preventDefault(); navigate({ view: 'user', user: u.user }); }}>
                    <SafeText value={u.user} /></a></td>
                  <td className="num">{u.count}</td>
                  <td className="mono">{formatTime(u.firstMs, wb.zone)}</td>
                  <td className="mono">{formatTime(u.lastMs, wb.zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <CountTable title="Log sources" rows={p.sources} />
      </div>
      <h3 className="section-title">Timeline of <SafeText value={p.ip} /></h3>
      <div className="embedded-timeline">
        <TimelineView baseFilter={{ ip: p.ip }} />
      </div>
    </div>
  );
}

/**
 * One user: where they signed in from (map, countries, IPs with their
 * networks), with what (user agents, apps, clients), when (activity per
 * day), and their own timeline.
 */
import type { DayCount, IpUse, UserProfile } from '../../src-shared/contract.js';
import { CountTable, Fact } from '../count-table.js';
import { FindingList } from '../findings/finding-list.js';
import { countryName } from '../country-names.js';
import { navigate } from '../router.js';
import { SafeText } from '../safe-text.js';
import { formatTime, formatTimeLabelled } from '../time-format.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { useCall } from '../use-call.js';
import { useWorkbench } from '../workbench-context.js';
import { WorldMap } from './world-map.js';

/** The user page. */
export function UserPage({ user }: { user: string }) {
  const profile = useCall('userProfile', { user });
  if (profile.error) return <p className="error">{profile.error.message}</p>;
  if (!profile.value) return <p className="muted pad">loading {user}…</p>;
  return <UserBody p={profile.value} />;
}

function UserBody({ p }: { p: UserProfile }) {
  const wb = useWorkbench();
  return (
    <div className="page">
      <header className="page-head">
        <h2 data-testid="user-name"><SafeText value={p.user} /></h2>
        <div className="facts">
          <Fact label="Events">{p.events.toLocaleString('en-US')}</Fact>
          <Fact label="First seen">{formatTimeLabelled(p.firstMs, wb.zone)}</Fact>
          <Fact label="Last seen">{formatTimeLabelled(p.lastMs, wb.zone)}</Fact>
          <Fact label="Failed sign-ins">{p.failedSignIns}</Fact>
        </div>
      </header>
      <div className="page-grid">
        <section className="card wide">
          <h4>Findings <span className="muted">({p.findings.length})</span>
          </h4>
          <FindingList findings={p.findings} zone={wb.zone}
            testId="user-findings" />
        </section>
        <section className="card map-card">
          <h4>Sign-in locations</h4>
          <WorldMap points={p.signInPoints} />
          <p className="credit">{p.geoCredit}</p>
        </section>
        <CountTable title="Countries" rows={p.countries} testId="user-countries"
          render={(c) => <span><span className="mono">{c}</span> {countryName(c)}</span>} />
        <IpTable ips={p.ips} zone={wb.zone} />
        <CountTable title="User agents" rows={p.userAgents} testId="user-agents" />
        <CountTable title="Apps / workloads" rows={p.apps} />
        <CountTable title="Clients" rows={p.clients} />
        <Activity days={p.activity} />
      </div>
      <h3 className="section-title">Timeline of <SafeText value={p.user} /></h3>
      <div className="embedded-timeline">
        <TimelineView baseFilter={{ user: p.user }} />
      </div>
    </div>
  );
}

function IpTable({ ips, zone }: { ips: IpUse[]; zone: string }) {
  return (
    <section className="card wide">
      <h4>IP addresses <span className="muted">({ips.length})</span></h4>
      <table className="list" data-testid="user-ips">
        <thead>
          <tr><th>IP</th><th>Country</th><th>City</th><th>ASN</th>
            <th>AS org</th><th>Events</th><th>Last seen ({zone})</th></tr>
        </thead>
        <tbody>
          {ips.map((ip) => (
            <tr key={ip.ip}>
              <td><a href={`#/ip/${encodeURIComponent(ip.ip)}`} className="mono"
                onClick={(e) => { e.preventDefault(); navigate({ view: 'ip', ip: ip.ip }); }}>
                <SafeText value={ip.ip} /></a></td>
              <td className="mono">{ip.country ?? ''}</td>
              <td><SafeText value={ip.city} /></td>
              <td className="num">{ip.asn ?? ''}</td>
              <td><SafeText value={ip.asOrg} /></td>
              <td className="num">{ip.count}</td>
              <td className="mono">{formatTime(ip.lastMs, zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Every UTC day from the first to the last active one, quiet ones 0. */
export function everyDay(days: DayCount[]): DayCount[] {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.count]));
  const out: DayCount[] = [];
  const last = Date.parse(`${days[days.length - 1].day}T00:00:00Z`);
  for (let t = Date.parse(`${days[0].day}T00:00:00Z`); t <= last;
    t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

function Activity(p: { days: DayCount[] }) {
  const days = everyDay(p.days);
  const max = Math.max(1, ...days.map((d) => d.count));
  return (
    <section className="card wide">
      <h4>Activity per day (UTC)</h4>
      <div className="activity" data-testid="user-activity">
        {days.map((d) => (
          <div key={d.day} title={`${d.day}: ${d.count} events`}
            className={d.count ? 'activity-day' : 'activity-day quiet'}>
            <svg viewBox="0 0 10 40" preserveAspectRatio="none" className="activity-bar">
              <rect x="0" width="10" y={40 - (40 * d.count) / max}
                height={(40 * d.count) / max} />
            </svg>
            <span className="activity-label">{d.day.slice(5)}</span>
          </div>
        ))}
      </div>
    </section>
  );
}

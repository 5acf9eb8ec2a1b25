/**
 * The workbench around an open case: header with the views and the time
 * zone switch, the current view, and the event detail panel.
 */
import { useCallback, useMemo, useState } from 'react';
import type { CaseOverview } from '../../src-shared/contract.js';
import { CaseView } from '../case/case-view.js';
import { EventDetailPanel } from '../detail/event-detail-panel.js';
import { FindingPage } from '../findings/finding-page.js';
import { FindingsView } from '../findings/findings-view.js';
import { IpPage } from '../ip/ip-page.js';
import { navigate, useRoute, type Route } from '../router.js';
import { SafeText } from '../safe-text.js';
import { TimelineView } from '../timeline/timeline-view.js';
import { UserPage } from '../users/user-page.js';
import { UsersView } from '../users/users-view.js';
import { WarningsView } from '../warnings/warnings-view.js';
import { WorkbenchContext, type Workbench } from '../workbench-context.js';
import { AboutDialog } from './about-dialog.js';
import { useKeyboard } from './keyboard.js';

/** The shell of an open case. */
export function CaseShell(p: {
  caseInfo: CaseOverview;
  about: boolean;
  onAbout(show: boolean): void;
}) {
  const route = useRoute();
  const [useCaseZone, setUseCaseZone] = useState(false);
  const [detail, setDetail] = useState<number | null>(null);
  const [generation, setGeneration] = useState(0);
  const caseZone = p.caseInfo.info.displayTimeZone;
  const zone = useCaseZone ? caseZone : 'UTC';
  const focusEvent = useCallback(
    (id: number) => setDetail((d) => (d === null ? d : id)), []);
  const wb = useMemo<Workbench>(() => ({
    caseInfo: p.caseInfo,
    zone,
    openDetail: setDetail,
    focusEvent,
    annotationsChanged: () => setGeneration((g) => g + 1),
    annotationGeneration: generation,
  }), [p.caseInfo, zone, generation, focusEvent]);
  useKeyboard(() => (p.about ? p.onAbout(false) : setDetail(null)));

  return (
    <WorkbenchContext.Provider value={wb}>
      <div className="app">
        <header className="app-head">
          <div className="brand">Tenant Trail</div>
          <div className="case-title" title={p.caseInfo.path}>
            <SafeText value={p.caseInfo.info.title} />
            <span className="muted"> · <SafeText value={p.caseInfo.info.caseNumber} /></span>
          </div>
          <Tabs route={route} warnings={p.caseInfo.warningCount} />
          <ZoneSwitch zone={zone} caseZone={caseZone}
            onCaseZone={setUseCaseZone} />
          <button type="button" className="link" onClick={() => p.onAbout(true)}>About</button>
        </header>
        <div className="app-body">
          <main className="view">{viewOf(route)}</main>
          {detail !== null && (
            <EventDetailPanel eventId={detail}
              onClose={() => setDetail(null)} />
          )}
        </div>
        {p.about && <AboutDialog onClose={() => p.onAbout(false)} />}
      </div>
    </WorkbenchContext.Provider>
  );
}

function viewOf(route: Route) {
  switch (route.view) {
    case 'users':
      return <UsersView />;
    case 'user':
      return <UserPage key={route.user} user={route.user} />;
    case 'ip':
      return <IpPage key={route.ip} ip={route.ip} />;
    case 'findings':
      return <FindingsView />;
    case 'finding':
      return <FindingPage key={route.id} id={route.id} />;
    case 'warnings':
      return <WarningsView />;
    case 'case':
      return <CaseView />;
    default:
      return <TimelineView />;
  }
}

const TABS: { view: Route['view']; label: string }[] = [
  { view: 'timeline', label: 'Timeline' },
  { view: 'findings', label: 'Findings' },
  { view: 'users', label: 'Users' },
  { view: 'warnings', label: 'Warnings' },
  { view: 'case', label: 'Case' },
];

function Tabs({ route, warnings }: { route: Route; warnings: number }) {
  return (
    <nav className="tabs" aria-label="views">
      {TABS.map((t) => (
        <button key={t.view} type="button"
          className={route.view === t.view ? 'tab active' : 'tab'}
          data-testid={`tab-${t.view}`}
          onClick={() => navigate({ view: t.view } as Route)}>
          {t.label}
          {t.view === 'warnings' && warnings > 0 && (
            <span className="badge">{warnings}</span>
          )}
        </button>
      ))}
      <Crumb route={route} />
    </nav>
  );
}

function ZoneSwitch(p: {
  zone: string;
  caseZone: string;
  onCaseZone(v: boolean): void;
}) {
  return (
    <div className="zone-switch" role="group" aria-label="time zone">
      <span className="muted">Times in</span>
      <button type="button" className={p.zone === 'UTC' ? 'on' : ''}
        data-testid="zone-utc" onClick={() => p.onCaseZone(false)}>UTC</button>
      {p.caseZone !== 'UTC' && (
        <button type="button" className={p.zone !== 'UTC' ? 'on' : ''}
          data-testid="zone-case" onClick={() => p.onCaseZone(true)}>
          {p.caseZone} (case)
        </button>
      )}
    </div>
  );
}

function Crumb({ route }: { route: Route }) {
  const shown = route.view === 'user' ? ['User', route.user]
    : route.view === 'ip' ? ['IP', route.ip]
      : route.view === 'finding' ? ['Finding', String(route.id)]
        : null;
  if (!shown) return null;
  return (
    <span className="tab active crumb">
      {shown[0]}: <SafeText value={shown[1]} />
    </span>
  );
}

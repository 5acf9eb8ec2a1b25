/**
 * The report as one self-contained HTML page. Every value is escaped by
 * the `html` template tag, invisible characters are made visible, and a
 * strict Content Security Policy forbids scripts, loads and forms.
 */
import { createHash } from 'node:crypto';
import type { CustodyEntry } from '../case/custody.js';
import { canonicalJson } from '../util/canonical-json.js';
import type { BundleEvidence } from './evidence-items.js';
import {
  position,
  type EvidenceRow,
  type ReportFinding,
  type ReportModel,
  type UserSummary,
} from './report-model.js';
import { groupedFingerprint } from './signing-key.js';
import { htmlText } from './text-safety.js';
import { verifySteps } from './verify-steps.js';

/** Markup that is already safe; only the `html` tag makes it. */
class SafeHtml {
  constructor(readonly markup: string) {}
}

/** Builds markup; every interpolated value is escaped unless SafeHtml. */
function html(parts: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = parts[0];
  values.forEach((v, i) => {
    out += render(v) + parts[i + 1];
  });
  return new SafeHtml(out);
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.markup;
  if (Array.isArray(v)) return v.map(render).join('');
  return htmlText(v);
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;
color:#111;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #999;
margin-top:2em}h3{margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}
th,td{border:1px solid #ccc;padding:.25em .4em;text-align:left;
vertical-align:top}th{background:#eee}
code,pre{font:12px/1.4 ui-monospace,monospace;overflow-wrap:anywhere;
white-space:pre-wrap}pre{background:#f4f4f4;padding:.5em;margin:.3em 0}
.sev-critical,.sev-high{color:#a00;font-weight:bold}.muted{color:#555}
td.num{text-align:right}
`;

/** The CSP allows only the one inline style sheet, by its hash. */
function contentSecurityPolicy(): string {
  const hash = createHash('sha256').update(STYLE).digest('base64');
  return (
    `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; ` +
    "script-src 'none'; base-uri 'none'; form-action 'none'"
  );
}

/** Renders the report as a complete HTML document. */
export function renderReportHtml(m: ReportModel): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${new SafeHtml(contentSecurityPolicy())}">
<meta name="referrer" content="no-referrer">
<title>Evidence bundle: case ${m.info.caseNumber}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<h1>Evidence bundle: case ${m.info.caseNumber}</h1>
<p class="muted">${m.info.title}</p>
${summary(m)}
${scope(m)}
${evidenceTable(m.evidence)}
${findings(m.findings)}
${users(m)}
${custody(m.custody)}
${geo(m)}
${verify(m)}
<p class="muted">Produced by ${m.tool} at ${m.exportedAt}.</p>
</body>
</html>
`;
  return page.markup;
}

function summary(m: ReportModel): SafeHtml {
  const rows: [string, unknown][] = [
    ['Case number', m.info.caseNumber],
    ['Title', m.info.title],
    ['Case examiner', m.info.examiner],
    ['Exported by', m.exportedBy],
    ['Exported at (UTC)', m.exportedAt],
    ['Tool', m.tool],
    ['Operation catalog', m.info.catalogVersion ?? 'none'],
    ['Events', m.counts.events],
    ['First event (UTC)', m.span.first ?? '-'],
    ['Last event (UTC)', m.span.last ?? '-'],
    ['Evidence files', m.counts.evidence],
    ['Users', m.counts.users],
    ['Findings', m.counts.findings],
    ['Bookmarks, tags, notes', annotationCounts(m)],
    ['Signer key fingerprint', groupedFingerprint(m.fingerprint)],
  ];
  return html`<h2>Summary</h2>
<table>${rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</table>`;
}

function annotationCounts(m: ReportModel): string {
  const c = m.counts;
  return `${c.bookmarks ?? 0}, ${c.tags ?? 0}, ${c.notes ?? 0}`;
}

function scope(m: ReportModel): SafeHtml {
  return html`<h2>Scope</h2>
<ul>${m.scope.map((line) => html`<li>${line}</li>`)}</ul>`;
}

function evidenceTable(items: readonly BundleEvidence[]): SafeHtml {
  const rows = items.map(
    (e) => html`<tr><td>${e.exhibitNumber}</td><td>${e.originalName}</td>
<td><code>${e.sha256}</code></td><td class="num">${e.size}</td>
<td>${e.format}, ${e.encoding}</td><td>${e.importedAt}</td>
<td>${e.examiner}</td><td>${e.importerVersion}</td></tr>`,
  );
  return html`<h2>Evidence files</h2>
<p>Each file is in the bundle byte-exact as <code>evidence/&lt;SHA-256&gt;</code>;
<code>evidence/index.json</code> maps it to its original name.</p>
<table><tr><th>Exhibit</th><th>Original name</th><th>SHA-256</th>
<th>Bytes</th><th>Format</th><th>Imported (UTC)</th><th>By</th>
<th>Importer</th></tr>${rows}</table>`;
}

function findings(list: readonly ReportFinding[]): SafeHtml {
  if (list.length === 0) {
    return html`<h2>Findings</h2><p>No findings in scope.</p>`;
  }
  return html`<h2>Findings</h2>${list.map(finding)}`;
}

function finding(f: ReportFinding): SafeHtml {
  const more = f.eventIds.length - f.rows.length;
  return html`<h3>Finding ${f.id}: ${f.title}</h3>
<table>
<tr><th>Severity</th><td class="sev-${f.severity}">${f.severity}</td>
<th>Status</th><td>${f.status}</td></tr>
<tr><th>Rule</th><td>${f.ruleId}</td><th>Technique</th><td>${f.technique}</td></tr>
<tr><th>User</th><td>${f.actor ?? '-'}</td><th>Events</th>
<td>${f.eventCount} (${f.eventsOutsideScope} outside the scope)</td></tr>
<tr><th>First (UTC)</th><td>${f.firstTime}</td><th>Last (UTC)</th>
<td>${f.lastTime}</td></tr>
</table>
<p>${f.explanation}</p>
${f.reviewNote ? html`<p><strong>Review note:</strong> ${f.reviewNote}</p>` : ''}
${evidenceRows(f.rows)}
${more > 0 ? html`<p class="muted">${more} more events of this finding are in events/events.csv.</p>` : ''}`;
}

function evidenceRows(rows: readonly EvidenceRow[]): SafeHtml {
  const body = rows.map(
    (r) => html`<tr><td>${r.eventId}</td><td>${r.time}</td>
<td>${r.operation}</td><td>${r.result}</td><td>${r.user ?? ''}</td>
<td>${r.ip ?? ''}</td><td>${r.country ?? ''}</td><td>${r.exhibit}</td>
<td>${position(r)}</td><td><code>${r.sha256.slice(0, 16)}…</code></td></tr>`,
  );
  return html`<table><tr><th>Event</th><th>Time (UTC)</th><th>Operation</th>
<th>Result</th><th>User</th><th>IP</th><th>Country</th><th>Exhibit</th>
<th>Position</th><th>Evidence SHA-256</th></tr>${body}</table>`;
}

function users(m: ReportModel): SafeHtml {
  const rows = m.users.map((u: UserSummary) => html`<tr>
<td>${u.user ?? '(no user)'}</td><td class="num">${u.events}</td>
<td class="num">${u.failures}</td><td>${u.first}</td><td>${u.last}</td>
<td class="num">${u.ips}</td><td>${u.countries.join(', ')}</td>
<td class="num">${u.findings}</td></tr>`);
  const omitted = m.usersOmitted > 0
    ? html`<p class="muted">${m.usersOmitted} less active users are not listed; events.csv has them all.</p>`
    : '';
  return html`<h2>Users in scope</h2>
<table><tr><th>User</th><th>Events</th><th>Failures</th>
<th>First (UTC)</th><th>Last (UTC)</th><th>IPs</th><th>Countries</th>
<th>Findings</th></tr>${rows}</table>${omitted}`;
}

function custody(entries: readonly CustodyEntry[]): SafeHtml {
  const rows = entries.map((e) => html`<tr><td class="num">${e.seq}</td>
<td>${e.at}</td><td>${e.examiner}</td><td>${e.action}</td>
<td><code>${canonicalJson(e.details)}</code></td>
<td><code>${e.hash}</code></td></tr>`);
  return html`<h2>Custody log</h2>
<p>The hash chain of everything done to the case, up to this export
(custody.jsonl holds the same entries).</p>
<table><tr><th>#</th><th>At (UTC)</th><th>Examiner</th><th>Action</th>
<th>Details</th><th>Hash</th></tr>${rows}</table>`;
}

function geo(m: ReportModel): SafeHtml {
  const rows = m.geo.map((g) => html`<tr><td>${g.city.name}</td>
<td>${g.city.buildDate}</td><td>${g.asn.name}</td><td>${g.asn.buildDate}</td></tr>`);
  return html`<h2>GeoIP databases</h2>
<table><tr><th>City database</th><th>Built</th><th>ASN database</th>
<th>Built</th></tr>${rows}</table>
<p class="muted">${m.geoCredit}</p>`;
}

function verify(m: ReportModel): SafeHtml {
  const steps = verifySteps(m.fingerprint).map(
    (s) => html`<h3>${s.title}</h3><p>${s.text}</p>
${s.commands.map((c) => html`<pre>${c}</pre>`)}`,
  );
  return html`<h2>How to verify this bundle</h2>${steps}`;
}

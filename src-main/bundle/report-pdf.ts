/**
 * The report as PDF, drawn with the PDF base fonts. Text the fonts cannot
 * draw, and every invisible or reordering character, appears as
 * `[U+XXXX]`; the HTML report shows the full Unicode text.
 */
import PDFDocument from 'pdfkit';
import { canonicalJson } from '../util/canonical-json.js';
import {
  position,
  type ReportFinding,
  type ReportModel,
} from './report-model.js';
import { groupedFingerprint } from './signing-key.js';
import { pdfText } from './text-safety.js';
import { verifySteps } from './verify-steps.js';

/** Longest custody details shown in the PDF; custody.jsonl has all. */
const DETAILS_SHOWN = 600;

/** A PDF document with the report's drawing helpers. */
class ReportPdf {
  readonly doc: PDFDocument;

  constructor(m: ReportModel) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 48,
      bufferPages: true,
      info: {
        Title: pdfText(`Evidence bundle: case ${m.info.caseNumber}`),
        Author: pdfText(m.exportedBy),
        Creator: m.tool,
        Producer: m.tool,
        CreationDate: new Date(m.exportedAt),
      },
    });
  }

  heading(text: string, size = 14): void {
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size);
    this.doc.fillColor('#000').text(pdfText(text)).moveDown(0.2);
  }

  para(text: unknown, size = 9.5): void {
    this.doc.font('Helvetica').fontSize(size).fillColor('#000');
    this.doc.text(pdfText(text)).moveDown(0.3);
  }

  field(label: string, value: unknown): void {
    this.doc.font('Helvetica-Bold').fontSize(9.5).fillColor('#000');
    this.doc.text(`${label}: `, { continued: true });
    this.doc.font('Helvetica').text(pdfText(value));
  }

  mono(text: unknown, size = 7.5): void {
    this.doc.font('Courier').fontSize(size).fillColor('#222');
    this.doc.text(pdfText(text));
  }

  numberPages(caseNumber: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const { margins, height } = this.doc.page;
      const bottom = margins.bottom;
      margins.bottom = 0;
      this.doc.font('Helvetica').fontSize(8).fillColor('#555');
      this.doc.text(
        pdfText(`Case ${caseNumber} - page ${i + 1} of ${range.count}`),
        margins.left,
        height - bottom / 2,
      );
      margins.bottom = bottom;
    }
  }
}

/** Renders the report as PDF bytes. */
export async function renderReportPdf(m: ReportModel): Promise<Buffer> {
  const pdf = new ReportPdf(m);
  const chunks: Buffer[] = [];
  pdf.doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.doc.on('end', resolve);
    pdf.doc.on('error', reject);
  });
  drawReport(pdf, m);
  pdf.numberPages(m.info.caseNumber);
  pdf.doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function drawReport(pdf: ReportPdf, m: ReportModel): void {
  pdf.doc.font('Helvetica-Bold').fontSize(18);
  pdf.doc.text(pdfText(`Evidence bundle: case ${m.info.caseNumber}`));
  pdf.para(m.info.title, 11);
  drawSummary(pdf, m);
  drawFindings(pdf, m.findings);
  drawEvidence(pdf, m);
  drawUsers(pdf, m);
  drawCustody(pdf, m);
  drawVerify(pdf, m);
}

function drawSummary(pdf: ReportPdf, m: ReportModel): void {
  pdf.heading('Summary');
  pdf.field('Case examiner', m.info.examiner);
  pdf.field('Exported by', `${m.exportedBy}, ${m.exportedAt} (UTC)`);
  pdf.field('Tool', m.tool);
  pdf.field('Operation catalog', m.info.catalogVersion ?? 'none');
  pdf.field(
    'Events',
    `${m.counts.events} from ${m.span.first ?? '-'} to ${m.span.last ?? '-'}`,
  );
  pdf.field('Evidence files', m.counts.evidence);
  pdf.field('Users', m.counts.users);
  pdf.field('Findings', m.counts.findings);
  pdf.field('Signer key fingerprint', groupedFingerprint(m.fingerprint));
  pdf.heading('Scope', 12);
  for (const line of m.scope) pdf.para(`- ${line}`);
}

function drawFindings(pdf: ReportPdf, list: readonly ReportFinding[]): void {
  pdf.heading('Findings');
  if (list.length === 0) pdf.para('No findings in scope.');
  for (const f of list) drawFinding(pdf, f);
}

function drawFinding(pdf: ReportPdf, f: ReportFinding): void {
  pdf.heading(`Finding ${f.id}: ${f.title}`, 11);
  pdf.field('Severity', `${f.severity} (status: ${f.status})`);
  pdf.field('Rule', `${f.ruleId}, technique ${f.technique}`);
  pdf.field('User', f.actor ?? '-');
  pdf.field('Time (UTC)', `${f.firstTime} to ${f.lastTime}`);
  pdf.field(
    'Events',
    `${f.eventCount} (${f.eventsOutsideScope} outside the scope)`,
  );
  pdf.para(f.explanation);
  if (f.reviewNote) pdf.para(`Review note: ${f.reviewNote}`);
  pdf.mono('event  time (UTC)                operation / result / user / ip');
  for (const r of f.rows) {
    pdf.mono(
      `${String(r.eventId).padEnd(6)} ${r.time}  ${r.operation} / ` +
        `${r.result} / ${r.user ?? '-'} / ${r.ip ?? '-'} ${r.country ?? ''}` +
        `\n       ${r.exhibit} ${position(r)} sha256 ${r.sha256}`,
    );
  }
  const more = f.eventIds.length - f.rows.length;
  if (more > 0) pdf.para(`${more} more events are in events/events.csv.`);
}

function drawEvidence(pdf: ReportPdf, m: ReportModel): void {
  pdf.heading('Evidence files');
  for (const e of m.evidence) {
    pdf.field(e.exhibitNumber, `${e.originalName} (${e.size} bytes)`);
    pdf.mono(
      `sha256 ${e.sha256}\n${e.format}, ${e.encoding}; imported ` +
        `${e.importedAt} by ${e.examiner}, importer ${e.importerVersion}`,
    );
  }
}

function drawUsers(pdf: ReportPdf, m: ReportModel): void {
  pdf.heading('Users in scope');
  for (const u of m.users) {
    pdf.mono(
      `${u.user ?? '(no user)'}: ${u.events} events, ${u.failures} ` +
        `failed, ${u.ips} IPs, countries ${u.countries.join(' ') || '-'}, ` +
        `${u.findings} findings; ${u.first} to ${u.last}`,
    );
  }
  if (m.usersOmitted > 0) {
    pdf.para(`${m.usersOmitted} less active users are in events.csv.`);
  }
}

function drawCustody(pdf: ReportPdf, m: ReportModel): void {
  pdf.heading('Custody log');
  for (const e of m.custody) {
    const details = canonicalJson(e.details);
    const shown = details.length > DETAILS_SHOWN
      ? `${details.slice(0, DETAILS_SHOWN)}... (in full in custody.jsonl)`
      : details;
    pdf.mono(
      `#${e.seq} ${e.at} ${e.examiner} ${e.action}\n` +
        `  hash ${e.hash}\n  ${shown}`,
    );
    pdf.doc.moveDown(0.2);
  }
  pdf.heading('GeoIP databases', 12);
  for (const g of m.geo) {
    pdf.para(
      `${g.city.name} (built ${g.city.buildDate}); ` +
        `${g.asn.name} (built ${g.asn.buildDate})`,
    );
  }
  pdf.para(m.geoCredit, 8);
}

function drawVerify(pdf: ReportPdf, m: ReportModel): void {
  pdf.heading('How to verify this bundle');
  for (const step of verifySteps(m.fingerprint)) {
    pdf.heading(step.title, 10.5);
    pdf.para(step.text);
    for (const c of step.commands) pdf.mono(c, 8);
  }
}

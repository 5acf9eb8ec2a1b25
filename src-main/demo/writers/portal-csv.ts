/**
 * The Entra admin center "Download CSV" of interactive sign-ins: 57
 * columns with the portal's own spellings (two names end in a blank,
 * one has a double blank, "Incoming token type" appears twice).
 */
import { join } from 'node:path';
import { MICROSOFT_TENANT } from '../apps.js';
import type { DemoFile } from '../manifest.js';
import type { OutRecord, Wire } from '../records.js';
import { csvField } from './csv.js';
import { FileSink } from './sink.js';
import { FileStats, type ExportWriter } from './writer.js';

/** The 57 column names of the portal's interactive sign-ins CSV. */
export const PORTAL_COLUMNS = [
  'Date (UTC)', 'Request ID', 'User agent', 'Correlation ID', 'User ID',
  'User', 'Username', 'User type', 'Cross tenant access type',
  'Incoming token type', 'Authentication Protocol',
  'Unique token identifier', 'Original transfer method',
  'Client credential type', 'Token Protection - Sign In Session',
  'Token Protection - Sign In Session StatusCode', 'Application',
  'Application ID ', 'App owner tenant ID', 'Resource', 'Resource ID ',
  'Resource tenant ID', 'Resource owner tenant ID', 'Home tenant ID',
  'Home tenant name', 'IP address', 'Location', 'Status',
  'Sign-in error code', 'Failure reason', 'Client app', 'Device ID',
  'Browser', 'Operating System', 'Compliant', 'Managed', 'Join Type',
  'Multifactor authentication result',
  'Multifactor authentication auth method',
  'Multifactor authentication auth detail', 'Authentication requirement',
  'Sign-in identifier', 'Session ID', 'IP address (seen by resource)',
  'Through Global Secure Access', 'Global Secure Access IP address',
  'Autonomous system  number', 'Flagged for review', 'Token issuer type',
  'Incoming token type', 'Token issuer name', 'Latency',
  'Conditional Access', 'Managed Identity type', 'Associated Resource Id',
  'Federated Token Id', 'Federated Token Issuer',
] as const;

const TOKEN_TYPE: Record<string, string> = {
  none: 'None',
  primaryRefreshToken: 'Primary Refresh Token',
};

const JOIN_TYPE: Record<string, string> = {
  'Azure AD joined': 'Microsoft Entra joined',
  'Azure AD registered': 'Microsoft Entra registered',
};

const CA_TEXT: Record<string, string> = {
  success: 'Success',
  failure: 'Failure',
  notApplied: 'Not Applied',
};

function yesNo(v: unknown): string {
  return v === true ? 'Yes' : 'No';
}

function statusText(code: number): string {
  if (code === 0) return 'Success';
  return code === 50074 || code === 50140 ? 'Interrupted' : 'Failure';
}

function location(w: Wire): string {
  const l = w.location as Wire;
  return `${l.city}, ${l.state}, ${l.countryOrRegion}`;
}

function mfaColumns(w: Wire): [string, string, string] {
  const steps = w.authenticationDetails as Wire[];
  const mfa = steps.find((s) =>
    s.authenticationStepRequirement === 'Multi-factor authentication');
  if (mfa) {
    return [String(mfa.authenticationStepResultDetail),
      String(mfa.authenticationMethod), ''];
  }
  const status = w.status as Wire;
  if (status.additionalDetails) {
    return [String(status.additionalDetails), 'Previously satisfied', ''];
  }
  return ['', '', ''];
}

function authRequirement(w: Wire): string {
  return w.authenticationRequirement === 'multiFactorAuthentication'
    ? 'Multifactor authentication' : 'Single-factor authentication';
}

/** Maps a Graph signIn object onto the 57 portal columns. */
export function portalRow(w: Wire): string[] {
  const status = w.status as Wire;
  const device = w.deviceDetail as Wire;
  const token = TOKEN_TYPE[String(w.incomingTokenType)] ?? 'None';
  const code = Number(status.errorCode);
  const [mfaResult, mfaMethod, mfaDetail] = mfaColumns(w);
  return [
    String(w.createdDateTime), String(w.id), String(w.userAgent),
    String(w.correlationId), String(w.userId), String(w.userDisplayName),
    String(w.userPrincipalName), 'Member', 'None', token, 'None',
    String(w.uniqueTokenIdentifier), 'None', 'None', 'Unbound', '',
    String(w.appDisplayName), String(w.appId), MICROSOFT_TENANT,
    String(w.resourceDisplayName), String(w.resourceId),
    String(w.resourceTenantId), MICROSOFT_TENANT, String(w.homeTenantId), '',
    String(w.ipAddress), location(w), statusText(code),
    code === 0 ? '' : String(code), code === 0 ? '' : String(status.failureReason),
    String(w.clientAppUsed), String(device.deviceId), String(device.browser),
    String(device.operatingSystem), yesNo(device.isCompliant),
    yesNo(device.isManaged), JOIN_TYPE[String(device.trustType)] ?? '',
    mfaResult, mfaMethod, mfaDetail, authRequirement(w),
    String(w.signInIdentifier), String(w.sessionId), '', 'No', '',
    String(w.autonomousSystemNumber), 'No', 'AzureAD', token, '',
    String(w.processingTimeInMilliseconds),
    CA_TEXT[String(w.conditionalAccessStatus)] ?? 'Not Applied',
    '', '', '', '',
  ];
}

/** Writes interactive sign-ins as the portal's CSV download. */
export class PortalCsvWriter implements ExportWriter {
  private readonly sink: FileSink;
  private readonly stats = new FileStats();

  constructor(dir: string, readonly name: string) {
    this.sink = new FileSink(join(dir, name));
    const header = PORTAL_COLUMNS.map(csvField).join(',');
    this.sink.write(`\uFEFF${header}\r\n`);
  }

  add(rec: OutRecord): Promise<void> | undefined {
    this.stats.see(rec.t);
    const row = portalRow(rec.body).map(csvField).join(',');
    return this.sink.write(`${row}\r\n`);
  }

  close(): Promise<DemoFile> {
    return this.stats.finish(this.name, 'entra-signin-csv', this.sink);
  }
}

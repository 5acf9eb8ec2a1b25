/**
 * Entra ID sign-ins: one specification rendered three ways, as the
 * Graph beta signIn resource, as the UAL logon record (RecordType 15)
 * and, through the portal writer, as a row of the portal CSV download.
 */
import { APPS, type App } from './apps.js';
import { graphTime, ualTime } from './clock.js';
import type { IpInfo } from './ip-plan.js';
import type { Wire } from './records.js';
import type { Company, Person } from './scenario.js';
import { ualHead } from './ual.js';

/** The device a sign-in came from, as Entra records it. */
export interface SignInDevice {
  id: string;
  name: string;
  os: string;
  browser: string;
  compliant: boolean;
  managed: boolean;
  /** "Azure AD joined", "Azure AD registered" or "". */
  trust: string;
}

/** How the user proved who they were. */
export type AuthKind = 'password' | 'password+mfa' | 'token' | 'prt';

/** Identity Protection's view of a sign-in. */
export interface Risk {
  level: 'none' | 'low' | 'medium' | 'high';
  state: 'none' | 'atRisk';
  events: string[];
}

/** Everything that makes one sign-in. */
export interface SignInSpec {
  t: number;
  id: string;
  correlationId: string;
  person: Person;
  ip: IpInfo;
  app: App;
  resource: App;
  interactive: boolean;
  clientApp: 'Browser' | 'Mobile Apps and Desktop clients';
  ua: string;
  device: SignInDevice;
  errorCode: number;
  auth: AuthKind;
  mfaRequired: boolean;
  trustedLocation: string | null;
  sessionId: string;
  tokenId: string;
  risk: Risk;
  /** Minutes the UAL copy lags; the UAL record is t + ualLagMs. */
  ualLagMs: number;
  processingMs: number;
  requestType: string;
}

/** Failure reason text of the error codes the scenario uses. */
export const FAILURE: Record<number, string> = {
  0: 'Other.',
  50126: 'Error validating credentials due to invalid username or ' +
    'password.',
  50074: 'Strong Authentication is required.',
  50140: "This error occurred due to 'Keep me signed in' interrupt when " +
    'the user was signing in.',
  50057: 'The user account is disabled.',
};

/** The UAL LogonError tag of the error codes the scenario uses. */
export const LOGON_ERROR: Record<number, string> = {
  50126: 'InvalidUserNameOrPassword',
  50074: 'UserStrongAuthClientAuthNRequiredInterrupt',
  50140: 'KmsiInterrupt',
  50057: 'UserDisabled',
};

/** No risk detected. */
export const NO_RISK: Risk = { level: 'none', state: 'none', events: [] };

const MFA_POLICY = 'NWF - Require MFA outside trusted locations';
const LEGACY_POLICY = 'NWF - Block legacy authentication';

function mfaSatisfied(s: SignInSpec): boolean {
  return s.errorCode === 0 && s.mfaRequired;
}

function additionalDetails(s: SignInSpec): string | null {
  if (s.errorCode !== 0) return null;
  if (!s.mfaRequired) return null;
  return s.auth === 'password+mfa'
    ? 'MFA completed in Azure AD'
    : 'MFA requirement satisfied by claim in the token';
}

function caStatus(s: SignInSpec): string {
  if (s.errorCode !== 0) return 'notApplied';
  return s.mfaRequired ? 'success' : 'notApplied';
}

/** Conditional Access policies as the sign-in lists them. */
export function caPolicies(s: SignInSpec, ids: [string, string]): Wire[] {
  return [
    {
      id: ids[0],
      displayName: MFA_POLICY,
      enforcedGrantControls: ['Mfa'],
      enforcedSessionControls: [],
      result: mfaSatisfied(s) ? 'success' : 'notApplied',
    },
    {
      id: ids[1],
      displayName: LEGACY_POLICY,
      enforcedGrantControls: ['Block'],
      enforcedSessionControls: [],
      result: 'notApplied',
    },
  ];
}

function step(
  t: number,
  method: string,
  ok: boolean,
  detail: string,
  requirement: string,
): Wire {
  return {
    authenticationStepDateTime: graphTime(t),
    authenticationMethod: method,
    authenticationMethodDetail: method === 'Password'
      ? 'Password in the cloud' : null,
    succeeded: ok,
    authenticationStepResultDetail: detail,
    authenticationStepRequirement: requirement,
  };
}

/** The authenticationDetails steps of a sign-in. */
export function authSteps(s: SignInSpec): Wire[] {
  const t = s.t;
  const primary = 'Primary authentication';
  if (s.errorCode === 50126) {
    return [step(t, 'Password', false, 'Invalid username or password or ' +
      'Invalid on-premise username or password.', primary)];
  }
  if (s.auth === 'prt' || s.auth === 'token') {
    const what = s.mfaRequired ? 'MFA' : 'First factor';
    return [step(t, 'Previously satisfied', true,
      `${what} requirement satisfied by claim in the token`, primary)];
  }
  const out = [step(t - 9000, 'Password', true, 'Correct password', primary)];
  if (s.auth === 'password+mfa') {
    const ok = s.errorCode !== 50074;
    out.push(step(t, 'Mobile app notification', ok,
      ok ? 'MFA successfully completed' : 'MFA required in Azure AD',
      'Multi-factor authentication'));
  }
  return out;
}

function methodsUsed(s: SignInSpec): string[] {
  if (s.auth === 'password') return ['Password'];
  if (s.auth === 'password+mfa') return ['Password', 'Mobile app notification'];
  return [];
}

function mfaDetail(s: SignInSpec): Wire | null {
  if (s.auth !== 'password+mfa' || s.errorCode !== 0) return null;
  return { authMethod: 'Mobile app notification', authDetail: null };
}

function locationOf(ip: IpInfo): Wire {
  return {
    city: ip.place.city,
    state: ip.place.state,
    countryOrRegion: ip.place.country,
    geoCoordinates: {
      altitude: null,
      latitude: ip.place.lat,
      longitude: ip.place.lon,
    },
  };
}

function deviceOf(d: SignInDevice): Wire {
  return {
    deviceId: d.id,
    displayName: d.name,
    operatingSystem: d.os,
    browser: d.browser,
    isCompliant: d.compliant,
    isManaged: d.managed,
    trustType: d.trust,
  };
}

function identity(c: Company, s: SignInSpec): Wire {
  return {
    id: s.id,
    createdDateTime: graphTime(s.t),
    userDisplayName: s.person.displayName,
    userPrincipalName: s.person.upn,
    userId: s.person.objectId,
    appId: s.app.id,
    appDisplayName: s.app.name,
    ipAddress: s.ip.ip,
    ipAddressFromResourceProvider: null,
    clientAppUsed: s.clientApp,
    userAgent: s.ua,
    correlationId: s.correlationId,
    conditionalAccessStatus: caStatus(s),
    originalRequestId: s.id,
    isInteractive: s.interactive,
    tokenIssuerName: '',
    tokenIssuerType: 'AzureAD',
    clientCredentialType: 'none',
    processingTimeInMilliseconds: s.processingMs,
    homeTenantId: c.tenantId,
    resourceTenantId: c.tenantId,
  };
}

function riskFields(s: SignInSpec): Wire {
  return {
    riskDetail: 'none',
    riskLevelAggregated: s.risk.level,
    riskLevelDuringSignIn: s.risk.level,
    riskState: s.risk.state,
    riskEventTypes: s.risk.events,
    riskEventTypes_v2: s.risk.events,
  };
}

function tokenFields(s: SignInSpec): Wire {
  return {
    resourceDisplayName: s.resource.name,
    resourceId: s.resource.id,
    authenticationMethodsUsed: methodsUsed(s),
    authenticationRequirement: s.mfaRequired
      ? 'multiFactorAuthentication' : 'singleFactorAuthentication',
    signInIdentifier: s.interactive ? s.person.upn : '',
    signInIdentifierType: s.interactive ? 'userPrincipalName' : null,
    signInEventTypes: [s.interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    servicePrincipalId: '',
    userType: 'member',
    flaggedForReview: false,
    isTenantRestricted: false,
    autonomousSystemNumber: s.ip.asn,
    crossTenantAccessType: 'none',
    uniqueTokenIdentifier: s.tokenId,
    incomingTokenType: s.auth === 'prt' ? 'primaryRefreshToken' : 'none',
    authenticationProtocol: 'none',
    sessionId: s.sessionId,
    mfaDetail: mfaDetail(s),
  };
}

/** The Graph beta signIn resource for a specification. */
export function signInResource(
  c: Company,
  s: SignInSpec,
  policyIds: [string, string],
): Wire {
  return {
    ...identity(c, s),
    ...riskFields(s),
    ...tokenFields(s),
    status: {
      errorCode: s.errorCode,
      failureReason: FAILURE[s.errorCode] ?? 'Other.',
      additionalDetails: additionalDetails(s),
    },
    deviceDetail: deviceOf(s.device),
    location: locationOf(s.ip),
    appliedConditionalAccessPolicies: caPolicies(s, policyIds),
    authenticationProcessingDetails: [
      { key: 'Legacy TLS (TLS 1.0, 1.1, 3DES)', value: 'False' },
      { key: 'Is CAE Token', value: 'False' },
    ],
    networkLocationDetails: s.trustedLocation
      ? [{ networkType: 'trustedNamedLocation',
        networkNames: [s.trustedLocation] }]
      : [],
    authenticationDetails: authSteps(s),
  };
}

function extended(s: SignInSpec): Wire[] {
  const detail = s.errorCode === 0 ? 'Redirect' : 'UserError';
  return [
    { Name: 'ResultStatusDetail', Value: detail },
    { Name: 'UserAgent', Value: s.ua },
    { Name: 'UserAuthenticationMethod', Value: '1' },
    { Name: 'RequestType', Value: s.requestType },
  ];
}

function deviceProperties(s: SignInSpec): Wire[] {
  const d = s.device;
  const out: Wire[] = [];
  if (d.id) out.push({ Name: 'Id', Value: d.id });
  if (d.name) out.push({ Name: 'DisplayName', Value: d.name });
  out.push({ Name: 'OS', Value: d.os || 'Other' });
  out.push({ Name: 'BrowserType', Value: d.browser.split(' ')[0] || 'Other' });
  if (d.id) out.push({ Name: 'IsCompliant', Value: d.compliant ? 'True' : 'False' });
  out.push({ Name: 'SessionId', Value: s.sessionId });
  return out;
}

/** The unified audit log copy of a sign-in (UserLoggedIn or Failed). */
export function logonRecord(c: Company, s: SignInSpec, id: string): Wire {
  const ok = s.errorCode === 0;
  const w = ualHead(c, {
    t: s.t + s.ualLagMs, id, recordType: 15,
    operation: ok ? 'UserLoggedIn' : 'UserLoginFailed',
    workload: 'AzureActiveDirectory', resultStatus: 'Success',
    userKey: s.person.objectId, userType: 0, userId: s.person.upn,
    clientIp: s.ip.ip, objectId: s.resource.id,
  });
  w.AzureActiveDirectoryEventType = 1;
  w.ExtendedProperties = extended(s);
  w.ModifiedProperties = [];
  w.Actor = [
    { ID: s.person.objectId, Type: 0 },
    { ID: s.person.upn, Type: 5 },
  ];
  w.ActorContextId = c.tenantId;
  w.ActorIpAddress = s.ip.ip;
  w.InterSystemsId = s.correlationId;
  w.IntraSystemId = s.id;
  w.SupportTicketId = '';
  w.Target = [{ ID: s.resource.id, Type: 0 }];
  w.TargetContextId = c.tenantId;
  w.ApplicationId = s.app.id;
  w.DeviceProperties = deviceProperties(s);
  w.ErrorNumber = String(s.errorCode);
  if (!ok) w.LogonError = LOGON_ERROR[s.errorCode] ?? 'Other';
  return w;
}

/** The resource an app signs in to, for background sign-ins. */
export function resourceFor(app: App): App {
  if (app.id === APPS.officeHome.id) return APPS.shellServer;
  if (app.id === APPS.teams.id) return APPS.teamsServices;
  if (app.id === APPS.oneDriveSync.id) return APPS.sharePoint;
  if (app.id === APPS.azurePortal.id) return APPS.azureMgmt;
  if (app.id === APPS.mySignins.id) return APPS.graph;
  return APPS.exchange;
}

/** UAL time spelling of a sign-in's copy, for facts. */
export function logonTime(s: SignInSpec): string {
  return ualTime(s.t + s.ualLagMs);
}

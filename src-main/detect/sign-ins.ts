/**
 * Sign-ins across the three log families: Entra `SignIn`, UAL
 * `UserLoggedIn`/`UserLoginFailed`, Google `login_success`/`login_failure`
 * (login and SAML applications), and how their outcomes read.
 */
import type { Ev } from './event-scan.js';

/** Operations that record a sign-in attempt. */
export const SIGN_IN_OPERATIONS = [
  'SignIn',
  'UserLoggedIn',
  'UserLoginFailed',
  'login_success',
  'login_failure',
] as const;

/** Operations that record a successful sign-in. */
export const SUCCESS_OPERATIONS = ['SignIn', 'UserLoggedIn', 'login_success'];

/** Operations that record a failed sign-in. */
export const FAILURE_OPERATIONS = [
  'SignIn',
  'UserLoginFailed',
  'login_failure',
];

/**
 * Entra codes that interrupt a sign-in rather than refuse it: MFA or
 * registration required, keep-me-signed-in, device or consent prompts.
 */
const INTERRUPTS = new Set([
  '50058', '50072', '50074', '50076', '50079', '50097', '50125',
  '50140', '50158', '50199', '53000', '53001', '53002', '53003', '65001',
  '81010', '81012', '16000', '16001', '16003', '700082',
  'UserStrongAuthClientAuthNRequired', 'UserStrongAuthEnrollmentRequired',
  'KmsiInterrupt', 'DeviceAuthenticationRequired',
]);

/**
 * Codes that say the password (or the account name) was wrong. A
 * disabled account (50057) is left out: a leaver's phone retrying is
 * not guessing.
 */
const CREDENTIAL_FAILURES = new Set([
  '50126', '50034', '50053', '50055', '50056', '50064',
  'InvalidUserNameOrPassword', 'IdsLocked', 'UserAccountNotFound',
  'InvalidPasswordExpiredPassword',
]);

/** True for a successful sign-in. */
export function isSuccess(e: Pick<Ev, 'operation' | 'result'>): boolean {
  return e.result === 'success' && SUCCESS_OPERATIONS.includes(e.operation);
}

/** True for a refused sign-in (interrupts such as MFA prompts excluded). */
export function isFailure(e: Ev): boolean {
  if (e.result !== 'failure') return false;
  if (!FAILURE_OPERATIONS.includes(e.operation)) return false;
  return e.result_code === null || !INTERRUPTS.has(e.result_code);
}

/** True for a failure caused by a wrong password or account name. */
export function isCredentialFailure(e: Ev): boolean {
  if (!isFailure(e)) return false;
  if (e.operation === 'login_failure') return true;
  return e.result_code !== null && CREDENTIAL_FAILURES.has(e.result_code);
}

/** The sign-in's outcome as a word for explanations. */
export function outcomeWord(e: Pick<Ev, 'operation' | 'result'>): string {
  return isSuccess(e) ? 'succeeded' : 'failed';
}

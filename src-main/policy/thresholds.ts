/**
 * Thresholds of the stateful detections: their names, defaults and what
 * each one means. Defaults follow the published rules summarised in
 * ../shared/knowledge/detections.md, at the low end for small tenants.
 */

/** One tunable threshold of a detection. */
export interface ThresholdSpec {
  name: string;
  defaultValue: number;
  meaning: string;
}

function spec(name: string, defaultValue: number, meaning: string) {
  return { name, defaultValue, meaning };
}

/** Every threshold the detections read, with its default. */
export const THRESHOLDS: readonly ThresholdSpec[] = [
  spec('firstSeen.minHistoryDays', 7,
    'days of sign-in history a case needs before first-seen rules fire'),
  spec('firstSeen.lookbackDays', 30,
    'a country or network unseen for this many days counts as new'),
  spec('travel.minKm', 500, 'impossible travel: minimum distance in km'),
  spec('travel.minKmh', 800, 'impossible travel: minimum speed in km/h'),
  spec('spray.minUsers', 10,
    'password spray: distinct users failing from one IP in the window'),
  spec('spray.windowMinutes', 30, 'password spray: window in minutes'),
  spec('spray.successWithinHours', 24,
    'password spray: a later success from the IP within this many hours'),
  spec('bruteForce.minFailures', 10,
    'brute force: failed sign-ins of one user in the window'),
  spec('bruteForce.windowMinutes', 10, 'brute force: window in minutes'),
  spec('bruteForce.successWithinMinutes', 60,
    'brute force: a success this soon after the failures escalates'),
  spec('failedOutside.minUsers', 5,
    'failed sign-ins from outside: distinct users per country and day ' +
      'that raise the severity to medium'),
  spec('session.minCountries', 2,
    'one session: distinct countries that make it high severity'),
  spec('session.minAsns', 2, 'one session: distinct networks (ASNs)'),
  spec('aitm.windowSeconds', 30,
    'AiTM double sign-in: seconds between the two successes'),
  spec('massDownload.minFiles', 25,
    'mass download: distinct files in the short window'),
  spec('massDownload.windowMinutes', 3, 'mass download: short window'),
  spec('massDownload.hourFiles', 200,
    'mass download: distinct files within one hour'),
  spec('mailAccess.operationCount', 100,
    'MailItemsAccessed: items in one aggregated record'),
  spec('mailAccess.hourlyMin', 25,
    'MailItemsAccessed: minimum items per hour for the baseline test'),
  spec('mailAccess.baselineFactor', 3,
    "MailItemsAccessed: times the user's median hourly count"),
  spec('sharing.burstLinks', 10,
    'sharing: links or external shares by one user within an hour ' +
      'that raise the severity to high'),
  spec('freeMail.afterSignInHours', 24,
    'free-mail: hours after a suspicious sign-in that mail is examined'),
  spec('freeMail.highCount', 5,
    'free-mail: messages in 24 hours that raise the severity to high'),
  spec('suspicious.followHours', 24,
    'hours after a suspicious sign-in in which a security change ' +
      'is escalated'),
  spec('oauthApp.lookbackDays', 15,
    'OAuth: an app unseen in the tenant for this many days is new'),
];

const BY_NAME = new Map(THRESHOLDS.map((t) => [t.name, t]));

/** True when a name is one of the known thresholds. */
export function isThresholdName(name: string): boolean {
  return BY_NAME.has(name);
}

/** The value of a threshold: the policy's setting or the default. */
export function thresholdValue(
  thresholds: Readonly<Record<string, number>>,
  name: string,
): number {
  const known = BY_NAME.get(name);
  if (!known) throw new Error(`unknown threshold ${name}`);
  return thresholds[name] ?? known.defaultValue;
}

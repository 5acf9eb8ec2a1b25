/**
 * Microsoft first-party applications, resources and client strings as
 * they appear in Entra sign-ins and the unified audit log.
 */

/** An Entra application or resource: its well-known ID and name. */
export interface App {
  id: string;
  name: string;
}

function app(id: string, name: string): App {
  return { id, name };
}

/** The first-party apps and resources the scenario uses. */
export const APPS = {
  officeHome: app('4765445b-32c6-49b0-83e6-1d93765276ca', 'OfficeHome'),
  office: app('d3590ed6-52b3-4102-aeff-aad2292ab01c', 'Microsoft Office'),
  teams: app('1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'Microsoft Teams'),
  outlookMobile: app('27922004-5251-4030-b22d-91ecd9a37ea4',
    'Outlook Mobile'),
  oneDriveSync: app('ab9b8c07-8f02-4f72-87fa-80105867a763',
    'OneDrive SyncEngine'),
  azurePortal: app('c44b4083-3bb0-49c1-b47d-974e53cbdf3c', 'Azure Portal'),
  mySignins: app('19db86c3-b2b9-44cc-b339-36da233a3be2', 'My Signins'),
  exoPowerShell: app('fb78d390-0c51-40cd-8e17-fdbfab77341b',
    'Microsoft Exchange REST API Based Powershell'),
  shellClient: app('89bee1f7-5e6e-4d8a-9f3d-ecd601259da7',
    'Office365 Shell WCSS-Client'),
  exchange: app('00000002-0000-0ff1-ce00-000000000000',
    'Office 365 Exchange Online'),
  sharePoint: app('00000003-0000-0ff1-ce00-000000000000',
    'Office 365 SharePoint Online'),
  graph: app('00000003-0000-0000-c000-000000000000', 'Microsoft Graph'),
  aadGraph: app('00000002-0000-0000-c000-000000000000',
    'Windows Azure Active Directory'),
  shellServer: app('5f09333a-842c-47da-a157-57da27fcbca5',
    'Office365 Shell WCSS-Server'),
  teamsServices: app('cc15fd57-2c6c-4117-a88c-83b1d56b4bbe',
    'Microsoft Teams Services'),
  azureMgmt: app('797f4846-ba00-4fd7-ba43-dac1f8f63013',
    'Windows Azure Service Management API'),
} as const;

/** The tenant that owns Microsoft's first-party apps. */
export const MICROSOFT_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

/** Browser user agents current in October 2026. */
export const UA = {
  edgeWin:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36 Edg/147.0.0.0',
  chromeWin:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36',
  wam: 'Windows-AzureAD-Authentication-Provider/1.0',
  outlookIos: 'Outlook-iOS/2.0',
  outlookAndroid: 'Outlook-Android/2.0',
  oneDrive:
    'Microsoft SkyDriveSync 25.189.0928.0002 ship; Windows NT 10.0 (26100)',
  iosSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) ' +
    'AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 ' +
    'Safari/604.1',
  /** AiTM kit relaying the victim's sign-in (Timeline 2, step 2). */
  axios: 'axios/1.7.7',
  /** The replayed session's stale browser string (Timeline 2, step 4). */
  chrome124:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
    '(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
} as const;

/** A desktop Office client string as SharePoint logs it. */
export function officeClientUa(product: string): string {
  return `Microsoft Office ${product} 2014 (16.0.19328) Windows NT 10.0`;
}

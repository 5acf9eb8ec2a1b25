/** Turns a planned background activity into its wire records. */
import { K, type Act } from './plan.js';
import type { OutRecord } from './records.js';
import { renderGws } from './render-gws.js';
import {
  renderFile,
  renderInboxRule,
  renderMail,
  renderTeams,
} from './render-m365.js';
import { renderSignIn } from './render-signin.js';
import type { World } from './world.js';

/** The records of one activity (one, or two for a sign-in). */
export function renderAct(w: World, a: Act): OutRecord[] {
  if (a.k <= K.NONINTERACTIVE) return renderSignIn(w, a);
  if (a.k <= K.MOVE_DELETED) return renderMail(w, a);
  if (a.k <= K.SP_SHARE) return renderFile(w, a);
  if (a.k <= K.TEAMS_MESSAGE) return renderTeams(w, a);
  if (a.k === K.INBOX_RULE) return renderInboxRule(w, a);
  return renderGws(w, a);
}

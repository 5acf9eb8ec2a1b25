/**
 * An event draft as the reading half hands it to the storing half: its
 * nested JSON fields already written as text. Copying a draft to the
 * main thread clones it field by field; a details object cloned as one
 * string costs a copy instead of a walk, and the storing half needed
 * that text anyway (issue #8).
 */
import type { EventDraft } from './normalize/fields.js';

/** A draft ready to store, free of nested objects but its address. */
export interface StoredDraft
  extends Omit<EventDraft, 'details' | 'sourceLocation' | 'content'> {
  /** The details object as JSON text, or null. */
  detailsJson: string | null;
  /** The source location object as JSON text, or null. */
  sourceLocationJson: string | null;
  /** An Entra sign-in that is not an interactive user sign-in. */
  nonInteractive: boolean;
}

/** Writes the nested fields of a draft as text. */
export function toStoredDraft(d: EventDraft): StoredDraft {
  return {
    timeMs: d.timeMs, timeText: d.timeText, source: d.source,
    workload: d.workload, operation: d.operation, result: d.result,
    resultCode: d.resultCode, actor: d.actor, actorOriginal: d.actorOriginal,
    actorId: d.actorId, target: d.target, ip: d.ip, userAgent: d.userAgent,
    clientApp: d.clientApp, sessionId: d.sessionId,
    correlationId: d.correlationId, recordId: d.recordId,
    tenantId: d.tenantId, dedupeKey: d.dedupeKey, line: d.line,
    detailsJson: d.details ? JSON.stringify(d.details) : null,
    sourceLocationJson: d.sourceLocation
      ? JSON.stringify(d.sourceLocation) : null,
    nonInteractive: d.source === 'entra-signin' && isNonInteractive(d),
  };
}

function isNonInteractive(e: EventDraft): boolean {
  const d = e.details ?? {};
  if (d.isInteractive === false) return true;
  const types = d.signInEventTypes;
  return Array.isArray(types) && types.some((t) => t !== 'interactiveUser');
}

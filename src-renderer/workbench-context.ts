/**
 * What every view of the workbench shares: the open case, the time zone
 * times are shown in, and the event detail panel.
 */
import { createContext, useContext } from 'react';
import type { CaseOverview } from '../src-shared/contract.js';
import type { DisplayZone } from './time-format.js';

/** The shared state of the workbench. */
export interface Workbench {
  caseInfo: CaseOverview;
  zone: DisplayZone;
  openDetail(eventId: number): void;
  /** A row got keyboard focus; an open detail panel follows it. */
  focusEvent(eventId: number): void;
  /** Tells views that annotations changed, so they refresh. */
  annotationsChanged(): void;
  annotationGeneration: number;
}

/** The React context carrying the workbench state. */
export const WorkbenchContext = createContext<Workbench | null>(null);

/** The workbench state; only inside the case shell. */
export function useWorkbench(): Workbench {
  const w = useContext(WorkbenchContext);
  if (!w) throw new Error('useWorkbench outside the case shell');
  return w;
}

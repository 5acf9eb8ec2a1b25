/**
 * Every handler of the contract, assembled from the feature modules.
 * The type makes a call without a handler a compile error.
 */
import { annotationHandlers } from './annotation-handlers.js';
import { caseHandlers } from './case-handlers.js';
import { desktopHandlers } from './desktop-handlers.js';
import { findingHandlers } from './finding-handlers.js';
import type { Handlers } from './dispatch.js';
import { pivotHandlers } from './pivot-handlers.js';
import { timelineHandlers } from './timeline-handlers.js';

/** The handler of each call, by call name. */
export const HANDLERS: Handlers = {
  ...caseHandlers,
  ...timelineHandlers,
  ...pivotHandlers,
  ...annotationHandlers,
  ...findingHandlers,
  ...desktopHandlers,
};

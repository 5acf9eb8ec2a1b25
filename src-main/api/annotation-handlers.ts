/**
 * Handlers that read and write bookmarks, tags and notes. Writes go to
 * the session's writer, each with its custody entry.
 */
import {
  addNote,
  addTag,
  listTags,
  removeTag,
  setBookmark,
} from '../query/annotations.js';
import { sessionOf } from './api-context.js';
import type { HandlerMap } from './dispatch.js';

type AnnotationCalls =
  | 'listTags'
  | 'setBookmark'
  | 'addTag'
  | 'removeTag'
  | 'addNote';

/** Handlers of the annotation calls. */
export const annotationHandlers: HandlerMap<AnnotationCalls> = {
  listTags: (ctx) => listTags(sessionOf(ctx).db),

  setBookmark: (ctx, req) => {
    const s = sessionOf(ctx);
    return setBookmark(s.writer(), s.examiner, req.eventId, req.bookmarked);
  },

  addTag: (ctx, req) => {
    const s = sessionOf(ctx);
    return addTag(s.writer(), s.examiner, req.eventId, req.tag);
  },

  removeTag: (ctx, req) => {
    const s = sessionOf(ctx);
    return removeTag(s.writer(), s.examiner, req.eventId, req.tag);
  },

  addNote: (ctx, req) => {
    const s = sessionOf(ctx);
    return addNote(s.writer(), s.examiner, req.eventId, req.text);
  },
};

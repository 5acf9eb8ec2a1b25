/**
 * Views addressed by the URL hash, so Back and Forward work and a view
 * can be opened directly: #/timeline, #/users, #/user/<upn>, #/ip/<ip>,
 * #/findings, #/finding/<id>, #/warnings, #/case.
 */
import { useEffect, useState } from 'react';

/** A view of the workbench. */
export type Route =
  | { view: 'timeline' }
  | { view: 'users' }
  | { view: 'user'; user: string }
  | { view: 'ip'; ip: string }
  | { view: 'findings' }
  | { view: 'finding'; id: number }
  | { view: 'warnings' }
  | { view: 'case' };

/** Reads a route from a location hash; unknown hashes show the timeline. */
export function parseHash(hash: string): Route {
  const [, view, arg] = /^#\/([a-z]+)(?:\/(.*))?$/.exec(hash) ?? [];
  const value = arg === undefined ? '' : safeDecode(arg);
  if (view === 'users') return { view: 'users' };
  if (view === 'user' && value) return { view: 'user', user: value };
  if (view === 'ip' && value) return { view: 'ip', ip: value };
  if (view === 'findings') return { view: 'findings' };
  if (view === 'finding' && /^[1-9]\d{0,15}$/.test(value)) {
    return { view: 'finding', id: Number(value) };
  }
  if (view === 'warnings') return { view: 'warnings' };
  if (view === 'case') return { view: 'case' };
  return { view: 'timeline' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A malformed escape cannot name a user or an address.
    return '';
  }
}

/** The hash of a route. */
export function hashOf(r: Route): string {
  if (r.view === 'user') return `#/user/${encodeURIComponent(r.user)}`;
  if (r.view === 'ip') return `#/ip/${encodeURIComponent(r.ip)}`;
  if (r.view === 'finding') return `#/finding/${r.id}`;
  return `#/${r.view}`;
}

/** Opens a view. */
export function navigate(r: Route): void {
  window.location.hash = hashOf(r);
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

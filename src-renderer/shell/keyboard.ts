/**
 * Keyboard shortcuts of the whole workbench: `/` focuses the search box,
 * Esc closes what is open. Arrows and Enter belong to the grids.
 */
import { useEffect, useRef } from 'react';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.tagName === 'INPUT' ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT' ||
    el.isContentEditable
  );
}

/** Installs the shortcuts; onEscape closes the topmost open thing. */
export function useKeyboard(onEscape: () => void): void {
  const escape = useRef(onEscape);
  escape.current = onEscape;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !typingIn(e.target)) {
        const box = document.querySelector<HTMLInputElement>(
          '[data-role="search"]',
        );
        if (box) {
          e.preventDefault();
          box.focus();
          box.select();
        }
      } else if (e.key === 'Escape' && !typingIn(e.target)) {
        escape.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Keyboard shortcuts: space plays or pauses, r resets the episode, s runs one
 * control step. Ignored while the user types in a field or holds a modifier;
 * space is left to a focused button, checkbox or link, which use it themselves.
 */

export interface ShortcutActions {
  toggle(): void;
  reset(): void;
  step(): void;
}

/** The shortcuts, for the help line. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Space', 'play / pause'],
  ['S', 'one step'],
  ['R', 'reset episode'],
];

const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);

/** True while the user types: a text-like input, a textarea, a select or editable content has the focus. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** True when the focused element uses space itself (a button presses, a checkbox toggles). */
function ownsSpace(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLAnchorElement ||
    target instanceof HTMLInputElement ||
    (target instanceof HTMLElement && target.tagName === 'SUMMARY')
  );
}

/** Installs the shortcuts on `target` (the window); returns the uninstaller. */
export function installShortcuts(actions: ShortcutActions, target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTypingTarget(e.target) || (e.key === ' ' && ownsSpace(e.target))) return;
    const act =
      e.key === ' '
        ? actions.toggle
        : e.key === 'r' || e.key === 'R'
          ? actions.reset
          : e.key === 's' || e.key === 'S'
            ? actions.step
            : null;
    if (!act) return;
    e.preventDefault();
    act();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}

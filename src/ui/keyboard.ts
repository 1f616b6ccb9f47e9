/**
 * Keyboard shortcuts: space plays or pauses, s runs one control step, r
 * resets the episode, l switches between the lab and the lecture view,
 * ] and [ go to the next and previous lecture story, and so do PageDown and
 * PageUp in the lecture view (a presenter's clicker sends them; the lab's
 * long page keeps them for scrolling). Ignored while the user types
 * in a field or holds a modifier. Space toggles play whatever has the focus —
 * a button pressed with the mouse keeps the focus, and space must not press it
 * again — so its keydown and keyup never reach a focused button.
 */

export interface ShortcutActions {
  toggle(): void;
  reset(): void;
  step(): void;
  toggleView(): void;
  nextStory(): void;
  previousStory(): void;
  /** True while the lecture view is on. */
  lecture(): boolean;
}

/** The shortcuts, for the help line. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['Space', 'play / pause'],
  ['S', 'one step'],
  ['R', 'reset episode'],
  ['L', 'lecture / lab view'],
  ['PgDn ]', 'next story'],
  ['PgUp [', 'previous story'],
];

const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);

/** True while the user types: a text-like input, a textarea, a select or editable content has the focus. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The action of a key (as KeyboardEvent.key), or null. */
function actionOf(key: string, actions: ShortcutActions): (() => void) | null {
  switch (key) {
    case ' ':
      return actions.toggle;
    case 'r':
    case 'R':
      return actions.reset;
    case 's':
    case 'S':
      return actions.step;
    case 'l':
    case 'L':
      return actions.toggleView;
    case ']':
      return actions.nextStory;
    case '[':
      return actions.previousStory;
    case 'PageDown':
      return actions.lecture() ? actions.nextStory : null;
    case 'PageUp':
      return actions.lecture() ? actions.previousStory : null;
    default:
      return null;
  }
}

/** Installs the shortcuts on `target` (the window); returns the uninstaller. */
export function installShortcuts(actions: ShortcutActions, target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
    const act = actionOf(e.key, actions);
    if (!act) return;
    // Also held keys' repeats: a repeated space must not reach a focused button either.
    e.preventDefault();
    if (!e.repeat) act();
  };
  // A button's space "click" fires on keyup: stop that too.
  const onKeyUp = (e: KeyboardEvent) => {
    if (e.key === ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) e.preventDefault();
  };
  // Capture: before a focused element's own handling.
  target.addEventListener('keydown', onKey, true);
  target.addEventListener('keyup', onKeyUp, true);
  return () => {
    target.removeEventListener('keydown', onKey, true);
    target.removeEventListener('keyup', onKeyUp, true);
  };
}

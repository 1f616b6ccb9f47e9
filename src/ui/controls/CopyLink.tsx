/**
 * "Copy link": the page's address holds every setting. Copies it with the
 * clipboard API; where that is refused (no permission, not a secure context)
 * the link is shown selected in a field to copy by hand.
 */
import { useEffect, useRef, useState } from 'react';

type State = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string; reason: string };

export function CopyLink() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state.kind === 'manual') field.current?.select();
    if (state.kind !== 'copied') return;
    const t = setTimeout(() => setState({ kind: 'idle' }), 2500);
    return () => clearTimeout(t);
  }, [state]);

  const copy = async () => {
    const url = window.location.href;
    try {
      if (!navigator.clipboard) throw new Error('this page has no clipboard access');
      await navigator.clipboard.writeText(url);
      setState({ kind: 'copied' });
    } catch (err) {
      setState({ kind: 'manual', url, reason: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <div className="copy-link">
      <button type="button" data-testid="copy-link" onClick={copy} title="The link holds every setting and the seed">
        {state.kind === 'copied' ? '✓ Link copied' : 'Copy link'}
      </button>
      <span className="sr-only" role="status">
        {state.kind === 'copied' ? 'Link copied to the clipboard' : ''}
      </span>
      {state.kind === 'manual' && (
        <div className="manual-link" data-testid="copy-link-fallback">
          <label>
            The browser did not allow copying ({state.reason}). Copy this link:
            <input ref={field} type="text" readOnly value={state.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" aria-label="Close the link field" onClick={() => setState({ kind: 'idle' })}>
            ✕
          </button>
        </div>
      )}
    </div>
  );
}

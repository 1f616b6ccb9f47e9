/**
 * An equation typeset by KaTeX, loaded on first use from our own origin (a
 * dynamic import: its script, CSS and fonts are separate files of the build).
 * `katex.render` builds DOM nodes and sets their styles through the CSSOM,
 * which the page's CSP (style-src 'self', no eval) allows, unlike HTML with
 * inline style attributes. Until KaTeX arrives (or if it fails) the TeX
 * source is shown as text.
 */
import type katexModule from 'katex';
import { useEffect, useRef } from 'react';

type Katex = typeof katexModule;
let loading: Promise<Katex> | null = null;

/** KaTeX and its stylesheet, fetched once. */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => m.default);
  return loading;
}

export function Tex({ expr, label, testId }: { expr: string; label: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let live = true;
    el.textContent = expr;
    loadKatex()
      .then((katex) => {
        if (live) katex.render(expr, el, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [expr]);
  return <div ref={ref} className="tex" role="math" aria-label={label} data-testid={testId} />;
}

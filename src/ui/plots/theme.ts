/** The plots' colours and fonts: large enough to read from the back of a lecture hall. */

export interface PlotTheme {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly axis: string;
  readonly fontFamily: string;
  /** Tick labels, legend and axis labels (CSS px). */
  readonly fontPx: number;
  readonly titlePx: number;
}

export const DEFAULT_THEME: PlotTheme = {
  background: '#0e1320',
  text: '#e9eef7',
  muted: '#a9b6cc',
  grid: 'rgba(160, 180, 210, 0.18)',
  axis: 'rgba(200, 214, 235, 0.7)',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontPx: 15,
  titlePx: 18,
};

/**
 * Okabe–Ito colours (distinguishable with the common colour-vision
 * deficiencies), the dark blue left out: it vanishes on the dark background.
 */
export const PALETTE = {
  skyBlue: '#56B4E9',
  orange: '#E69F00',
  green: '#009E73',
  yellow: '#F0E442',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

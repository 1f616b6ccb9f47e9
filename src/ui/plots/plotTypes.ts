/** What a line plot is made of: series of points (with optional bands) and the plot's axes. */
import type { AxisScale } from '../../plotmath/scales';

export type XY = readonly [number, number];

export interface PlotSeries {
  readonly name: string;
  /** Any CSS colour. */
  readonly color: string;
  /** [x, y] in data units; non-finite values are skipped and break the line. */
  readonly points: readonly XY[];
  /** Line width (CSS px), 2 unless given. */
  readonly width?: number;
  /** Canvas dash pattern (CSS px). */
  readonly dash?: readonly number[];
  /** A dot at every point; 'auto' (default): only when there are few points. */
  readonly markers?: boolean | 'auto';
  /** Shaded band under the line, [x, low, high] in data units. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** Counted in the plot's summary in words (default true). */
  readonly inSummary?: boolean;
  /** Has an entry in the legend (default true). */
  readonly inLegend?: boolean;
}

export interface PlotSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly PlotSeries[];
  readonly yScale?: AxisScale;
  /** A fixed y range (e.g. [0, 100] for a rate); otherwise taken from the data. */
  readonly yDomain?: readonly [number, number];
  /** Only integer x ticks (episode numbers). */
  readonly xInteger?: boolean;
  /** Shown in the plot area while no series has a point to draw. */
  readonly emptyText?: string;
}

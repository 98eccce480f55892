import type { AvailabilityPoint } from './upgrade-report.js';

// One way to keep a workload's availability series, whoever measures it: the simulator at every
// change, a live run at each sample. Only change points are kept, and a series stays bounded.

/**
 * Change points kept per workload. A run of thousands of nodes moves a DaemonSet's numbers
 * thousands of times; past this the series is coarsened (pairs merged keeping the dip) so memory
 * and the report stay bounded.
 */
export const MAX_AVAILABILITY_POINTS = 400;

/** A series being recorded. */
export interface SeriesRecord {
  points: AvailabilityPoint[];
  coarsened: boolean;
}

/** Halves a series: the first and last points stay, each pair between keeps its lower availability. */
export function coarsenSeries(points: readonly AvailabilityPoint[]): AvailabilityPoint[] {
  if (points.length <= 2) return [...points];
  const first = points[0] as AvailabilityPoint;
  const last = points[points.length - 1] as AvailabilityPoint;
  const out: AvailabilityPoint[] = [first];
  for (let i = 1; i < points.length - 1; i += 2) {
    const a = points[i] as AvailabilityPoint;
    const b = points[i + 1];
    // The earlier moment with the worse number: a dip is never lost, only moved earlier.
    out.push(b && b !== last && b.available < a.available ? { ...b, at: a.at } : a);
  }
  out.push(last);
  return out;
}

/**
 * Adds `point` when one of its numbers changed; several changes at one moment keep only where
 * they ended. Past MAX_AVAILABILITY_POINTS the series is coarsened.
 */
export function recordPoint(series: SeriesRecord, point: AvailabilityPoint): void {
  const last = series.points[series.points.length - 1];
  if (last && last.available === point.available && last.desired === point.desired && last.budgetMin === point.budgetMin) return;
  if (last && last.at === point.at && series.points.length > 1) series.points[series.points.length - 1] = point;
  else series.points.push(point);
  if (series.points.length > MAX_AVAILABILITY_POINTS) {
    series.points = coarsenSeries(series.points);
    series.coarsened = true;
  }
}

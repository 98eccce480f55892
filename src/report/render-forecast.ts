import { formatDuration } from '../core/format-duration.js';
import type { ForecastPart, PlanForecast } from '../core/timing/index.js';

const PART_NAME: Record<ForecastPart, string> = { prepare: 'before anything changes', 'control-plane': 'control plane', workers: 'workers' };

const rough = (seconds: number) => formatDuration(seconds * 1000, 'rough');

/** Where the figures come from: the model, or the model with some actions timed by recorded runs. */
export function forecastSource(forecast: PlanForecast): string {
  const n = forecast.calibrated.length;
  return n === 0 ? 'timing model' : `timing model, calibrated by a recorded run for ${n} kind${n === 1 ? '' : 's'} of step`;
}

/** "Expected duration: about 1h16m (timing model): control plane 58m, workers 17m". */
export function forecastHeadline(forecast: PlanForecast): string {
  const sum = (part: ForecastPart) => forecast.phases.filter((p) => p.part === part).reduce((a, p) => a + p.seconds, 0);
  const parts = (['control-plane', 'workers'] as const).filter((p) => sum(p) > 0).map((p) => `${PART_NAME[p]} ${rough(sum(p))}`);
  return `Expected duration: about ${rough(forecast.totalSeconds)} (${forecastSource(forecast)})${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** Seconds of one phase of one hop, when the plan has it. */
export function phaseSeconds(forecast: PlanForecast, hop: string, part: ForecastPart): number | undefined {
  return forecast.phases.find((p) => p.hop === hop && p.part === part)?.seconds;
}

/** "about 9m, batches 1m to 3m" for a hop's workers. */
export function describeWorkerPhase(forecast: PlanForecast, hop: string): string | undefined {
  const phase = forecast.phases.find((p) => p.hop === hop && p.part === 'workers');
  if (!phase) return undefined;
  const times = phase.batches.map((b) => b.seconds);
  const spread = times.length === 0 ? '' : Math.min(...times) === Math.max(...times) ? `, ${rough(times[0] ?? 0)} a batch` : `, batches ${rough(Math.min(...times))} to ${rough(Math.max(...times))}`;
  return `about ${rough(phase.seconds)}${spread}`;
}

/** The runbook's table: each phase, when it starts and how long it takes. */
export function forecastRows(forecast: PlanForecast): string[][] {
  return forecast.phases.map((p) => [
    p.hop,
    PART_NAME[p.part],
    `+${rough(p.startSeconds)}`,
    rough(p.seconds),
    p.batches.length === 0 ? '' : p.batches.map((b) => `${b.nodes.join(', ')}: ${rough(b.seconds)}`).join('; '),
  ]);
}

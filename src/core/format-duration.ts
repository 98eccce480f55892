// Every elapsed time kubehop prints goes through here, so the same span reads the same way in
// messages, reports, progress lines and the simulator's log; each style is where it is used.

/**
 * - `go`: the way Go prints durations, which operators know from kubectl (45s, 10m0s, 1h5m0s).
 * - `short`: report cells (45s, 2m05s, 1h02m).
 * - `stamp`: an offset into a run (+00:02:05).
 * - `progress`: the minutes-and-seconds column of live progress lines ("  2m05s").
 * - `log`: the simulator's event log, to the millisecond (00:02:05.250).
 * - `rough`: forecasts, to the minute (45s under a minute, then 12m, 1h10m).
 */
export type DurationStyle = 'go' | 'short' | 'stamp' | 'progress' | 'log' | 'rough';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDuration(ms: number, style: DurationStyle = 'go'): string {
  // Offsets count whole seconds passed; lengths round to the nearest second.
  const whole = style === 'stamp' || style === 'progress' || style === 'log' ? Math.floor(ms / 1000) : Math.round(ms / 1000);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  switch (style) {
    case 'go':
      return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
    case 'short':
      return h > 0 ? `${h}h${pad(m)}m` : m > 0 ? `${m}m${pad(s)}s` : `${s}s`;
    case 'stamp':
      return `+${pad(h)}:${pad(m)}:${pad(s)}`;
    case 'progress':
      return `${String(Math.floor(whole / 60)).padStart(3)}m${pad(s)}s`;
    case 'log':
      return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
    case 'rough': {
      if (whole < 60) return `${whole}s`;
      const minutes = Math.round(whole / 60);
      return minutes >= 60 ? `${Math.floor(minutes / 60)}h${minutes % 60}m` : `${minutes}m`;
    }
  }
}

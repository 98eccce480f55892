/** Wall time and heap/RSS high-water mark of `work`, sampled every 20 ms. */
export async function measure<T>(name: string, work: () => T | Promise<T>): Promise<{ name: string; ms: number; peakRssMiB: number; result: T }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { name, ms, peakRssMiB: Math.round(peak / 2 ** 20), result };
}

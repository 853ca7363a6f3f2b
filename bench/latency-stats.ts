/** One adapter's result: how fast messages went through, and how long each took. */
export interface BenchResult {
  readonly adapter: string;
  readonly messages: number;
  readonly batch: number;
  readonly elapsedMs: number;
  /** Publish-to-handle latency of every message, milliseconds. */
  readonly latenciesMs: readonly number[];
}

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

const COLUMNS = ['adapter', 'messages', 'batch', 'msg/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];

export function formatResults(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const sorted = [...result.latenciesMs].sort((a, b) => a - b);
    const fixed = (value: number) => value.toFixed(1);
    return [
      result.adapter,
      String(result.messages),
      String(result.batch),
      Math.round((result.messages / result.elapsedMs) * 1000).toString(),
      fixed(percentile(sorted, 0.5)),
      fixed(percentile(sorted, 0.95)),
      fixed(percentile(sorted, 0.99)),
      fixed(sorted.at(-1) ?? Number.NaN),
    ];
  });
  const widths = COLUMNS.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(COLUMNS), rule, ...rows.map(line)].join('\n');
}

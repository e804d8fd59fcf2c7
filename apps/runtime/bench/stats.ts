// Medians and ranges over rounds, and the number formats of the tables.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "12 345": thousands grouped with a space, as the docs write them. */
export function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A fixed number of decimals, or a (grouped) integer once the value is large. */
export function decimals(value: number, places: number): string {
  if (Math.abs(value) >= 1000) return grouped(value);
  return Math.abs(value) >= 100 ? Math.round(value).toString() : value.toFixed(places);
}

/**
 * The median over rounds, with the range when there is more than one round:
 * "10 200 (9 800–10 500)". Values that are undefined (a run without samples) are left out.
 */
export function spread(values: ReadonlyArray<number | null | undefined>, format: (value: number) => string): string {
  const present = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (present.length === 0) return 'n/a';
  const middle = format(median(present));
  if (present.length === 1) return middle;
  return `${middle} (${format(Math.min(...present))}–${format(Math.max(...present))})`;
}

/** Per-round differences between an arm and a reference (paired by round). */
export function paired(values: ReadonlyArray<number | null>, reference: ReadonlyArray<number | null>): Array<number | null> {
  return values.map((value, round) => {
    const base = reference[round];
    return value === null || base === null || base === undefined ? null : value - base;
  });
}

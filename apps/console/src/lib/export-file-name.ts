// The name an exported config downloads as: sortable, and safe on every file system.

/** "headwater-config-2026-11-30-1810.yaml", in local time: the operator's clock, as the page shows it. */
export function exportFileName(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `headwater-config-${day}-${two(date.getHours())}${two(date.getMinutes())}.yaml`;
}

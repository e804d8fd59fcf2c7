import type { GridTarget } from '@/lib/api-types';
import type { GridRow } from '@/lib/merge-grid';

// Every snapshot of the live grid is new objects from JSON; a cell is re-rendered only when
// what it shows changed. Grid rows are flat but for the reasons list, so this is exact.

function sameLive(a: GridTarget | undefined, b: GridTarget | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  for (const key of Object.keys(a) as Array<keyof GridTarget>) {
    if (key === 'reasons') continue;
    if (a[key] !== b[key]) return false;
  }
  return a.reasons.length === b.reasons.length && a.reasons.every((reason, index) => reason === b.reasons[index]);
}

export function sameGridRow(a: GridRow, b: GridRow): boolean {
  return (
    a.key === b.key &&
    a.host === b.host &&
    a.port === b.port &&
    a.weight === b.weight &&
    a.priority === b.priority &&
    a.adminState === b.adminState &&
    sameLive(a.live, b.live)
  );
}

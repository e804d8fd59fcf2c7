import type { ImportChange, ImportSummary } from '@/lib/api-types';

// A config import's dry run, laid out for reading: what it would create, update or leave alone,
// each upstream with its changed fields (secrets arrive masked from the runtime, both sides).

export type PreviewField = { path: string; from: string; to: string };

export type PreviewUpstream = {
  upstream: string;
  kind: ImportChange['kind'] | 'unchanged';
  fields: PreviewField[];
};

const ABSENT = '—';

/** A config value as one line of text: plain strings as they are, anything else as compact JSON. */
export function formatConfigValue(value: unknown): string {
  if (value === null || value === undefined) return ABSENT;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/** Created first, then updated, then unchanged, each group in the order the runtime gave. */
export function previewUpstreams(summary: ImportSummary): PreviewUpstream[] {
  const changed = (kind: ImportChange['kind']) =>
    summary.changes
      .filter((change) => change.kind === kind)
      .map((change) => ({
        upstream: change.upstream,
        kind,
        fields: change.fields.map((field) => ({ path: field.path, from: formatConfigValue(field.from), to: formatConfigValue(field.to) })),
      }));
  const unchanged = summary.unchanged.map((upstream): PreviewUpstream => ({ upstream, kind: 'unchanged', fields: [] }));
  return [...changed('created'), ...changed('updated'), ...unchanged];
}

/** "2 to create, 1 to update, 3 unchanged" (dry run) or "created 2, updated 1, 3 unchanged" (applied). */
export function describeImport(summary: Pick<ImportSummary, 'created' | 'updated' | 'unchanged'>, applied: boolean): string {
  const { created, updated, unchanged } = summary;
  if (created.length + updated.length + unchanged.length === 0) return 'The text names no upstream: nothing to do.';
  const parts = applied
    ? [`created ${created.length}`, `updated ${updated.length}`]
    : [`${created.length} to create`, `${updated.length} to update`];
  parts.push(`${unchanged.length} unchanged`);
  const text = parts.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

import type { ApiIssue } from '@/lib/api-errors';

// A target's injected headers as the editor holds them. Values are secrets: a stored one is
// only ever seen masked, and is kept by sending its mask back; a new value is typed into a
// password input and never shown again.

export type SecretHeaderRow = {
  /** React key; stable across edits. */
  key: string;
  name: string;
  /** The stored value as the API shows it (masked); null for a header added here. */
  masked: string | null;
  /** A value typed here (new header, or "replace value"); empty keeps the stored one. */
  value: string;
};

let lastKey = 0;

export function storedHeaderRows(headers: Readonly<Record<string, string>>): SecretHeaderRow[] {
  return Object.entries(headers).map(([name, masked]) => ({ key: `stored-${name}`, name, masked, value: '' }));
}

export function newHeaderRow(): SecretHeaderRow {
  lastKey += 1;
  return { key: `new-header-${lastKey}`, name: '', masked: null, value: '' };
}

/**
 * The headers as the API takes them: a kept value as its mask (the runtime keeps the stored
 * one), a typed value as typed. `storedAs` replaces each mask for checking with core's schema,
 * which refuses masks: a stored value was checked when it was stored.
 */
export function headersInput(rows: readonly SecretHeaderRow[], storedAs?: string): Record<string, string> {
  return Object.fromEntries(
    rows.map((row) => [row.name.trim(), row.value !== '' || row.masked === null ? row.value : (storedAs ?? row.masked)]),
  );
}

/** What core cannot see: a header added without a name or a value. */
export function headerRowIssues(rows: readonly SecretHeaderRow[]): ApiIssue[] {
  return rows.flatMap((row): ApiIssue[] => {
    if (row.masked !== null) return [];
    if (row.name.trim() === '') return [{ path: `headers.${row.key}`, message: 'needs a name' }];
    if (row.value === '') return [{ path: `headers.${row.name.trim()}`, message: 'needs a value' }];
    return [];
  });
}

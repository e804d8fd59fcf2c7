import type { UpstreamCreateInput } from '@/lib/api-types';
import { type TargetForm, targetInput } from '@/lib/target-form';
import { isSettingsErrorKey, type SettingsForm, settingsErrorKey, settingsInput } from '@/lib/upstream-form';

// The create page sends the upstream and its first targets in one call. Rows left blank are
// not sent, so the API's "targets.<i>" counts sent rows: errors are mapped back to form rows.

/** The target fields the create page shows per row (the rest keep their defaults). */
export const NEW_TARGET_FIELDS = ['host', 'port', 'protocol', 'weight', 'priority'] as const;

export type NewUpstreamRequest = {
  input: UpstreamCreateInput;
  /** For each sent target, the index of its form row. */
  sentRows: number[];
};

export function newUpstreamRequest(settings: SettingsForm, rows: TargetForm[]): NewUpstreamRequest {
  const filled = rows.map((row, index) => ({ row, index })).filter(({ row }) => !isBlank(row));
  // Every setting is sent as the form shows it: what the operator sees is what is created.
  const input = { ...settingsInput(settings), targets: filled.map(({ row }) => targetInput(row)) };
  return { input: input as UpstreamCreateInput, sentRows: filled.map(({ index }) => index) };
}

/** A row the operator added but never filled in (weight and priority keep their defaults). */
function isBlank(row: TargetForm): boolean {
  return row.host.trim() === '' && row.port.trim() === '';
}

/**
 * "targets.<sent index>..." -> "targets.<form row>...": the key of the row the operator sees;
 * a settings path -> the key its field shows messages under.
 */
export function formRowKey(key: string, sentRows: readonly number[]): string {
  if (!key.startsWith('targets')) return settingsErrorKey(key);
  return key.replace(/^targets\.(\d+)(?=\.|$)/, (_, sent: string) => `targets.${sentRows[Number(sent)] ?? sent}`);
}

/** Whether the create page shows a field for an error key, given how many target rows it has. */
export function isNewUpstreamErrorKey(key: string, rowCount: number): boolean {
  if (isSettingsErrorKey(key) || key === 'targets') return true;
  const match = /^targets\.(\d+)\.(\w+)$/.exec(key);
  if (!match) return false;
  return Number(match[1]) < rowCount && (NEW_TARGET_FIELDS as readonly string[]).includes(match[2] ?? '');
}

import { formatMs } from '@/lib/format';
import type { SettingField } from '@/lib/settings-catalog';

// How a setting's value reads for an operator: "5 s" for 5000 ms, "8 MiB" for 8388608 bytes.

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1_024 && unit < units.length - 1 && value % 1_024 === 0) {
    value /= 1_024;
    unit += 1;
  }
  return `${value} ${units[unit]}`;
}

/** A stored or default value as an operator reads it; undefined when there is none. */
export function readableValue(field: Pick<SettingField, 'kind' | 'unit'>, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && field.unit === 'ms') return formatMs(value);
  if (typeof value === 'number' && field.unit === 'bytes') return formatBytes(value);
  if (typeof value === 'number' && field.unit === '%') return `${value}%`;
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** "= 10 min" beside a number typed in a unit an operator converts in their head; nothing otherwise. */
export function typedValueReading(field: Pick<SettingField, 'kind' | 'unit'>, text: string): string | undefined {
  if ((field.unit !== 'ms' && field.unit !== 'bytes') || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return undefined;
  const reading = readableValue(field, value);
  return reading === text.trim() ? undefined : reading;
}

import { requiredNumber } from '@/lib/form-numbers';
import type { FieldKind } from '@/lib/settings-catalog';

// A setting as its input holds it (text) and as the API takes it, per kind of field. Inputs
// hold what the operator typed, so nothing is coerced until the form is sent.

/** The text an input shows for a stored value. */
export function toText(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'statuses' && Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * The API value of an input's text; undefined for an optional field left empty (the field is
 * cleared). An empty number is NaN, which core's schema names as "must be a number".
 */
export function fromText(kind: FieldKind, text: string): unknown {
  switch (kind) {
    case 'integer':
    case 'decimal':
      return requiredNumber(text);
    case 'statuses':
      return statusList(text);
    case 'optional-text':
      return text.trim() === '' ? undefined : text.trim();
    case 'multiline':
      return text === '' ? undefined : text;
    default:
      return text.trim();
  }
}

/** "200-299, 404 503" -> ["200-299", 404, 503]: codes as numbers, ranges as text, as the YAML has them. */
export function statusList(text: string): Array<number | string> {
  return text
    .split(/[\s,]+/)
    .filter((item) => item !== '')
    .map((item) => (/^\d+$/.test(item) ? Number(item) : item));
}

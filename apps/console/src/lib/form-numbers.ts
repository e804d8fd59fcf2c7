// Form fields hold strings (what inputs hold). These turn them into API numbers in one place,
// so an empty field means "use the default" everywhere and nothing is silently coerced.

/** '' -> undefined (the API applies its default); anything else must parse as a number. */
export function numberOrDefault(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return Number(trimmed);
}

/** Required numbers: '' becomes NaN, which JSON sends as null, so the API names the field. */
export function requiredNumber(value: string): number {
  const trimmed = value.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

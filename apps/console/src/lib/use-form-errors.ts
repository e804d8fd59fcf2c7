'use client';

import { useState } from 'react';
import {
  type ApiIssue,
  type ErrorRouting,
  type FieldErrors,
  type SortedErrors,
  sortErrors,
  sortIssues,
  withoutErrors,
} from '@/lib/api-errors';

export type FormErrors = {
  /** Messages under the fields they name, keyed as the form knows its fields. */
  fields: FieldErrors;
  /** Messages no field claims, shown above the form (or the row). */
  general: string[];
  /** An error from the admin API: issues go to their fields, the rest (or the message) to `general`. */
  showError: (error: unknown) => void;
  /** Issues found before calling the API (core's schemas, client-side). */
  showIssues: (issues: ApiIssue[]) => void;
  /** One message above the form; field messages stay. */
  showMessage: (message: string) => void;
  /** Drops the messages of fields the operator touched (a list of keys, or a test for each key). */
  clearFields: (keys: readonly string[] | ((key: string) => boolean)) => void;
  clearGeneral: () => void;
  clearAll: () => void;
};

const NONE: SortedErrors = { fields: {}, general: [] };

/**
 * The error state of one form: field messages and general ones, set from API errors or
 * client-side issues. `routing` says which keys the form shows and how API paths map to them.
 */
export function useFormErrors(routing: ErrorRouting): FormErrors {
  const [errors, setErrors] = useState<SortedErrors>(NONE);
  return {
    fields: errors.fields,
    general: errors.general,
    showError: (error) => setErrors(sortErrors(error, routing)),
    showIssues: (issues) => setErrors(sortIssues(issues, routing)),
    showMessage: (message) => setErrors((prev) => ({ ...prev, general: [message] })),
    clearFields: (keys) =>
      setErrors((prev) => {
        const fields = withoutErrors(prev.fields, keys);
        return fields === prev.fields ? prev : { ...prev, fields };
      }),
    clearGeneral: () => setErrors((prev) => (prev.general.length === 0 ? prev : { ...prev, general: [] })),
    clearAll: () => setErrors(NONE),
  };
}

import type { NodeOutcome } from '@/lib/api-types';

// What a target action's answer says to the operator: one line, and for the fleet-wide
// actions (reset circuit, end cooldown, clear credentials) the outcome on each node.

export type ActionReport = {
  /** Whether it reads as a success: nothing failed (a lost node skipped is not a failure). */
  ok: boolean;
  text: string;
  /** The outcome on each node of a fleet-wide action that reached more than one node, or failed somewhere; else empty. */
  nodes: NodeOutcome[];
  /** Whether the report stays until dismissed: per-node results are read, not glanced at. */
  sticky: boolean;
};

export type ActionAnswer = { changed: boolean; message: string; nodes?: NodeOutcome[] };

export function actionReport(answer: ActionAnswer): ActionReport {
  const all = answer.nodes ?? [];
  const failed = all.some((node) => node.outcome === 'failed');
  // One node that did as asked needs no table: the message names it.
  const nodes = all.length > 1 || failed ? all : [];
  const text = answer.changed || nodes.length > 0 ? answer.message : `Nothing to do: ${answer.message}`;
  return { ok: !failed, text, nodes, sticky: nodes.length > 0 };
}

export function failureReport(message: string): ActionReport {
  return { ok: false, text: message, nodes: [], sticky: true };
}

export const OUTCOME_TEXT: Record<NodeOutcome['outcome'], string> = {
  changed: 'Changed',
  unchanged: 'Unchanged',
  failed: 'Failed',
  skipped: 'Skipped',
};

import { type ActionReport, OUTCOME_TEXT } from '@/lib/action-report';
import './target-actions.css';

// What a target action did: one line, and for a fleet-wide action the outcome on each node.
// A success fades (the cells confirm it a moment later); per-node results and errors stay
// until dismissed.

export function ActionResult({ report, onDismiss }: { report: ActionReport; onDismiss: () => void }) {
  return (
    <div
      className={`target-action-result${report.ok ? '' : ' error-text'}`}
      role={report.ok ? 'status' : 'alert'}
      data-testid="action-result"
    >
      <p className="target-action-text" data-testid="action-result-text">
        {report.text}
      </p>
      {report.nodes.length > 0 && (
        <ul className="node-outcomes" aria-label="Result on each node">
          {report.nodes.map((outcome) => (
            <li key={outcome.node} data-testid="node-outcome" data-node={outcome.node} data-outcome={outcome.outcome}>
              <span className="mono">{outcome.node}</span>
              <span className={`node-outcome node-outcome-${outcome.outcome}`}>{OUTCOME_TEXT[outcome.outcome]}</span>
              <span className="node-outcome-message">{outcome.message}</span>
            </li>
          ))}
        </ul>
      )}
      {report.sticky && (
        <button type="button" className="btn btn-small btn-quiet target-action-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

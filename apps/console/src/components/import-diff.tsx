import type { ImportSummary } from '@/lib/api-types';
import { describeImport, type PreviewUpstream, previewUpstreams } from '@/lib/import-preview';
import './table.css';

// What an import would change (dry run) or changed (applied): each upstream as created,
// updated or unchanged, with every changed field from → to. Secrets come masked from the runtime.

const KIND_LABELS: Record<PreviewUpstream['kind'], string> = { created: 'Create', updated: 'Update', unchanged: 'Unchanged' };
const APPLIED_LABELS: Record<PreviewUpstream['kind'], string> = { created: 'Created', updated: 'Updated', unchanged: 'Unchanged' };

export function ImportDiff({ summary, applied }: { summary: ImportSummary; applied: boolean }) {
  const upstreams = previewUpstreams(summary);
  const title = applied ? 'Applied' : 'Preview (dry run: nothing stored yet)';
  return (
    <section className="import-diff" aria-label={title} data-testid={applied ? 'import-applied' : 'import-preview'}>
      <h3>{title}</h3>
      <p role="status" data-testid="import-counts">
        {describeImport(summary, applied)}
      </p>
      {upstreams.map((upstream) => (
        <DiffUpstream key={upstream.upstream} upstream={upstream} label={(applied ? APPLIED_LABELS : KIND_LABELS)[upstream.kind]} />
      ))}
    </section>
  );
}

function DiffUpstream({ upstream, label }: { upstream: PreviewUpstream; label: string }) {
  const { fields } = upstream;
  return (
    <div className="diff-upstream" data-testid={`diff-${upstream.upstream}`} data-kind={upstream.kind}>
      <h4 className="diff-title">
        <span className={`diff-kind diff-kind-${upstream.kind}`}>{label}</span> <span className="mono">{upstream.upstream}</span>
        {fields.length > 0 && (
          <span className="muted diff-count">
            {fields.length} field{fields.length === 1 ? '' : 's'}
          </span>
        )}
      </h4>
      {fields.length > 0 && (
        <table className="table diff-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={field.path} data-testid="diff-field" data-path={field.path}>
                <td className="mono diff-path">{field.path}</td>
                <td className="mono diff-from">{field.from}</td>
                <td className="mono diff-to">{field.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

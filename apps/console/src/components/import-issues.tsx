import { apiIssues, errorMessage } from '@/lib/api-errors';

// Why the runtime refused an import, each problem with the field path it names
// (`upstreams.0.targets.1.port`). An import is one transaction: a refusal changed nothing.

export function ImportIssues({ error }: { error: unknown }) {
  if (!error) return null;
  const issues = apiIssues(error);
  return (
    <div className="alert alert-error" role="alert" data-testid="import-error">
      {issues.length === 0 ? (
        <p className="import-error-head">{errorMessage(error)}</p>
      ) : (
        <>
          <p className="import-error-head">
            The runtime refused the text ({issues.length} problem{issues.length === 1 ? '' : 's'}); nothing was changed.
          </p>
          <ul>
            {issues.map((issue, index) => (
              // Two issues may name one path: the index keeps them apart.
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole, never reordered
              <li key={index} data-testid="import-issue" data-path={issue.path}>
                <code>{issue.path || 'text'}</code>: {issue.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

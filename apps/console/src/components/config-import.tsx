'use client';

import { useMemo } from 'react';
import { importSizeProblem, utf8ByteLength } from '@/lib/import-size';
import { useConfigImport } from '@/lib/use-config-import';
import { ImportDiff } from '@/components/import-diff';
import { ImportIssues } from '@/components/import-issues';
import { ImportSource } from '@/components/import-source';

// The import half of /config: paste or upload YAML, preview what it would change (a dry run:
// nothing is stored), then apply exactly the text that was previewed.

export function ConfigImport() {
  const state = useConfigImport();
  const bytes = useMemo(() => utf8ByteLength(state.text), [state.text]);
  const sizeProblem = importSizeProblem(bytes);
  const { preview, previewStale, applied, busy } = state;
  const changeCount = preview ? preview.summary.created.length + preview.summary.updated.length : 0;
  return (
    <section className="panel config-section" aria-labelledby="import-title" data-testid="config-import">
      <h2 id="import-title">Import</h2>
      <ul className="config-rules">
        <li>
          Upstreams the text names are created or updated to match it, their targets keyed by host and port; upstreams it leaves out stay as
          they are.
        </li>
        <li>
          A masked secret (••••…) keeps the stored value; a <code>$&#123;VAR&#125;</code> placeholder in a secret field is read from the
          runtime&apos;s environment.
        </li>
        <li>
          At most 1 MiB (1,048,576 bytes) of UTF-8 text per import, the runtime&apos;s limit: split a larger config, since upstreams left
          out are kept.
        </li>
        <li>All of it is applied in one transaction, or nothing is.</li>
      </ul>
      <ImportSource text={state.text} onText={state.setText} bytes={bytes} sizeProblem={sizeProblem} />
      <div className="config-actions">
        <button
          type="button"
          className="btn"
          onClick={state.runPreview}
          disabled={busy || sizeProblem !== null || state.text.trim() === ''}
        >
          Preview changes
        </button>
      </div>
      <ImportIssues error={state.error} />
      {preview && (
        <>
          <ImportDiff summary={preview.summary} applied={false} />
          {previewStale && (
            <p className="alert alert-warn" role="status">
              The text changed after this preview: preview it again to apply it.
            </p>
          )}
          <div className="config-actions">
            <button type="button" className="btn btn-primary" onClick={state.runApply} disabled={busy || previewStale || changeCount === 0}>
              {changeCount === 0 ? 'Nothing to apply' : `Apply ${changeCount} upstream change${changeCount === 1 ? '' : 's'}`}
            </button>
          </div>
        </>
      )}
      {applied && <ImportDiff summary={applied} applied />}
    </section>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import type { ExportSecrets } from '@/lib/api-types';
import { exportFileName } from '@/lib/export-file-name';
import { useTRPC } from '@/lib/trpc';

// The export half of /config: the stored config as YAML, shown and downloadable, its secrets
// masked or written as `${VAR}` placeholders. Secret values never reach the browser.

const SECRET_MODES: ReadonlyArray<{ value: ExportSecrets; label: string; hint: string }> = [
  {
    value: 'masked',
    label: 'Masked',
    hint: 'Importing a masked value (••••…) keeps the stored secret: for backups and edits on this runtime.',
  },
  {
    value: 'placeholders',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the label shows a placeholder as an operator writes it
    label: 'As ${VAR} placeholders',
    hint: 'Each secret becomes a variable to set on the runtime before importing: for moving a config to another runtime.',
  },
];

function saveTextFile(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ConfigExport() {
  const trpc = useTRPC();
  const [secrets, setSecrets] = useState<ExportSecrets>('masked');
  const exported = useQuery(trpc.config.export.queryOptions({ secrets }));
  const download = async () => {
    const fresh = await exported.refetch();
    if (fresh.data) saveTextFile(fresh.data.yaml, exportFileName(Date.now()));
  };
  const yaml = exported.data?.yaml;
  return (
    <section className="panel config-section" aria-labelledby="export-title" data-testid="config-export">
      <h2 id="export-title">Export</h2>
      <p className="muted">Every upstream and target with every field written, defaults included.</p>
      <fieldset className="config-choices">
        <legend>Secrets (injected headers, proxy passwords)</legend>
        {SECRET_MODES.map((mode) => (
          <label key={mode.value} className="config-choice">
            <input
              type="radio"
              name="export-secrets"
              value={mode.value}
              checked={secrets === mode.value}
              onChange={() => setSecrets(mode.value)}
            />
            <span>
              <strong>{mode.label}</strong> <span className="muted">{mode.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="config-actions">
        <button type="button" className="btn btn-primary" onClick={() => void download()} disabled={!yaml}>
          Download YAML
        </button>
        {yaml !== undefined && <span className="muted">{yaml.split('\n').length - 1} lines</span>}
      </div>
      {exported.isError && (
        <p className="alert alert-error" role="alert">
          Could not export the config: {errorMessage(exported.error)}
        </p>
      )}
      {yaml !== undefined && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus to be scrolled without a mouse
        <section className="config-yaml" tabIndex={0} aria-label="Exported YAML">
          <pre data-testid="export-yaml">{yaml}</pre>
        </section>
      )}
    </section>
  );
}

'use client';

import { type ChangeEvent, useState } from 'react';
import { formatBytes, importSizeProblem, MAX_IMPORT_BYTES } from '@/lib/import-size';
import './forms.css';

// Where an import's text comes from: pasted into the box, or read from a file into it (so it
// can be looked at, and edited, before the preview). A file over the limit is not read.

export type ImportSourceProps = {
  text: string;
  onText: (text: string) => void;
  bytes: number;
  sizeProblem: string | null;
};

export function ImportSource({ text, onText, bytes, sizeProblem }: ImportSourceProps) {
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const problem = file.size > MAX_IMPORT_BYTES ? `${file.name}: ${importSizeProblem(file.size)}` : null;
    setFileProblem(problem);
    if (!problem) onText(await file.text());
  };
  const problem = fileProblem ?? sizeProblem;
  return (
    <div className="import-source">
      <div className="field">
        <label htmlFor="import-yaml">Config YAML</label>
        <textarea
          id="import-yaml"
          className="mono config-textarea"
          rows={14}
          spellCheck={false}
          value={text}
          onChange={(event) => {
            setFileProblem(null);
            onText(event.target.value);
          }}
          aria-invalid={sizeProblem ? true : undefined}
          aria-describedby="import-size"
          placeholder={'upstreams:\n  - name: chat\n    targets:\n      - { host: 10.0.0.1, port: 443 }'}
        />
        <p id="import-size" className="muted import-size" data-testid="import-size">
          {formatBytes(bytes)} of 1 MiB
        </p>
      </div>
      <div className="field">
        <label htmlFor="import-file">Or read a YAML file</label>
        <input
          id="import-file"
          type="file"
          accept=".yaml,.yml,.json,application/yaml,text/yaml,text/plain"
          onChange={(event) => void readFile(event)}
        />
      </div>
      {problem && (
        <p className="alert alert-error" role="alert" data-testid="import-size-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

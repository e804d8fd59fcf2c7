import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '@/lib/api-types';
import { describeImport, formatConfigValue, previewUpstreams } from '@/lib/import-preview';

describe('formatConfigValue', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    ['round-robin', 'round-robin'],
    ['', '""'],
    ['••••…', '••••…'],
    [3, '3'],
    [false, 'false'],
    [['connect-error', '502'], '["connect-error","502"]'],
    [{ host: '127.0.0.1', port: 9101 }, '{"host":"127.0.0.1","port":9101}'],
  ])('%j reads %s', (value, text) => {
    expect(formatConfigValue(value)).toBe(text);
  });
});

const summary: ImportSummary = {
  created: ['new-pool'],
  updated: ['chat'],
  unchanged: ['quiet'],
  changes: [
    { upstream: 'chat', kind: 'updated', fields: [{ path: 'retries', from: 2, to: 3 }] },
    {
      upstream: 'new-pool',
      kind: 'created',
      fields: [
        { path: 'algorithm', from: null, to: 'least-connections' },
        { path: 'targets.127.0.0.1:9101', from: null, to: { host: '127.0.0.1', port: 9101 } },
      ],
    },
  ],
};

describe('previewUpstreams', () => {
  it('lists created, then updated, then unchanged upstreams, each with its fields as text', () => {
    expect(previewUpstreams(summary)).toEqual([
      {
        upstream: 'new-pool',
        kind: 'created',
        fields: [
          { path: 'algorithm', from: '—', to: 'least-connections' },
          { path: 'targets.127.0.0.1:9101', from: '—', to: '{"host":"127.0.0.1","port":9101}' },
        ],
      },
      { upstream: 'chat', kind: 'updated', fields: [{ path: 'retries', from: '2', to: '3' }] },
      { upstream: 'quiet', kind: 'unchanged', fields: [] },
    ]);
  });
});

describe('describeImport', () => {
  it('counts what a dry run would do, and what an apply did', () => {
    expect(describeImport(summary, false)).toBe('1 to create, 1 to update, 1 unchanged.');
    expect(describeImport(summary, true)).toBe('Created 1, updated 1, 1 unchanged.');
  });

  it('says so when the text names no upstream', () => {
    expect(describeImport({ created: [], updated: [], unchanged: [] }, false)).toBe('The text names no upstream: nothing to do.');
  });
});

import { describe, expect, it } from 'vitest';
import { exportFileName } from '@/lib/export-file-name';

describe('exportFileName', () => {
  it('names the file by local date and time, zero-padded so names sort by time', () => {
    expect(exportFileName(new Date(2026, 0, 5, 7, 3, 59).getTime())).toBe('headwater-config-2026-01-05-0703.yaml');
    expect(exportFileName(new Date(2026, 10, 30, 18, 10).getTime())).toBe('headwater-config-2026-11-30-1810.yaml');
  });
});

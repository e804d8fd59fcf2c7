import { describe, expect, it } from 'vitest';
import { saveStatus } from '@/lib/save-status';

describe('saveStatus', () => {
  it('says "Saved." when nothing was dropped', () => {
    expect(saveStatus([])).toEqual({ text: 'Saved.', warning: false });
    expect(saveStatus(undefined)).toEqual({ text: 'Saved.', warning: false });
  });

  it('names each dropped secret readably, as a warning', () => {
    const status = saveStatus(['proxy.password', 'headers.x-api-key', 'targets.10.0.0.7:443.headers.authorization']);
    expect(status.warning).toBe(true);
    expect(status.text).toContain('the proxy password, header x-api-key, header authorization of target 10.0.0.7:443');
    expect(status.text).toContain('Enter it again');
  });
});

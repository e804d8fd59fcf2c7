import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

// What moves an upstream's version: every stored change to it or to any of its targets, one
// step per write (however many rows the write touches), and nothing else.

let hw: TestRuntime;
beforeAll(async () => {
  hw = await startTestRuntime();
});
afterAll(() => hw.stop());

const versionOf = async (name: string) => (await hw.client.upstreams.get.query({ name })).version;

describe('upstream versions', () => {
  it('start at 1 and move by one with every stored change of the upstream or a target, target actions included', async () => {
    const created = await hw.client.upstreams.create.mutate({ name: 'moves', targets: [{ host: '127.0.0.1', port: 9201 }] });
    expect(created.version).toBe(1);
    expect((await hw.client.upstreams.list.query()).find((u) => u.name === 'moves')?.version).toBe(1);

    const updated = await hw.client.upstreams.update.mutate({ name: 'moves', changes: { retries: 4 } });
    expect(updated.version).toBe(2);
    const target = await hw.client.targets.create.mutate({ upstream: 'moves', target: { host: '127.0.0.1', port: 9202 } });
    expect(await versionOf('moves')).toBe(3);
    await hw.client.targets.update.mutate({ id: target.id, changes: { weight: 20 } });
    expect(await versionOf('moves')).toBe(4);
    await hw.client.targets.disable.mutate({ id: target.id });
    expect(await versionOf('moves')).toBe(5);
    expect((await hw.client.targets.disable.mutate({ id: target.id })).changed).toBe(false); // nothing stored, nothing moved
    expect(await versionOf('moves')).toBe(5);
    await hw.client.targets.enable.mutate({ id: target.id });
    expect(await versionOf('moves')).toBe(6);
    await hw.client.targets.delete.mutate({ id: target.id });
    expect(await versionOf('moves')).toBe(7);
  });

  it('move when a drain ends (the target becomes disabled for every node)', async () => {
    const { targets } = await hw.client.upstreams.create.mutate({ name: 'drains', targets: [{ host: '127.0.0.1', port: 9203 }] });
    await hw.client.targets.drain.mutate({ id: targets[0]!.id }); // version 2; nothing in flight, so the drain ends at once
    await waitFor('the drain to be stored as its end', async () => (await versionOf('drains')) === 3);
    expect((await hw.client.upstreams.get.query({ name: 'drains' })).targets[0]!.adminState).toBe('disabled');
  });

  it('move by one per import for each upstream it changes, and stay for the ones it leaves as they are', async () => {
    await hw.client.upstreams.create.mutate({ name: 'kept-as-is', retries: 1 });
    await hw.client.upstreams.create.mutate({ name: 'edited', targets: [{ host: '127.0.0.1', port: 9204 }] });
    const yaml = [
      'upstreams:',
      '  - name: kept-as-is',
      '    retries: 1',
      '  - name: edited', // settings, a target dropped and one added: one write, one step
      '    retries: 5',
      '    targets: [{ host: 127.0.0.1, port: 9205 }]',
      '  - name: brand-new',
      '    targets: [{ host: 127.0.0.1, port: 9206 }, { host: 127.0.0.1, port: 9207 }]',
      '',
    ].join('\n');
    const dryRun = await hw.client.config.import.mutate({ yaml, dryRun: true });
    expect(dryRun).toMatchObject({ created: ['brand-new'], updated: ['edited'], unchanged: ['kept-as-is'] });
    expect([await versionOf('kept-as-is'), await versionOf('edited')]).toEqual([1, 1]); // a dry run stores nothing

    await hw.client.config.import.mutate({ yaml });
    expect([await versionOf('kept-as-is'), await versionOf('edited'), await versionOf('brand-new')]).toEqual([1, 2, 1]);
    await hw.client.config.import.mutate({ yaml }); // the same text again changes nothing
    expect([await versionOf('kept-as-is'), await versionOf('edited'), await versionOf('brand-new')]).toEqual([1, 2, 1]);
  });

  it('never appear in an export (a version is the store’s, not config)', async () => {
    const { yaml } = await hw.client.config.export.query();
    expect(yaml).not.toMatch(/\bversion:/);
  });
});

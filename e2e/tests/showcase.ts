import type { FakeBackend } from '@headwater/runtime/demo/fake-ai-backend';
import { adminMutation, listUpstreams, sendThroughDataPlane } from './admin-client.ts';

// A console with something on every page, for the accessibility scan and the screenshots: two
// upstreams (two tiers, a forward proxy, active checks, a disabled and a draining target),
// traffic with a few failures, and the events those make. Applied as a config import, so a
// second run updates rather than fails.

export const SHOWCASE_UPSTREAMS = ['showcase-chat', 'showcase-embed'] as const;

export function showcaseYaml(primary: FakeBackend, backup: FakeBackend): string {
  return `upstreams:
  - name: showcase-chat
    algorithm: least-connections
    retries: 1
    slowStartMs: 0
    healthChecks:
      passive: { consecutiveFailures: 50 }
    targets:
      - { host: 127.0.0.1, port: ${primary.port}, weight: 100 }
      - { host: 127.0.0.1, port: ${backup.port}, priority: 1, weight: 50 }
      - { host: 127.0.0.1, port: 1, priority: 1, adminState: disabled }
  - name: showcase-embed
    algorithm: consistent-hash
    hashOn: header:x-user
    proxy: { host: 127.0.0.1, port: 3, username: gateway }
    healthChecks:
      active: { path: /health, healthy: { intervalMs: 60000 }, unhealthy: { intervalMs: 60000 } }
    targets:
      - { host: api.example.internal, port: 443, protocol: https }
`;
}

export type Showcase = { chatTargetId: string };

export async function seedShowcase(primary: FakeBackend, backup: FakeBackend): Promise<Showcase> {
  await adminMutation('config.import', { yaml: showcaseYaml(primary, backup), dryRun: false });
  primary.queue({ kind: 'ok' }, { kind: 'status', status: 500 }, { kind: 'ok' }, { kind: 'ok' }, { kind: 'status', status: 503 });
  await sendThroughDataPlane('showcase-chat', 12);
  const chat = (await listUpstreams()).find((upstream) => upstream.name === 'showcase-chat');
  const target = chat?.targets.find((candidate) => candidate.port === primary.port);
  if (!target) throw new Error('showcase-chat lost its primary target');
  // Events for the timeline and the log: a drain and an enable.
  await adminMutation('targets.drain', { id: target.id });
  await adminMutation('targets.enable', { id: target.id });
  return { chatTargetId: target.id };
}

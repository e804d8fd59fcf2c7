import { join } from 'node:path';
import { type Children, firstMessage } from './children.ts';
import { type Headwater, startHeadwater } from './headwater.ts';
import { CHUNK_INTERVAL_MS, STREAM_CHUNKS } from './load.ts';
import type { ArmKey, Options } from './options.ts';
import { COMPLETION_BODY, STREAM_CHUNK, STREAM_DONE } from './payloads.ts';
import { type BackendGroups, startHaproxy, startNginxBackends, startNginxProxy, startNodeLimit } from './proxies.ts';
import { which } from './system.ts';

export type Group = keyof BackendGroups;

/** One way to the backends: straight, or through one of the proxies under test. */
export interface Arm {
  readonly key: ArmKey;
  readonly label: string;
  /** Where a load for this group of backends goes. */
  port(group: Group): number;
  /** The proxy's process id (none for direct). */
  readonly pid?: number;
}

export const ARM_LABELS: Record<ArmKey, string> = {
  direct: 'direct (no proxy)',
  node: 'Node limit (bare proxy)',
  headwater: 'Headwater',
  nginx: 'nginx, 1 worker',
  haproxy: 'HAProxy, 1 thread',
};

export interface Setup {
  readonly arms: Arm[];
  readonly groups: BackendGroups;
  readonly headwater: (Headwater & { readonly pid: number }) | undefined;
  readonly notes: string[];
}

async function startNodeBackends(children: Children, here: string): Promise<number[]> {
  const settings = {
    count: 3,
    completionBody: COMPLETION_BODY,
    streamChunk: STREAM_CHUNK,
    streamDone: STREAM_DONE,
    chunks: STREAM_CHUNKS,
    chunkIntervalMs: CHUNK_INTERVAL_MS,
  };
  const process = children.start(globalThis.process.execPath, [join(here, 'backends.mjs'), JSON.stringify(settings)], {
    core: 'load',
    ipc: true,
  });
  return (await firstMessage<{ ports: number[] }>(process, 'the Node backends')).ports;
}

/** The backends (on the load's core), then every arm asked for whose tool is present. */
export async function startArms(children: Children, options: Options, paths: { here: string; root: string; dir: string }): Promise<Setup> {
  const notes: string[] = [];
  const stream = await startNodeBackends(children, paths.here);
  let bench = stream;
  if (which('nginx')) bench = await startNginxBackends(children, paths.dir);
  else
    notes.push(
      'nginx is missing, so the throughput scenarios use the Node backends, which share the load core with wrk and may cap every arm.',
    );
  const groups: BackendGroups = { bench, stream };
  const arms: Arm[] = [];
  let headwater: Setup['headwater'];
  for (const key of options.arms) {
    const proxy = (port: number, pid: number | undefined): Arm => ({ key, label: ARM_LABELS[key], port: () => port, pid });
    if (key === 'direct') arms.push({ key, label: ARM_LABELS[key], port: (group) => groups[group][0]! });
    if (key === 'node') {
      const started = await startNodeLimit(children, paths.here, groups);
      arms.push(proxy(started.port, started.process.pid));
    }
    if (key === 'headwater') {
      const started = await startHeadwater(children, paths.root, paths.dir, groups, options);
      headwater = { ...started, pid: started.process.pid! };
      arms.push(proxy(started.port, started.process.pid));
    }
    if (key === 'nginx' || key === 'haproxy') {
      if (!which(key)) {
        notes.push(`${ARM_LABELS[key]}: skipped (${key} is not installed).`);
        continue;
      }
      const started = await (key === 'nginx' ? startNginxProxy : startHaproxy)(children, paths.dir, groups);
      arms.push(proxy(started.port, started.process.pid));
    }
  }
  return { arms, groups, headwater, notes };
}

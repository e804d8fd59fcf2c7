import type { Database } from '@headwater/prisma';

/**
 * Every stored row of every config table (upstreams, targets, the version, the event log),
 * sealed secrets and timestamps as stored, as one text: equal texts are an unchanged config.
 */
export async function dumpConfig(db: Database): Promise<string> {
  const [upstreams, targets, versions, events] = await Promise.all([
    db.upstream.findMany({ orderBy: { id: 'asc' } }),
    db.target.findMany({ orderBy: { id: 'asc' } }),
    db.configVersion.findMany({ orderBy: { id: 'asc' } }),
    db.event.findMany({ where: { kind: 'config' }, orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ upstreams, targets, versions, events });
}

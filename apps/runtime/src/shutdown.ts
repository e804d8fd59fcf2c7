import type { Server } from 'node:http';
import type { Database } from '@headwater/prisma';
import type { ConfigStore } from './config/config-store.ts';
import type { Dispatchers } from './data-plane/dispatchers.ts';
import type { DataPlaneServer } from './data-plane/server.ts';
import type { ProbeScheduler } from './health/probe-scheduler.ts';
import type { Prober } from './health/prober.ts';
import type { Logger } from './lib/logger.ts';
import type { EventLog } from './state/event-log.ts';
import type { TargetStates } from './state/target-states.ts';

/** What a shutdown stops, in the order it stops them. */
export interface RunningRuntime {
  /** `/readyz` answers 503 once `serving` is false. */
  readonly readiness: { serving: boolean };
  readonly config: ConfigStore;
  readonly dataPlane: DataPlaneServer;
  readonly probes: ProbeScheduler;
  readonly prober: Prober;
  readonly dispatchers: Dispatchers;
  readonly targets: TargetStates;
  readonly events: EventLog;
  readonly adminServer: Server;
  readonly db: Database;
}

export interface ShutdownTimings {
  /** How long the node keeps serving after it reports not ready, so a front load balancer can stop sending. */
  readonly delayMs: number;
  /** How long requests in flight (streams included) may take to finish before they are aborted. */
  readonly graceMs: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/**
 * SIGTERM behaviour: not ready, and every answer says `Connection: close` (callers' keep-alive
 * connections end after their answer), keep serving for the delay, stop accepting, a bounded wait for
 * the requests in flight, then close the probes, the pools, the live state, the event log (its
 * last batch written), the admin listener and the database, in that order.
 */
export async function shutdownRuntime(running: RunningRuntime, timings: ShutdownTimings, log: Logger): Promise<void> {
  running.readiness.serving = false;
  running.dataPlane.beginDrain();
  await delay(timings.delayMs);
  running.config.stop();
  const { server } = running.dataPlane;
  const closed = closeServer(server);
  // Keep-alive sockets close as soon as their last response is done.
  server.closeIdleConnections();
  const graceOver = await waitForInFlight(running.dataPlane, timings.graceMs);
  await running.probes.stop();
  await running.prober.close();
  if (graceOver) {
    log.warn('shutdown grace period over: aborting remaining requests');
    server.closeAllConnections();
    running.dispatchers.destroy();
  } else {
    await running.dispatchers.close();
  }
  await closed;
  running.targets.close();
  await running.events.close();
  running.adminServer.closeAllConnections();
  await closeServer(running.adminServer);
  await running.db.$disconnect();
}

/** Resolves false once no request is in flight (their sockets closed), or true when the grace period ran out first. */
async function waitForInFlight(dataPlane: DataPlaneServer, graceMs: number): Promise<boolean> {
  const idle = dataPlane.whenIdle().then(() => {
    dataPlane.server.closeAllConnections();
    return false;
  });
  let graceTimer: NodeJS.Timeout | undefined;
  const grace = new Promise<boolean>((resolve) => {
    graceTimer = setTimeout(() => resolve(true), graceMs);
  });
  const graceOver = await Promise.race([idle, grace]);
  clearTimeout(graceTimer);
  return graceOver;
}

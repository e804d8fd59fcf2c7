import type { Server } from 'node:http';
import type { ConfigChangeListener, Database } from '@headwater/prisma';
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
  /** This node's row in the node registry: refreshed when the shutdown starts (not ready), marked stopped at the very end. */
  readonly nodes: { refresh(): Promise<void>; stop(): Promise<void> };
  /** PostgreSQL's config notifications (none on SQLite). */
  readonly notifications: ConfigChangeListener | undefined;
  /** The fan-out to the other nodes (fleet grid streams, peer connections). */
  readonly fleet: { close(): Promise<void> };
  readonly db: Database;
  /** The event-loop delay sampler. */
  readonly metrics: { readonly eventLoopDelay: { stop(): void } };
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
 * SIGTERM behaviour: not ready (told to the fleet at once), and every answer says `Connection: close`
 * (callers' keep-alive connections end after their answer), keep serving for the delay, stop
 * following config, stop accepting, a bounded wait for the requests in flight, then close the
 * probes, the pools, the live state, the event log (its last batch written), the fleet fan-out,
 * the admin listener, the node's heartbeat and the database, in that order. The heartbeat goes on
 * (not ready) through the delay and the grace, and its stop is written last: only then does the
 * fleet list this node as lost, at once rather than 15 s later.
 */
export async function shutdownRuntime(running: RunningRuntime, timings: ShutdownTimings, log: Logger): Promise<void> {
  running.readiness.serving = false;
  running.dataPlane.beginDrain();
  void running.nodes.refresh(); // the fleet sees this node not ready now, not at its next heartbeat
  await delay(timings.delayMs);
  running.config.stop();
  await running.notifications?.close();
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
  await running.fleet.close();
  running.adminServer.closeAllConnections();
  await closeServer(running.adminServer);
  await running.nodes.stop();
  await running.db.$disconnect();
  running.metrics.eventLoopDelay.stop();
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

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { defaultDatabaseUrl, migrateDatabase, openDatabase } from '@headwater/prisma';
import { resolveAdminToken, type AdminToken } from './admin/admin-token.ts';
import { createAdminServer } from './admin/server.ts';
import { ConfigStore } from './config/config-store.ts';
import { applyConfigFile } from './config/declarative.ts';
import { ConfigRepository } from './config/repository.ts';
import { resolveSecretKey, SecretBox } from './config/secret-box.ts';
import { silentAccessLog, stdoutAccessLog, type AccessLog } from './data-plane/access-log.ts';
import { Dispatchers } from './data-plane/dispatchers.ts';
import { Forwarder } from './data-plane/forwarder.ts';
import { createDataPlaneServer } from './data-plane/server.ts';
import { UpstreamTraffic } from './data-plane/upstream-traffic.ts';
import type { Env } from './env.ts';
import { ProbeScheduler, type ProbeReport } from './health/probe-scheduler.ts';
import { Prober } from './health/prober.ts';
import { errorFields, type Logger } from './lib/logger.ts';
import { Metrics } from './metrics/metrics.ts';
import { EventLog } from './state/event-log.ts';
import { HealthStore, type TargetEvent } from './state/health-store.ts';
import { ProxyStates, type ProxyEvent } from './state/proxy-states.ts';
import { TrafficStats } from './state/traffic-stats.ts';

export interface Runtime {
  readonly dataPort: number;
  readonly adminPort: number;
  readonly adminToken: AdminToken;
  /** SIGTERM behaviour: not ready, keep serving for the delay, close, bounded wait for in-flight. */
  shutdown(): Promise<void>;
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Composition root: builds and starts every part of the runtime from its environment. */
export async function startRuntime(env: Env, log: Logger, processEnv: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const databaseUrl = env.DATABASE_URL ?? defaultDatabaseUrl();
  await migrateDatabase(databaseUrl);
  const db = await openDatabase(databaseUrl);
  const secrets = new SecretBox(resolveSecretKey(env.HEADWATER_SECRET_KEY, env.HEADWATER_DATA_DIR));
  const repository = new ConfigRepository(db, env.HEADWATER_NODE_ID, secrets);

  if (env.HEADWATER_CONFIG) {
    const summary = await applyConfigFile(env.HEADWATER_CONFIG, repository, processEnv);
    log.info('config file applied', { file: env.HEADWATER_CONFIG, ...summary });
  }

  const node = env.HEADWATER_NODE_ID;
  const proxies = new ProxyStates();
  const traffic = new TrafficStats();
  const states = new HealthStore(node, undefined, proxies, traffic);
  const dispatchers = new Dispatchers();
  const events = new EventLog(db, env.HEADWATER_EVENT_RETENTION_DAYS * 86_400_000, log);
  const config = new ConfigStore(repository);
  const prober = new Prober(dispatchers);
  const probes = new ProbeScheduler(states, prober, proxies);
  const metrics = new Metrics({ states, proxies, snapshot: () => config.snapshot });

  states.on('event', (event: TargetEvent) => metrics.observeTargetEvent(event));
  states.on('event', ({ upstream, targetId, target, flip }: TargetEvent) => {
    events.record({
      node,
      kind: flip.fact,
      upstream,
      targetId,
      target,
      from: flip.from,
      to: flip.suppressed ? `${flip.to} (suppressed)` : flip.to,
      reason: flip.reason,
      at: new Date(flip.at),
    });
  });
  proxies.on('event', ({ upstream, from, to, reason, at }: ProxyEvent) => {
    events.record({ node, kind: 'proxy', upstream, targetId: null, target: null, from, to, reason, at: new Date(at) });
  });
  proxies.on('event', () => states.emit('change')); // the grid shows each upstream's proxy state
  states.on('removed', (id: string) => dispatchers.drop(id));
  states.on('removed', (id: string) => traffic.drop(id));
  // A drain that ended here makes the target Disabled in the stored config, for every node.
  states.on('drained', (id: string) => {
    repository
      .finishDrain(id)
      .then(() => config.reload())
      .catch((error: unknown) => log.error('could not record the end of a drain', errorFields(error)));
  });
  config.on('snapshot', (snapshot) => {
    states.sync(snapshot);
    proxies.retain(new Set([...snapshot.upstreams.values()].filter((u) => u.config.proxy).map((u) => u.config.name)));
  });
  config.on('snapshot', (snapshot) => probes.sync(snapshot)); // after states.sync: plans from the synced entries
  probes.on('probe', ({ upstream, targetId, verdict }: ProbeReport) => {
    if (verdict) metrics.observeProbe(upstream, targetId, verdict);
  });
  await config.reload();
  // /readyz at start-up also waits (at most the probe timeout + 1 s) for each checked target's first probe.
  let probedAtStart = false;
  void probes.firstProbes().then(() => (probedAtStart = true));
  config.startPolling(env.HEADWATER_CONFIG_POLL_MS, (error) => log.error('config poll failed', errorFields(error)));

  const onError = (error: unknown) => log.error('request failed inside the gateway', errorFields(error));
  const writeAccessLog = env.HEADWATER_ACCESS_LOG === 'on' ? stdoutAccessLog : silentAccessLog;
  const passiveOf = (upstream: string, id: string) => config.snapshot.upstreams.get(upstream)?.checks.get(id)?.passive;
  const accessLog: AccessLog = (line) => {
    metrics.observeRequest(line);
    traffic.observeRequest(line, passiveOf);
    writeAccessLog(line);
  };
  const forwarder = new Forwarder(config, states, dispatchers, proxies, new UpstreamTraffic(), accessLog);
  const dataPlane = createDataPlaneServer(forwarder, onError);
  const dataServer = dataPlane.server;

  let ready = false;
  const adminToken = resolveAdminToken(env.HEADWATER_ADMIN_TOKEN, env.HEADWATER_DATA_DIR);
  const adminServer = createAdminServer({
    token: adminToken.token,
    context: { repository, config, states, proxies, events, env: processEnv },
    isReady: () => ready && probedAtStart,
    onError,
    metrics: () => metrics.render(),
  });

  const dataPort = await listen(dataServer, env.HEADWATER_DATA_PORT, env.HEADWATER_BIND);
  const adminPort = await listen(adminServer, env.HEADWATER_ADMIN_PORT, env.HEADWATER_BIND);
  ready = true;

  return {
    dataPort,
    adminPort,
    adminToken,
    async shutdown() {
      ready = false;
      await delay(env.HEADWATER_SHUTDOWN_DELAY_MS);
      config.stop();
      // Stop accepting; keep-alive sockets close as soon as their last response is done.
      const closed = new Promise<void>((resolve) => dataServer.close(() => resolve()));
      dataServer.closeIdleConnections();
      const idle = dataPlane.whenIdle().then(() => {
        dataServer.closeAllConnections();
        return false;
      });
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<boolean>((resolve) => (graceTimer = setTimeout(() => resolve(true), env.HEADWATER_SHUTDOWN_GRACE_MS)));
      const graceOver = await Promise.race([idle, grace]);
      clearTimeout(graceTimer);
      await probes.stop();
      await prober.close();
      if (graceOver) {
        log.warn('shutdown grace period over: aborting remaining requests');
        dataServer.closeAllConnections();
        dispatchers.destroy();
      } else {
        await dispatchers.close();
      }
      await closed;
      states.close();
      await events.close();
      adminServer.closeAllConnections();
      await new Promise<void>((resolve) => adminServer.close(() => resolve()));
      await db.$disconnect();
    },
  };
}

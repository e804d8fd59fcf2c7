import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Random } from '@headwater/core';
import { type Database, defaultDatabaseUrl, migrateDatabase, openDatabase, providerOf } from '@headwater/prisma';
import { type AdminToken, resolveAdminToken } from './admin/admin-token.ts';
import { createAdminServer } from './admin/server.ts';
import { followConfigNotifications } from './config/config-notifications.ts';
import { ConfigStore } from './config/config-store.ts';
import { applyConfigFile, type EnvironmentVariables } from './config/declarative.ts';
import { ConfigRepository } from './config/repository.ts';
import { resolveSecretKey, SecretBox } from './config/secret-box.ts';
import { type AccessLog, silentAccessLog, stdoutAccessLog } from './data-plane/access-log.ts';
import { Dispatchers } from './data-plane/dispatchers.ts';
import { DnsCache } from './data-plane/dns-cache.ts';
import { Forwarder } from './data-plane/forwarder.ts';
import { RetryBufferBudget } from './data-plane/retry-buffer-budget.ts';
import { RetryBudgets } from './data-plane/retry-budgets.ts';
import { createDataPlaneServer, type DataPlaneServer } from './data-plane/server.ts';
import type { Env } from './env.ts';
import { defaultAdvertisedAdminUrl } from './fleet/advertised-admin-url.ts';
import { DatabaseStatus } from './fleet/database-status.ts';
import { createFleet } from './fleet/fleet.ts';
import { NodeRegistry } from './fleet/node-registry.ts';
import { type ProbeReport, ProbeScheduler } from './health/probe-scheduler.ts';
import { Prober } from './health/prober.ts';
import { errorFields, type Logger } from './lib/logger.ts';
import { type RuntimeClock, systemClock } from './lib/runtime-clock.ts';
import { RUNTIME_VERSION } from './lib/runtime-version.ts';
import { systemRandom } from './lib/system-random.ts';
import { Metrics } from './metrics/metrics.ts';
import { shutdownRuntime } from './shutdown.ts';
import { EventLog } from './state/event-log.ts';
import { type ProxyEvent, ProxyStates } from './state/proxy-states.ts';
import type { TargetEvent } from './state/target-state.ts';
import { TargetStates } from './state/target-states.ts';
import { TrafficStats } from './state/traffic-stats.ts';

export interface Runtime {
  readonly dataPort: number;
  readonly adminPort: number;
  readonly adminToken: AdminToken;
  /** SIGTERM behaviour: not ready, keep serving for the delay, close, bounded wait for in-flight. */
  shutdown(): Promise<void>;
}

/** What the process gives the runtime besides its settings. */
export interface RuntimeHost {
  /** What `${VAR}` in the config file (HEADWATER_CONFIG) and in an imported config reads. */
  readonly variables: EnvironmentVariables;
  /** The one clock of the whole runtime: the system's unless a test brings its own. */
  readonly clock?: RuntimeClock;
  /** The one random source of the whole runtime (balancers, probe jitter): the system's unless a test brings its own. */
  readonly random?: Random;
  /**
   * Applies the pending migrations to DATABASE_URL before anything opens it: in a child process
   * for the real process (main.ts), so the schema engine never stays in a serving node's memory;
   * in-process (`migrateDatabase`) when a test brings no other.
   */
  readonly migrate?: (databaseUrl: string) => Promise<void>;
}

/** Every long-lived part of the runtime, built once at start. */
interface Parts {
  readonly db: Database;
  readonly repository: ConfigRepository;
  readonly config: ConfigStore;
  readonly proxies: ProxyStates;
  readonly traffic: TrafficStats;
  readonly targets: TargetStates;
  readonly events: EventLog;
  readonly dispatchers: Dispatchers;
  readonly prober: Prober;
  readonly probes: ProbeScheduler;
  readonly metrics: Metrics;
  /** What this node last saw of the database (the poll, the heartbeat, the notification connection). */
  readonly database: DatabaseStatus;
  readonly nodes: NodeRegistry;
}

/** What `/readyz` says yes to: listening and not shutting down, and each target checked at start probed once. */
interface Readiness {
  serving: boolean;
  probedAtStart: boolean;
}

const DAY_MS = 86_400_000;

/** Composition root: builds every part of the runtime from its environment, wires them, and starts listening. */
export async function startRuntime(env: Env, log: Logger, host: RuntimeHost): Promise<Runtime> {
  const clock = host.clock ?? systemClock;
  const random = host.random ?? systemRandom;
  const startedAt = clock.now();
  const storage = await openStorage(env, log, host);
  const readiness: Readiness = { serving: false, probedAtStart: false };
  const parts = buildParts(env, log, storage, { clock, random, readiness, startedAt });
  recordStateChanges(parts, env.HEADWATER_NODE_ID);
  followConfig(parts, log);
  await loadConfig(parts, env, log, readiness);
  // PostgreSQL: other nodes' writes arrive at commit (NOTIFY); the poll stays as the safety net.
  const notifications =
    providerOf(storage.databaseUrl) === 'postgresql' ? followConfigNotifications(storage.databaseUrl, { ...parts, log }) : undefined;

  const onError = (error: unknown) => log.error('request failed inside the gateway', errorFields(error));
  const dataPlane = createDataPlane(parts, env, clock, onError);
  const adminToken = resolveAdminToken(env.HEADWATER_ADMIN_TOKEN, env.HEADWATER_DATA_DIR);
  const { repository, config, targets, proxies, events, traffic, nodes } = parts;
  const fleet = createFleet({ registry: nodes, token: adminToken.token, local: targets, clock });
  const adminServer = createAdminServer({
    token: adminToken.token,
    context: { repository, config, states: targets, traffic, proxies, events, env: host.variables, clock, nodes, fleet },
    isReady: () => readiness.serving && readiness.probedAtStart,
    onError,
    metrics: () => parts.metrics.render(),
  });

  const dataPort = await listen(dataPlane.server, env.HEADWATER_DATA_PORT, env.HEADWATER_BIND);
  const adminPort = await listen(adminServer, env.HEADWATER_ADMIN_PORT, env.HEADWATER_BIND);
  readiness.serving = true;
  parts.metrics.eventLoopDelay.start();
  await nodes.start(env.HEADWATER_ADVERTISED_ADMIN_URL ?? defaultAdvertisedAdminUrl(env.HEADWATER_BIND, adminPort));
  const timings = { delayMs: env.HEADWATER_SHUTDOWN_DELAY_MS, graceMs: env.HEADWATER_SHUTDOWN_GRACE_MS };
  return {
    dataPort,
    adminPort,
    adminToken,
    shutdown: () => shutdownRuntime({ ...parts, readiness, dataPlane, adminServer, notifications, fleet }, timings, log),
  };
}

/** The database, migrated, and the config repository on it, with the start-up config file (HEADWATER_CONFIG) applied. */
async function openStorage(env: Env, log: Logger, { variables, migrate = migrateDatabase }: RuntimeHost) {
  const databaseUrl = env.DATABASE_URL ?? defaultDatabaseUrl();
  await migrate(databaseUrl);
  const db = await openDatabase(databaseUrl);
  const secrets = new SecretBox(resolveSecretKey(env.HEADWATER_SECRET_KEY, env.HEADWATER_DATA_DIR));
  const notifyChanges = providerOf(databaseUrl) === 'postgresql';
  const repository = new ConfigRepository(db, env.HEADWATER_NODE_ID, secrets, { notifyChanges });
  if (env.HEADWATER_CONFIG) {
    // Upstream names by outcome; the field-by-field changes stay out of the log (one line, not the whole config).
    const { changes: _changes, ...summary } = await applyConfigFile(env.HEADWATER_CONFIG, repository, variables);
    log.info('config file applied', { file: env.HEADWATER_CONFIG, ...summary });
  }
  return { db, repository, databaseUrl };
}

/** Every long-lived part, each given the one clock and random source it needs. */
function buildParts(
  env: Env,
  log: Logger,
  { db, repository, databaseUrl }: { db: Database; repository: ConfigRepository; databaseUrl: string },
  { clock, random, readiness, startedAt }: { clock: RuntimeClock; random: Random; readiness: Readiness; startedAt: number },
): Parts {
  const proxies = new ProxyStates(clock);
  const traffic = new TrafficStats(clock);
  const targets = new TargetStates({ node: env.HEADWATER_NODE_ID, clock, proxies, traffic });
  const dispatchers = new Dispatchers(new DnsCache({ clock }));
  const events = new EventLog(db, env.HEADWATER_EVENT_RETENTION_DAYS * DAY_MS, log, clock);
  const config = new ConfigStore(repository, random);
  const prober = new Prober(dispatchers);
  const probes = new ProbeScheduler({ targets, prober, proxies, clock, random });
  const metrics = new Metrics({ states: targets, proxies, snapshot: () => config.snapshot });
  const database = new DatabaseStatus(clock);
  const nodes = new NodeRegistry({
    db,
    id: env.HEADWATER_NODE_ID,
    version: RUNTIME_VERSION,
    startedAt,
    clock,
    log,
    database,
    live: () => ({ configVersion: config.snapshot.version, ready: readiness.serving && readiness.probedAtStart }),
    storedConfigVersion: () => repository.version(),
    periodic: providerOf(databaseUrl) === 'postgresql',
  });
  return { db, repository, config, proxies, traffic, targets, events, dispatchers, prober, probes, metrics, database, nodes };
}

/** Each flip of a target's or a proxy's state goes once to the metrics and the event log; each probe to the metrics. */
function recordStateChanges({ targets, proxies, events, metrics, probes }: Parts, node: string): void {
  targets.on('event', (event: TargetEvent) => metrics.observeTargetEvent(event));
  targets.on('event', ({ upstream, targetId, target, flip }: TargetEvent) => {
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
  proxies.on('event', () => targets.emit('change')); // the grid shows each upstream's proxy state
  probes.on('probe', ({ upstream, targetId, verdict }: ProbeReport) => {
    if (verdict) metrics.observeProbe(upstream, targetId, verdict);
  });
}

/** Each config snapshot reaches the live state and the probes; a target gone for good releases its pool and figures. */
function followConfig({ targets, dispatchers, traffic, repository, config, proxies, probes, nodes }: Parts, log: Logger): void {
  targets.on('removed', (id: string) => dispatchers.drop(id));
  targets.on('removed', (id: string) => traffic.drop(id));
  // A drain that ended here makes the target Disabled in the stored config, for every node.
  targets.on('drained', (id: string) => {
    repository
      .finishDrain(id)
      .then(() => config.reload())
      .catch((error: unknown) => log.error('could not record the end of a drain', errorFields(error)));
  });
  config.on('snapshot', (snapshot) => {
    targets.sync(snapshot);
    proxies.retain(new Set([...snapshot.upstreams.values()].filter((u) => u.config.proxy).map((u) => u.config.name)));
  });
  config.on('snapshot', (snapshot) => probes.sync(snapshot)); // after targets.sync: plans from the synced entries
  config.on('snapshot', () => nodes.refresh()); // the fleet sees the version this node serves at once, not at the next heartbeat
}

/** Loads the stored config, starts polling it, and starts the first probes that `/readyz` waits for. */
async function loadConfig({ config, probes, database, nodes }: Parts, env: Env, log: Logger, readiness: Readiness): Promise<void> {
  await config.reload();
  // /readyz at start-up also waits (at most the probe timeout + 1 s) for each checked target's first probe.
  void probes.firstProbes().then(() => {
    readiness.probedAtStart = true;
    void nodes.refresh();
  });
  config.startPolling(env.HEADWATER_CONFIG_POLL_MS, {
    failed: (error, { servingVersion }) => {
      database.failed();
      log.error('config poll failed: serving the last good config until the database answers', { ...errorFields(error), servingVersion });
    },
    recovered: (figures) => {
      database.answered();
      log.info('config poll recovered', figures);
    },
  });
}

/** The data-plane listener; each request's access log line also feeds the metrics and the grid's 60 s figures. */
function createDataPlane(parts: Parts, env: Env, clock: RuntimeClock, onError: (error: unknown) => void): DataPlaneServer {
  const { config, metrics, traffic, nodes } = parts;
  const writeAccessLog = env.HEADWATER_ACCESS_LOG === 'on' ? stdoutAccessLog(clock) : silentAccessLog;
  const passiveOf = (upstream: string, id: string) => config.snapshot.upstreams.get(upstream)?.checks.get(id)?.passive;
  const accessLog: AccessLog = (line) => {
    nodes.countRequest();
    metrics.observeRequest(line);
    traffic.observeRequest(line, passiveOf);
    writeAccessLog(line);
  };
  const { targets, dispatchers, proxies } = parts;
  const forwarder = new Forwarder({
    config,
    targets,
    dispatchers,
    proxies,
    retryBudgets: new RetryBudgets(),
    retryBuffers: new RetryBufferBudget(env.HEADWATER_RETRY_BUFFER_BUDGET_BYTES),
    bodyIdleMs: env.HEADWATER_CALLER_BODY_IDLE_MS,
    accessLog,
    clock,
  });
  const limits = { headersTimeoutMs: env.HEADWATER_CALLER_HEADERS_TIMEOUT_MS, maxConnections: env.HEADWATER_MAX_CONNECTIONS };
  return createDataPlaneServer(forwarder, limits, onError);
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });

// Open-loop load at a fixed rate: request i is due at start + i / rate whatever happened to
// the earlier ones, and its latency is measured from that intended send time, not from when
// it went out, so a stall in the proxy shows in full instead of slowing the generator down
// (no coordinated omission). Keep-alive connections over raw sockets (raw-http.mjs, less
// than half the CPU of undici's per request), opened as the backlog needs them up to
// `connections`; a request due while every connection is busy waits in a queue, and that
// wait counts. The first `warmupSeconds` are sent but not recorded. Settings come as one
// JSON argument; the result is one JSON line on stdout (latencies in microseconds).
import { connect } from 'node:net';
import { createHistogram, performance } from 'node:perf_hooks';
import { nextMessage } from './raw-http.mjs';

const settings = JSON.parse(process.argv[2] ?? '{}');
const extraHeaders = Object.entries(settings.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`);
const request = Buffer.from(
  `POST ${settings.path} HTTP/1.1\r\nHost: ${settings.host}\r\nContent-Type: application/json\r\n${extraHeaders.join('')}` +
    `Content-Length: ${Buffer.byteLength(settings.body)}\r\n\r\n${settings.body}`,
);
const intervalMs = 1000 / settings.rate;
const warmup = Math.round(settings.rate * settings.warmupSeconds);
const total = warmup + Math.round(settings.rate * settings.seconds);
const latency = createHistogram();
const tally = { sent: 0, finished: 0, recorded: 0, errors: 0, non2xx: 0, maxSendLagMs: 0, connections: 0 };
const idle = [];
const waiting = [];
const start = performance.now() + 50;

function settle(job, status) {
  tally.finished++;
  if (job.index < warmup) return;
  if (status === undefined) tally.errors++;
  else if (status !== 200) tally.non2xx++;
  else {
    tally.recorded++;
    latency.record(Math.max(1, Math.round((performance.now() - job.intendedAt) * 1000)));
  }
}

function assign(connection) {
  connection.job = waiting.shift();
  if (connection.job) connection.socket.write(request);
  else idle.push(connection);
}

function open() {
  tally.connections++;
  const connection = { socket: connect({ port: settings.port, host: '127.0.0.1' }), job: undefined, buffer: '' };
  connection.socket.setNoDelay(true);
  connection.socket.on('connect', () => assign(connection));
  connection.socket.on('data', (data) => {
    connection.buffer += data.toString('latin1');
    for (let message = nextMessage(connection.buffer); message; message = nextMessage(connection.buffer)) {
      connection.buffer = message.rest;
      const job = connection.job;
      if (job) settle(job, Number(message.head.slice(9, 12)));
      assign(connection);
    }
  });
  connection.socket.on('error', () => connection.socket.destroy());
  connection.socket.on('close', () => {
    tally.connections--;
    if (connection.job) settle(connection.job, undefined);
    const at = idle.indexOf(connection);
    if (at !== -1) idle.splice(at, 1);
    if (waiting.length > 0 && tally.connections < settings.connections) open();
  });
}

function submit(job) {
  const connection = idle.pop();
  if (connection) {
    connection.job = job;
    connection.socket.write(request);
    return;
  }
  waiting.push(job);
  if (tally.connections < settings.connections) open();
}

function tick() {
  const now = performance.now();
  while (tally.sent < total && start + tally.sent * intervalMs <= now) {
    const intendedAt = start + tally.sent * intervalMs;
    if (tally.sent >= warmup) tally.maxSendLagMs = Math.max(tally.maxSendLagMs, now - intendedAt);
    submit({ index: tally.sent++, intendedAt });
  }
  if (tally.sent < total) setTimeout(tick, Math.max(0, start + tally.sent * intervalMs - performance.now()));
  else finish(performance.now() + settings.drainTimeoutMs);
}

function finish(deadline) {
  if (tally.finished < total && performance.now() < deadline) return setTimeout(finish, 20, deadline);
  const percentile = (p) => (latency.count > 0 ? latency.percentile(p) : null);
  const result = {
    intended: total - warmup,
    completed: tally.recorded,
    errors: tally.errors + (total - tally.finished),
    non2xx: tally.non2xx,
    p50Us: percentile(50),
    p99Us: percentile(99),
    maxUs: latency.count > 0 ? latency.max : null,
    maxSendLagMs: Math.round(tally.maxSendLagMs * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

setTimeout(tick, Math.max(0, start - performance.now()));

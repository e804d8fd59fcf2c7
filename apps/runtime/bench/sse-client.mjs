// Opens `streams` streamed chat completions at once (one raw TCP connection each, all
// connects issued in the same tick) and times them: time to first chunk from the connect
// call, and every gap between two reads that carry an event. A gap longer than `stallMs` is a
// stall. Raw sockets keep the client cheap (no HTTP parser: it counts `data: ` and watches
// for `[DONE]`), so the load's core has room for 50 000 events a second. Settings come as one
// JSON argument; the result is one JSON line on stdout (times in milliseconds).
import { connect } from 'node:net';
import { createHistogram, performance } from 'node:perf_hooks';

const settings = JSON.parse(process.argv[2] ?? '{}');
const request = Buffer.from(
  `POST ${settings.path} HTTP/1.1\r\nHost: ${settings.host}\r\nContent-Type: application/json\r\n` +
    `Accept: text/event-stream\r\nContent-Length: ${Buffer.byteLength(settings.body)}\r\n\r\n${settings.body}`,
);
const ttfc = createHistogram();
const gaps = createHistogram();
const tally = { completed: 0, failed: 0, shortStreams: 0, stalls: 0, streamsWithStall: 0, largestGapMs: 0 };
let open = settings.streams;
let reported = false;

function occurrences(text, token) {
  let count = 0;
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length)) count++;
  return count;
}

function record(stream, now, events) {
  if (stream.events === 0) ttfc.record(Math.max(1, Math.round((now - stream.openedAt) * 1000)));
  else {
    const gapMs = now - stream.lastEventAt;
    gaps.record(Math.max(1, Math.round(gapMs * 1000)));
    tally.largestGapMs = Math.max(tally.largestGapMs, gapMs);
    if (gapMs > settings.stallMs) {
      tally.stalls++;
      if (!stream.stalled) tally.streamsWithStall++;
      stream.stalled = true;
    }
  }
  stream.events += events;
  stream.lastEventAt = now;
}

function openStream() {
  const stream = { openedAt: performance.now(), events: 0, lastEventAt: 0, stalled: false, tail: '', ended: false, ok: null };
  const socket = connect({ port: settings.port, host: '127.0.0.1' }, () => socket.write(request));
  socket.setNoDelay(true);
  socket.on('data', (data) => {
    const now = performance.now();
    const text = stream.tail + data.toString('latin1');
    stream.ok ??= text.startsWith('HTTP/1.1 200');
    const events = occurrences(text, 'data: ');
    if (events > 0) record(stream, now, events);
    stream.tail = text.slice(-5);
    if (text.includes('[DONE]')) end(stream, socket, stream.ok === true);
  });
  socket.on('error', () => end(stream, socket, false));
  socket.on('close', () => end(stream, socket, false));
}

function end(stream, socket, ok) {
  if (stream.ended) return;
  stream.ended = true;
  socket.destroy();
  if (ok) tally.completed++;
  else tally.failed++;
  if (ok && stream.events < settings.chunks) tally.shortStreams++;
  if (--open === 0) report();
}

function report() {
  if (reported) return;
  reported = true;
  const ms = (histogram, p) => (histogram.count > 0 ? Math.round(histogram.percentile(p) / 10) / 100 : null);
  const result = {
    streams: settings.streams,
    ...tally,
    largestGapMs: Math.round(tally.largestGapMs * 10) / 10,
    ttfcP50Ms: ms(ttfc, 50),
    ttfcP99Ms: ms(ttfc, 99),
    ttfcMaxMs: ttfc.count > 0 ? Math.round(ttfc.max / 10) / 100 : null,
    gapP99Ms: ms(gaps, 99),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

for (let index = 0; index < settings.streams; index++) openStream();
setTimeout(() => {
  tally.failed += open;
  open = 0;
  report();
}, settings.timeoutMs);

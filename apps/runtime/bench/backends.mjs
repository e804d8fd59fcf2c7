// The benchmark's Node backends: `count` keep-alive HTTP/1.1 servers in one process, on the
// load's core, speaking raw HTTP (raw-http.mjs) so they leave that core to the load. They
// answer like OpenAI's chat completions API: the JSON completion at once, or after
// `x-bench-delay-ms` milliseconds, or (a request body with "stream":true) a Server-Sent Events
// stream of `chunks` events `chunkIntervalMs` apart, the first one at once and the last one
// `data: [DONE]`. One shared timer advances every stream, so 1 000 streams cost one timer.
// Settings come as one JSON argument; the ports go back over IPC.
import { createServer } from 'node:net';
import { chunk, header, nextMessage } from './raw-http.mjs';

const settings = JSON.parse(process.argv[2] ?? '{}');
const completion = Buffer.from(
  `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(settings.completionBody)}\r\n\r\n${settings.completionBody}`,
  'latin1',
);
const streamHead = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n';
const event = Buffer.from(chunk(settings.streamChunk), 'latin1');
const last = Buffer.from(`${chunk(settings.streamDone)}0\r\n\r\n`, 'latin1');
/** @type {Set<{ socket: import('node:net').Socket, sent: number }>} */
const streams = new Set();
let ticker;

function tick() {
  for (const stream of streams) {
    if (++stream.sent < settings.chunks) {
      stream.socket.write(event);
      continue;
    }
    stream.socket.write(last);
    streams.delete(stream);
  }
  if (streams.size === 0) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

function startStream(socket) {
  socket.write(streamHead + chunk(settings.streamChunk), 'latin1');
  const stream = { socket, sent: 1 };
  streams.add(stream);
  socket.once('close', () => streams.delete(stream));
  ticker ??= setInterval(tick, settings.chunkIntervalMs);
}

function answer(socket, head, body) {
  if (body.includes('"stream":true')) return startStream(socket);
  const delayMs = Number(header(head, 'x-bench-delay-ms') ?? 0);
  if (delayMs > 0) setTimeout(() => socket.writable && socket.write(completion), delayMs);
  else socket.write(completion);
}

function serve(socket) {
  socket.setNoDelay(true);
  let buffer = '';
  socket.on('data', (data) => {
    buffer += data.toString('latin1');
    for (let message = nextMessage(buffer); message; message = nextMessage(buffer)) {
      buffer = message.rest;
      answer(socket, message.head, message.body);
    }
  });
  socket.on('error', () => socket.destroy());
}

const listening = Array.from({ length: settings.count }, () => {
  const server = createServer(serve);
  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve(server.address().port)));
});
process.send?.({ ports: await Promise.all(listening) });
process.on('disconnect', () => process.exit(0));

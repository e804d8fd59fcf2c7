// "The Node limit": the least a Node reverse proxy can do per request. A node:http server and
// one undici Pool per backend, `dispatch` with a handler that writes straight into the
// caller's response (with backpressure), round-robin over the backends of the group the Host
// header names. No routing table, health, retries, metrics or logs: what Headwater does on top
// of this is what it costs. Groups come as one JSON argument; the port goes back over IPC.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const { groups } = JSON.parse(process.argv[2] ?? '{}');
const pools = Object.fromEntries(Object.entries(groups).map(([name, origins]) => [name, origins.map((origin) => new Pool(origin))]));
const turns = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]));
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

function withoutHopByHop(headers) {
  const kept = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) kept[name] = headers[name];
  return kept;
}

function forward(req, res) {
  const name = req.headers.host in pools ? req.headers.host : 'bench';
  const group = pools[name];
  const pool = group[turns[name]++ % group.length];
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
  pool.dispatch(
    { method: req.method, path: req.url, headers: withoutHopByHop(req.headers), body },
    {
      onRequestStart() {},
      onResponseStart(controller, status, headers) {
        res.writeHead(status, withoutHopByHop(headers));
        res.on('drain', () => controller.resume());
      },
      onResponseData(controller, chunk) {
        if (!res.write(chunk)) controller.pause();
      },
      onResponseEnd() {
        res.end();
      },
      onResponseError(_controller, error) {
        if (res.headersSent) return res.destroy(error);
        res.writeHead(502).end();
      },
    },
  );
}

const server = createServer({ keepAliveTimeout: 300_000 }, forward);
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));

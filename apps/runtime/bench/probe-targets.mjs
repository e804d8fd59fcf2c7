// The targets of the probing scenario: `count` listening ports in one process (on the load's
// core), each answering `GET /health` with 200 and keeping the connection alive. It counts the
// probes it answers; the orchestrator asks for the count over IPC ('count' -> { count }).
import { createServer } from 'node:http';

const { count } = JSON.parse(process.argv[2] ?? '{}');
let answered = 0;

function handle(req, res) {
  answered++;
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
  res.end('ok');
}

const ports = [];
for (let index = 0; index < count; index++) {
  const server = createServer({ keepAliveTimeout: 300_000 }, handle);
  ports.push(await new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, () => resolve(server.address().port))));
}
process.on('message', (message) => {
  if (message === 'count') process.send?.({ count: answered });
});
process.send?.({ ports });
process.on('disconnect', () => process.exit(0));

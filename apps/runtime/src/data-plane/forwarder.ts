import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigStore } from '../config/config-store.ts';
import type { ForwardingParts } from './forwarding-parts.ts';
import { RequestForwarding } from './request-forwarding.ts';
import { resolveRoute } from './route.ts';

export interface ForwarderParts extends ForwardingParts {
  /** Where each request finds its upstream: the current config snapshot. */
  readonly config: ConfigStore;
}

/**
 * The data plane's handler, the hot path: routes each caller's request to its upstream,
 * counts it in the upstream's retry budget while it runs, hands it to a RequestForwarding
 * (attempts, retries, the answer), and writes its access log line when it is over.
 */
export class Forwarder {
  constructor(private readonly parts: ForwarderParts) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const forwarding = new RequestForwarding(this.parts, req, res);
    const route = resolveRoute(req, this.parts.config.snapshot);
    if (route.kind === 'invalid') {
      forwarding.rejectBadRequest(route.reason);
      forwarding.writeAccessLog('', req.url ?? '');
      return;
    }
    if (route.kind === 'unknown') {
      forwarding.rejectUnknownUpstream(route.name);
      forwarding.writeAccessLog(route.name, req.url ?? '/');
      return;
    }
    const { upstream, path } = route;
    const name = upstream.config.name;
    this.parts.retryBudgets.startRequest(name);
    try {
      await forwarding.forward(upstream, path);
    } finally {
      this.parts.retryBudgets.endRequest(name);
      forwarding.writeAccessLog(name, path);
    }
  }
}

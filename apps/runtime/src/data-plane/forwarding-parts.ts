import type { RuntimeClock } from '../lib/runtime-clock.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import type { TargetStates } from '../state/target-states.ts';
import type { AccessLog } from './access-log.ts';
import type { Dispatchers } from './dispatchers.ts';
import type { RetryBufferBudget } from './retry-buffer-budget.ts';
import type { RetryBudgets } from './retry-budgets.ts';

/** What forwarding reads and reports to: long-lived, shared by every request. */
export interface ForwardingParts {
  readonly targets: TargetStates;
  readonly dispatchers: Dispatchers;
  readonly proxies: ProxyStates;
  readonly retryBudgets: RetryBudgets;
  readonly accessLog: AccessLog;
  readonly clock: RuntimeClock;
  /** The node-wide bytes of bodies buffered for retries (HEADWATER_RETRY_BUFFER_BUDGET_BYTES). */
  readonly retryBuffers: RetryBufferBudget;
  /** How long a caller's body may send nothing (HEADWATER_CALLER_BODY_IDLE_MS; 0 = no limit). */
  readonly bodyIdleMs: number;
}

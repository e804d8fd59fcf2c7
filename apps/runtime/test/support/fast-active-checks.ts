// Active-check settings with short cadences, so a flip takes a few hundred milliseconds.
// Tests that use them wait on a condition of the live grid or the event log, with a
// deadline, never on a fixed sleep.
export const fastActiveChecks = {
  timeoutMs: 200,
  healthy: { intervalMs: 100, successes: 2 },
  unhealthy: { intervalMs: 50, httpFailures: 2, tcpFailures: 2, timeouts: 2 },
};

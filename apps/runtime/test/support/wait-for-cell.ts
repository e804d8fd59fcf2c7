import { gridCell, type TestRuntime, waitFor } from '../harness.ts';

/** One target's live grid cell, as the admin API shows it. */
export type GridCell = NonNullable<Awaited<ReturnType<typeof gridCell>>>;

/**
 * Waits until the live grid cell of the target at `port` in `upstream` passes `check`, and
 * returns that cell (so the test asserts on the state it waited for, not a later one).
 */
export function waitForCell(
  hw: TestRuntime,
  what: string,
  target: { upstream: string; port: number },
  check: (cell: GridCell) => boolean,
  timeoutMs = 10_000,
): Promise<GridCell> {
  return waitFor(
    what,
    async () => {
      const cell = await gridCell(hw, target.upstream, target.port);
      return cell && check(cell) ? cell : undefined;
    },
    timeoutMs,
  );
}

// A reducer reports every change of a fact as one Flip, so the runtime logs and pushes
// exactly one event per transition and nothing when nothing changed.

export type Fact = 'admin' | 'active' | 'circuit' | 'cooldown' | 'credentials';

export interface Flip {
  readonly fact: Fact;
  readonly from: string;
  readonly to: string;
  /** Human-readable, e.g. "3 timeouts" or "5 consecutive failures; open 30 s". */
  readonly reason: string;
  /** Epoch ms of the change. */
  readonly at: number;
  /** A circuit trip that the max ejection share held back: logged, not applied (from === to). */
  readonly suppressed?: true;
}

export const flip = (fact: Fact, from: string, to: string, reason: string, at: number): Flip => ({ fact, from, to, reason, at });

import type { LiveTargets, Pick } from './pick.ts';

/** The one call candidates make: the balancer's pick, given what this request already tried. */
export interface PickSource {
  select(live: LiveTargets, now: number, tried: ReadonlySet<string>, keyHash: number | null, randomStart: number): Pick;
}

/**
 * The candidates of one request, in order. Each `next(now)` recomputes eligibility (a
 * target may have gone down or come back since the last attempt) and never returns a target
 * this request already tried; for consistent hashing it walks on to the next distinct
 * target on the ring.
 */
export class Candidates {
  private readonly triedIds = new Set<string>();

  constructor(
    private readonly balancer: PickSource,
    private readonly live: LiveTargets,
    private readonly keyHash: number | null,
    private readonly randomStart: number,
  ) {}

  get tried(): ReadonlySet<string> {
    return this.triedIds;
  }

  /** Marks a target as used by this request without picking it (e.g. tried through another path). */
  exclude(id: string): void {
    this.triedIds.add(id);
  }

  next(now: number): Pick {
    const pick = this.balancer.select(this.live, now, this.triedIds, this.keyHash, this.randomStart);
    if (pick.kind === 'target') this.triedIds.add(pick.target.id);
    return pick;
  }
}

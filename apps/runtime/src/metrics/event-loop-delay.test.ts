import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLoopDelay } from './event-loop-delay.ts';

/** Holds the thread, as a synchronous stall on the data plane would. */
function block(ms: number): void {
  const until = process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < until);
}

const bucket = (delay: EventLoopDelay, le: string) =>
  delay.collect()[0]!.samples.find((sample) => sample.suffix === '_bucket' && sample.labels.le === le)!.value;

describe('event-loop delay', () => {
  let delay: EventLoopDelay;
  afterEach(() => delay.stop());

  it('puts a 40 ms stall in the 25–50 ms bucket and in the max gauge; counts only grow', async () => {
    delay = new EventLoopDelay();
    delay.start();
    // Let the sampler's timer fire a few times on an idle loop, then stall the loop once.
    await sleep(30);
    block(40);
    // The sampler records the late tick only once the loop runs again.
    await sleep(15);
    delay.fold();
    const [histogram, max] = delay.collect();
    const count = histogram!.samples.find((sample) => sample.suffix === '_count')!.value;
    expect(count).toBeGreaterThan(1);
    expect(bucket(delay, '0.05') - bucket(delay, '0.025')).toBeGreaterThanOrEqual(1);
    expect(bucket(delay, '+Inf')).toBe(count);
    expect(max!.samples[0]!.value).toBeGreaterThanOrEqual(0.03);
    expect(max!.samples[0]!.value).toBeLessThan(0.25);

    const before = histogram!.samples.map((sample) => sample.value);
    await sleep(20);
    delay.fold();
    const after = delay.collect()[0]!.samples.map((sample) => sample.value);
    for (const [index, value] of after.entries()) expect(value).toBeGreaterThanOrEqual(before[index]!);
  });

  it('buckets are cumulative and end with every sample', async () => {
    delay = new EventLoopDelay();
    delay.start();
    await sleep(40);
    delay.fold();
    const buckets = delay
      .collect()[0]!
      .samples.filter((sample) => sample.suffix === '_bucket')
      .map((sample) => sample.value);
    for (let index = 1; index < buckets.length; index += 1) expect(buckets[index]).toBeGreaterThanOrEqual(buckets[index - 1]!);
    expect(buckets.at(-1)).toBeGreaterThan(0);
  });
});

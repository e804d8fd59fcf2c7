import { describe, expect, it } from 'vitest';
import { Counter } from './counter.ts';
import { renderFamilies } from './exposition.ts';
import { Histogram } from './histogram.ts';

describe('Prometheus text exposition', () => {
  it('escapes label values and help text', () => {
    const counter = new Counter('x_total', 'a "help"\nline \\', ['upstream']);
    counter.inc({ upstream: 'we"ird\\name\n' }, 2);
    expect(renderFamilies([counter.collect()])).toBe(
      '# HELP x_total a "help"\\nline \\\\\n# TYPE x_total counter\nx_total{upstream="we\\"ird\\\\name\\n"} 2\n',
    );
  });

  it('renders cumulative buckets, +Inf, _sum and _count', () => {
    const histogram = new Histogram('d_seconds', 'd', ['upstream'], [0.1, 1]);
    for (const seconds of [0.05, 0.1, 0.5, 3]) histogram.observe({ upstream: 'u' }, seconds);
    expect(renderFamilies([histogram.collect()]).split('\n').slice(2, -1)).toEqual([
      'd_seconds_bucket{upstream="u",le="0.1"} 2',
      'd_seconds_bucket{upstream="u",le="1"} 3',
      'd_seconds_bucket{upstream="u",le="+Inf"} 4',
      'd_seconds_sum{upstream="u"} 3.65',
      'd_seconds_count{upstream="u"} 4',
    ]);
  });

  it('keeps one series per label set', () => {
    const counter = new Counter('c_total', 'c', ['a', 'b']);
    counter.inc({ a: '1', b: '2' });
    counter.inc({ b: '2', a: '1' });
    counter.inc({ a: '1', b: '3' });
    expect(counter.get({ a: '1', b: '2' })).toBe(2);
    expect(counter.collect().samples).toHaveLength(2);
  });
});

import { maskHeaders, maskSecret } from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from '../config/records.ts';
import type { TargetView } from './outputs/target-view.ts';
import type { UpstreamView } from './outputs/upstream-view.ts';

// What the admin API returns: the stored config with every secret masked. The procedures'
// output schemas check the result again, so a secret this misses fails the call instead of leaking.

export type { TargetView, UpstreamView };

export function targetView(target: TargetRecord): TargetView {
  return { ...target, headers: maskHeaders(target.headers) };
}

export function upstreamView(upstream: UpstreamRecord): UpstreamView {
  return {
    ...upstream,
    proxy: upstream.proxy
      ? { ...upstream.proxy, password: upstream.proxy.password === undefined ? undefined : maskSecret(upstream.proxy.password) }
      : null,
    targets: upstream.targets.map(targetView),
  };
}

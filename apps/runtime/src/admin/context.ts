import type { ConfigRepository } from '../config/repository.ts';
import type { ConfigStore } from '../config/config-store.ts';
import type { TargetStates } from '../state/target-states.ts';

/** What every admin procedure can reach. Built once per request by the admin server. */
export interface AdminContext {
  authenticated: boolean;
  repository: ConfigRepository;
  config: ConfigStore;
  states: TargetStates;
}

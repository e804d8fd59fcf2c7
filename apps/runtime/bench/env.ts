// The benchmark's environment, read once: it has no variables of its own, and the runtime it
// starts inherits this environment under the bench's own settings.
export function inheritedEnv(): NodeJS.ProcessEnv {
  return process.env;
}

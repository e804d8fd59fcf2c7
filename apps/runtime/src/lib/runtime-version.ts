import runtimePackage from '../../package.json' with { type: 'json' };

/** The runtime's software version (its package.json), as each node reports it to the fleet. */
export const RUNTIME_VERSION: string = runtimePackage.version;

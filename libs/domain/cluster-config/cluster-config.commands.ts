import type { ConfigSections } from './config-sections.js';

/** `config/set`: `config` as the request sent it, a JSON string or an object; the decider reads and checks it. */
export class SetClusterConfig {
  readonly kind = 'SetClusterConfig';
  constructor(
    readonly configType: string,
    readonly config: unknown,
  ) {}
}

/**
 * `config/rollback`: the sections as they were at `version` (read from the log by the caller, as the
 * folded state holds only the present), to be made current again.
 */
export class RollbackClusterConfig {
  readonly kind = 'RollbackClusterConfig';
  constructor(
    readonly version: number,
    readonly restored: Partial<ConfigSections>,
  ) {}
}

export type ClusterConfigCommand = SetClusterConfig | RollbackClusterConfig;

import type { ConfigType, SectionValue } from './config-sections.js';

/**
 * A section replaced by `config/set`. Carries the whole section before and after, so a consumer (or
 * the history) sees what changed without any earlier event. Schema version 1.
 */
export type ClusterConfigSet = {
  type: 'ClusterConfigSet';
  data: { config_type: ConfigType; before: SectionValue; after: SectionValue };
};

/** A section made again what it was at `restored_version` (`config/rollback`); history is never rewritten. */
export type ClusterConfigRolledBack = {
  type: 'ClusterConfigRolledBack';
  data: { config_type: ConfigType; before: SectionValue; after: SectionValue; restored_version: number };
};

export type ClusterConfigEvent = ClusterConfigSet | ClusterConfigRolledBack;

const CLUSTER_CONFIG_EVENT_TYPE_RECORD: Record<ClusterConfigEvent['type'], true> = {
  ClusterConfigSet: true,
  ClusterConfigRolledBack: true,
};
export const CLUSTER_CONFIG_EVENT_TYPES: readonly ClusterConfigEvent['type'][] = Object.keys(
  CLUSTER_CONFIG_EVENT_TYPE_RECORD,
) as ClusterConfigEvent['type'][];

import { type Decider, defineStreamType, InvalidInputError } from '../shared/index.js';
import type { ClusterConfigCommand, SetClusterConfig } from './cluster-config.commands.js';
import type { ClusterConfigEvent } from './cluster-config.events.js';
import {
  CONFIG_TYPES,
  type ConfigSections,
  type ConfigType,
  defaultSections,
  isConfigType,
  SECTIONS,
  type SectionValue,
} from './config-sections.js';
import { parseSection } from './section-parser.js';

export interface ClusterConfigState {
  sections: ConfigSections;
}

/**
 * The cluster's one configuration stream. It grows with every change (thousands of events); the
 * event store keeps its folded state, so a command reads the state, not the stream.
 */
export const clusterConfigStream = defineStreamType('cluster_config', ['cluster']);
export const CLUSTER_CONFIG_STREAM_ID = clusterConfigStream.id('cluster');

export const clusterConfigDecider: Decider<ClusterConfigState, ClusterConfigCommand, ClusterConfigEvent> = {
  streamType: clusterConfigStream.name,
  stateSchema: 1,
  streamId: () => CLUSTER_CONFIG_STREAM_ID,
  initialState: () => ({ sections: defaultSections() }),
  evolve,
  decide,
};

function evolve(state: ClusterConfigState, event: ClusterConfigEvent): ClusterConfigState {
  return { sections: { ...state.sections, [event.data.config_type]: event.data.after } };
}

function decide(state: ClusterConfigState, command: ClusterConfigCommand): ClusterConfigEvent[] {
  switch (command.kind) {
    case 'SetClusterConfig': {
      const { configType, after } = readSet(command);
      const before = state.sections[configType];
      return sameValue(before, after) ? [] : [{ type: 'ClusterConfigSet', data: { config_type: configType, before, after } }];
    }
    case 'RollbackClusterConfig':
      return CONFIG_TYPES.flatMap((configType): ClusterConfigEvent[] => {
        const after = Object.hasOwn(command.restored, configType) ? command.restored[configType] : undefined;
        const before = state.sections[configType];
        if (after === undefined || sameValue(before, after)) return [];
        return [{ type: 'ClusterConfigRolledBack', data: { config_type: configType, before, after, restored_version: command.version } }];
      });
  }
}

/** The section a set asks for, or an InvalidInputError naming every problem of the request. */
function readSet(command: SetClusterConfig): { configType: ConfigType; after: SectionValue } {
  const problems: string[] = [];
  const configType = isConfigType(command.configType) ? command.configType : undefined;
  if (!configType)
    problems.push(`config_type: unknown config type ${JSON.stringify(command.configType)}; must be one of ${CONFIG_TYPES.join(', ')}`);
  const config = readJson(command.config, problems);
  if (config !== NOT_READ && configType) {
    const parsed = parseSection(configType, SECTIONS[configType].fields, config);
    problems.push(...parsed.problems);
    if (parsed.value && problems.length === 0) return { configType, after: parsed.value };
  } else if (config !== NOT_READ && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    problems.push('config: must be a JSON object');
  }
  return fail(problems);
}

const NOT_READ = Symbol('not read');

/** `config` as a value: a string is parsed as JSON (the API document's form), anything else is taken as it is. */
function readJson(config: unknown, problems: string[]): unknown {
  if (config === undefined) {
    problems.push('config: is required');
    return NOT_READ;
  }
  if (typeof config !== 'string') return config;
  try {
    return JSON.parse(config) as unknown;
  } catch {
    problems.push('config: is not valid JSON');
    return NOT_READ;
  }
}

function fail(problems: string[]): never {
  throw new InvalidInputError(problems);
}

/** Values as JSON holds them: equal when they would serialize alike, whatever the order of their keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

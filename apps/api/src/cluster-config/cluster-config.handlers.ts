import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { type CommandOutcome, runCommand } from '#libs/application';
import {
  clusterConfigDecider,
  type ConfigSections,
  type ConfigType,
  RollbackClusterConfig,
  SetClusterConfig,
} from '#libs/domain/cluster-config';
import { NotFoundError } from '#libs/domain/shared';
import { EventStore } from '#libs/event-store';
import {
  configHistory,
  type ConfigHistoryRow,
  headVersion,
  type LiveClusterConfig,
  sectionsAsOf,
  versionAt,
} from '#libs/read-models/cluster-config';
import type { ListRequest } from '#libs/read-models/list-query';
import { CURRENT_CONFIG_ANSWER, DATABASE_POOL, LIVE_CLUSTER_CONFIG } from '../tokens.js';
import type { CurrentConfigAnswer } from './current-config-answer.js';

/** `config/get`: the present configuration (from memory), or as it was at a version or a time (from the log). */
export class GetClusterConfig {
  constructor(readonly asOf: { version: number } | { at: number } | undefined) {}
}

/** `config/rollback`: make version N's configuration (or one section of it) current again. */
export class RollbackToVersion {
  constructor(
    readonly version: number,
    readonly configType: ConfigType | undefined,
  ) {}
}

export class ListConfigHistory {
  constructor(
    readonly configType: ConfigType | undefined,
    readonly page: ListRequest,
  ) {}
}

/** A set answers once this instance's memory holds it, so the next config/get here shows it. */
@CommandHandler(SetClusterConfig)
export class SetClusterConfigHandler implements ICommandHandler<SetClusterConfig, CommandOutcome> {
  constructor(
    private readonly store: EventStore,
    @Inject(LIVE_CLUSTER_CONFIG) private readonly live: LiveClusterConfig,
  ) {}

  async execute(command: SetClusterConfig): Promise<CommandOutcome> {
    const outcome = await runCommand(this.store, clusterConfigDecider, command);
    if (outcome.lastEvent) await this.live.refresh();
    return outcome;
  }
}

@CommandHandler(RollbackToVersion)
export class RollbackToVersionHandler implements ICommandHandler<RollbackToVersion, CommandOutcome> {
  constructor(
    private readonly store: EventStore,
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @Inject(LIVE_CLUSTER_CONFIG) private readonly live: LiveClusterConfig,
  ) {}

  async execute({ version, configType }: RollbackToVersion): Promise<CommandOutcome> {
    const sections = await sectionsAt(this.pool, version);
    const restored: Partial<ConfigSections> = configType ? { [configType]: sections[configType] } : sections;
    const outcome = await runCommand(this.store, clusterConfigDecider, new RollbackClusterConfig(version, restored));
    if (outcome.lastEvent) await this.live.refresh();
    return outcome;
  }
}

@QueryHandler(GetClusterConfig)
export class GetClusterConfigHandler implements IQueryHandler<GetClusterConfig, Record<string, unknown>> {
  constructor(
    @Inject(CURRENT_CONFIG_ANSWER) private readonly answer: CurrentConfigAnswer,
    @Inject(DATABASE_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute({ asOf }: GetClusterConfig): Promise<Record<string, unknown>> {
    if (asOf === undefined) return this.answer.data();
    const version = 'version' in asOf ? asOf.version : await versionAt(this.pool, asOf.at);
    return this.answer.withSections(await sectionsAt(this.pool, version));
  }
}

@QueryHandler(ListConfigHistory)
export class ListConfigHistoryHandler implements IQueryHandler<ListConfigHistory, { data: ConfigHistoryRow[]; total_count: number }> {
  constructor(@Inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  execute({ configType, page }: ListConfigHistory) {
    return configHistory(this.pool, { configType, limit: page.limit, offset: page.offset, oldestFirst: page.sort?.direction === 'ASC' });
  }
}

/** The sections at a version of the log; a version past the newest one does not exist (404). */
async function sectionsAt(pool: pg.Pool, version: number): Promise<ConfigSections> {
  const head = await headVersion(pool);
  if (version > head) throw new NotFoundError(`configuration version ${version} does not exist; the newest is ${head}`);
  return sectionsAsOf(pool, version);
}

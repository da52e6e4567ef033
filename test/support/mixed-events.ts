// Many events of many types, appended through the domain's own rules (no HTTP): the log a rebuild replays.
import { randomUUID } from 'node:crypto';
import { type CommandOutcome, runCommand, runCommandAcross } from '#libs/application';
import { aclInTenant, CreateAcl, DeleteAcl } from '#libs/domain/acl';
import { blacklistInTenant, CreateBlacklist, DeleteBlacklist } from '#libs/domain/blacklist';
import { CreateTenant, tenantDecider, UpdateTenant } from '#libs/domain/tenant';
import { CreateTopic, DeleteTopic, topicRules } from '#libs/domain/topic';
import { CreateTopicRewrite, topicRewriteRules } from '#libs/domain/topic-rewrite';
import { CreateUser, DeleteUser, userInTenant } from '#libs/domain/user';
import type { EventStore } from '#libs/event-store';

const NOW = 1_700_000_000;
/** A made-up scrypt hash: the rules keep whatever hash they are given, and nothing here checks a password. */
const PASSWORD_HASH = { algorithm: 'scrypt', n: 16_384, r: 8, p: 1, salt: 'c2FsdA==', hash: 'aGFzaA==' } as const;
/** Tenants appended to at once; each lane works in tenants of its own, so lanes never conflict. */
const LANES = 4;

/**
 * Appends at least `count` events: tenants (created, updated), users, ACL rules, blacklist entries,
 * topics (with the tenant's topic counter) and topic rewrites, a fifth of them deleted again.
 * Names start with `prefix`, so calls with different prefixes never collide.
 */
export async function appendMixedEvents(store: EventStore, count: number, prefix = 'mix'): Promise<void> {
  let appended = 0;
  const lane = async (laneIndex: number) => {
    for (let round = 0; appended < count; round++) {
      const tenant = `${prefix}-${laneIndex}-${round}`;
      appended += await tenantRound(store, tenant);
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)));
}

/** One tenant and ten of each resource in it, two of each deleted again; returns the events appended. */
async function tenantRound(store: EventStore, tenant: string): Promise<number> {
  let events = 0;
  const count = async (outcome: Promise<CommandOutcome>) => {
    events += (await outcome).eventTypes.length;
  };
  await count(runCommand(store, tenantDecider, new CreateTenant(tenant, 'mixed', undefined, NOW)));
  for (let index = 0; index < 10; index++) {
    const name = `r${index}`;
    await count(runCommandAcross(store, userInTenant, new CreateUser(tenant, name, PASSWORD_HASH, index === 0, NOW)));
    await count(
      runCommandAcross(
        store,
        aclInTenant,
        new CreateAcl(tenant, name, {
          desc: '',
          resource_type: 'User',
          resource_name: name,
          topic: `t/${index}/#`,
          ip: '',
          action: 'Publish',
          permission: index % 2 === 0 ? 'Allow' : 'Deny',
        }),
      ),
    );
    await count(
      runCommandAcross(
        store,
        blacklistInTenant,
        new CreateBlacklist(tenant, name, { blacklist_type: 'ClientId', resource_name: `client-${index}`, end_time: NOW + 3600, desc: '' }),
      ),
    );
    await count(
      runCommandAcross(
        store,
        topicRules,
        new CreateTopic(tenant, `topic/${index}`, randomUUID().replaceAll('-', ''), 'EngineMemory', 'MQTT', 1, 1, NOW),
      ),
    );
    await count(
      runCommandAcross(
        store,
        topicRewriteRules,
        new CreateTopicRewrite(tenant, name, undefined, 'All', `in/${index}`, `out/${index}`, '^in/(.*)$', NOW),
      ),
    );
  }
  for (const name of ['r1', 'r2']) {
    await count(runCommandAcross(store, userInTenant, new DeleteUser(tenant, name)));
    await count(runCommandAcross(store, aclInTenant, new DeleteAcl(tenant, name)));
    await count(runCommandAcross(store, blacklistInTenant, new DeleteBlacklist(tenant, name)));
    await count(runCommandAcross(store, topicRules, new DeleteTopic(tenant, `topic/${name.slice(1)}`)));
  }
  await count(runCommand(store, tenantDecider, new UpdateTenant(tenant, 'updated', undefined)));
  return events;
}

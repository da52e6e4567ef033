import { AlreadyExistsError, NotFoundError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { DEFAULT_TENANT_CONFIG, tenantDecider, type TenantEvent } from '../tenant/index.js';
import { CreateAcl, DeleteAcl } from './acl.commands.js';
import type { AclEvent, AclRuleFields } from './acl.events.js';
import { aclDecider, aclInTenant, aclStream } from './acl.js';

const given = deciderSpecification(aclDecider);

const RULE: AclRuleFields = {
  desc: 'sensors publish',
  resource_type: 'ClientId',
  resource_name: 'client001',
  topic: 'sensor/+',
  ip: '10.0.0.0/8',
  action: 'Publish',
  permission: 'Allow',
};
const created = (tenant: string, name: string, rule: AclRuleFields = RULE): AclEvent => ({
  type: 'AclCreated',
  data: { tenant, name, ...rule },
});
const deleted = (tenant: string, name: string): AclEvent => ({ type: 'AclDeleted', data: { tenant, name } });

describe('acl rule', () => {
  it('creating a new rule records the whole rule with its tenant and name', () =>
    given([])
      .when(new CreateAcl('acme', 'r1', RULE))
      .then([created('acme', 'r1')]));

  it('creating a rule whose (tenant, name) exists is refused, whatever the new fields (no upsert)', () =>
    given([created('acme', 'r1')])
      .when(new CreateAcl('acme', 'r1', { ...RULE, permission: 'Deny' }))
      .thenThrows(AlreadyExistsError, 'acl rule r1 already exists in tenant acme'));

  it('deleting an existing rule records its deletion', () =>
    given([created('acme', 'r1')])
      .when(new DeleteAcl('acme', 'r1'))
      .then([deleted('acme', 'r1')]));

  it('deleting a rule that never existed is refused', () =>
    given([]).when(new DeleteAcl('acme', 'ghost')).thenThrows(NotFoundError, 'acl rule ghost not found in tenant acme'));

  it('deleting a rule twice is refused the second time', () =>
    given([created('acme', 'r1'), deleted('acme', 'r1')])
      .when(new DeleteAcl('acme', 'r1'))
      .thenThrows(NotFoundError, 'acl rule r1 not found in tenant acme'));

  it('a deleted rule can be created again, with new fields', () =>
    given([created('acme', 'r1'), deleted('acme', 'r1')])
      .when(new CreateAcl('acme', 'r1', { ...RULE, resource_type: 'Ip', resource_name: '192.168.1.7', ip: '' }))
      .then([created('acme', 'r1', { ...RULE, resource_type: 'Ip', resource_name: '192.168.1.7', ip: '' })]));

  it('the identity is (tenant, name): the same name in two tenants is two streams, and no two pairs share a stream', () => {
    expect(aclDecider.streamId(new DeleteAcl('acme', 'r1'))).toBe('acl-acme/r1');
    expect(aclStream.id('acme', 'r1')).not.toBe(aclStream.id('other', 'r1'));
    expect(aclStream.id('a-b', 'c')).not.toBe(aclStream.id('a', 'b-c'));
    expect(aclStream.id('a/b', 'c')).not.toBe(aclStream.id('a', 'b/c'));
  });
});

describe('acl rule within its tenant', () => {
  const tenant = (events: TenantEvent[]) => events.reduce(tenantDecider.evolve, tenantDecider.initialState());
  const tenantCreated: TenantEvent = {
    type: 'TenantCreated',
    data: { tenant_name: 'acme', desc: '', config: DEFAULT_TENANT_CONFIG, create_time: 1 },
  };
  const tenantDeleted: TenantEvent = { type: 'TenantDeleted', data: { tenant_name: 'acme' } };

  it('given an existing tenant, a create is decided by the rule', () => {
    expect(
      aclInTenant.decide({ tenant: tenant([tenantCreated]), resource: { status: 'absent' } }, new CreateAcl('acme', 'r1', RULE)),
    ).toEqual({
      resource: [created('acme', 'r1')],
    });
  });

  it.each([
    ['never created', []],
    ['deleted', [tenantCreated, tenantDeleted]],
  ])('given a tenant %s, a create is refused with 404 naming the tenant', (_case, events) => {
    const decide = () => aclInTenant.decide({ tenant: tenant(events), resource: { status: 'absent' } }, new CreateAcl('acme', 'r1', RULE));
    expect(decide).toThrow(NotFoundError);
    expect(decide).toThrow('tenant acme not found');
  });

  it('given a deleted tenant, its rules can still be deleted (deleting a tenant does not cascade)', () => {
    expect(
      aclInTenant.decide({ tenant: tenant([tenantCreated, tenantDeleted]), resource: { status: 'active' } }, new DeleteAcl('acme', 'r1')),
    ).toEqual({
      resource: [deleted('acme', 'r1')],
    });
  });
});

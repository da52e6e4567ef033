import { AlreadyExistsError, NotFoundError, RejectedError } from '../shared/index.js';
import { deciderSpecification } from '../shared/decider-specification.js';
import { CreateTenant, DeleteTenant, UpdateTenant } from './tenant.commands.js';
import { DEFAULT_TENANT_CONFIG, type TenantEvent } from './tenant.events.js';
import { tenantDecider } from './tenant.js';

const given = deciderSpecification(tenantDecider);
const NOW = 1_738_800_000;

const created = (tenant_name: string, desc = 'Business A'): TenantEvent => ({
  type: 'TenantCreated',
  data: { tenant_name, desc, config: DEFAULT_TENANT_CONFIG, create_time: NOW },
});

describe('tenant', () => {
  it('creating a new tenant fills omitted quota fields with the defaults', () =>
    given([])
      .when(new CreateTenant('business-a', undefined, { max_topics: 100 }, NOW))
      .then([
        {
          type: 'TenantCreated',
          data: { tenant_name: 'business-a', desc: '', config: { ...DEFAULT_TENANT_CONFIG, max_topics: 100 }, create_time: NOW },
        },
      ]));

  it('creating a tenant that already exists is refused', () =>
    given([created('business-a')])
      .when(new CreateTenant('business-a', 'again', undefined, NOW))
      .thenThrows(AlreadyExistsError, 'tenant business-a already exists'));

  it('updating keeps the description and every quota field the request omits', () =>
    given([created('business-a')])
      .when(new UpdateTenant('business-a', undefined, { max_publish_rate: 20_000 }))
      .then([
        {
          type: 'TenantUpdated',
          data: { tenant_name: 'business-a', desc: 'Business A', config: { ...DEFAULT_TENANT_CONFIG, max_publish_rate: 20_000 } },
        },
      ]));

  it('an update that changes nothing records nothing', () =>
    given([created('business-a')])
      .when(new UpdateTenant('business-a', 'Business A', { max_topics: DEFAULT_TENANT_CONFIG.max_topics }))
      .then([]));

  it('updating a tenant that does not exist is refused', () =>
    given([])
      .when(new UpdateTenant('ghost', 'x', undefined))
      .thenThrows(NotFoundError, 'tenant ghost not found'));

  it('deleting an existing tenant records its deletion', () =>
    given([created('business-a')])
      .when(new DeleteTenant('business-a'))
      .then([{ type: 'TenantDeleted', data: { tenant_name: 'business-a' } }]));

  it('deleting a tenant twice is refused the second time', () =>
    given([created('business-a'), { type: 'TenantDeleted', data: { tenant_name: 'business-a' } }])
      .when(new DeleteTenant('business-a'))
      .thenThrows(NotFoundError));

  it('deleting the default tenant is refused', () =>
    given([created('default', 'Default tenant')])
      .when(new DeleteTenant('default'))
      .thenThrows(RejectedError, 'tenant default cannot be deleted'));

  it('a deleted tenant can be created again, with fresh values', () =>
    given([created('business-a'), { type: 'TenantDeleted', data: { tenant_name: 'business-a' } }])
      .when(new CreateTenant('business-a', 'Reborn', undefined, NOW + 60))
      .then([
        {
          type: 'TenantCreated',
          data: { tenant_name: 'business-a', desc: 'Reborn', config: DEFAULT_TENANT_CONFIG, create_time: NOW + 60 },
        },
      ]));
});

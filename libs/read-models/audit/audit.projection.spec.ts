import { aclStream } from '#libs/domain/acl';
import { blacklistStream } from '#libs/domain/blacklist';
import { defineStreamType } from '#libs/domain/shared';
import { tenantStream } from '#libs/domain/tenant';
import { auditSubject } from './audit.projection.js';

describe('the tenant and name of an audit row', () => {
  it("a tenant's own events: the tenant is the tenant, and so is the name", () => {
    expect(auditSubject('tenant', tenantStream.id('acme-a/b'))).toEqual({ tenant: 'acme-a/b', name: 'acme-a/b' });
  });

  it('a resource in a tenant: the tenant part and the last part of its stream id, percent-decoded', () => {
    expect(auditSubject('acl', aclStream.id('acme/x', 'deny-all'))).toEqual({ tenant: 'acme/x', name: 'deny-all' });
    expect(auditSubject('blacklist', blacklistStream.id('acme', 'a%b'))).toEqual({ tenant: 'acme', name: 'a%b' });
  });

  it('a resource added later needs nothing but its stream type: tenant_name or tenant names the tenant, the last part the name', () => {
    const user = defineStreamType('audit_spec_user', ['tenant_name', 'username']);
    const widget = defineStreamType('audit_spec_widget', ['tenant', 'kind', 'widget_name']);
    const setting = defineStreamType('audit_spec_setting', ['section']);

    expect(auditSubject(user.name, user.id('acme', 'alice'))).toEqual({ tenant: 'acme', name: 'alice' });
    expect(auditSubject(widget.name, widget.id('acme', 'k', 'w/1'))).toEqual({ tenant: 'acme', name: 'w/1' });
    expect(auditSubject(setting.name, setting.id('MqttLimit'))).toEqual({ tenant: null, name: 'MqttLimit' });
  });

  it('a stream type the code does not define: no tenant, the whole identity as the name', () => {
    expect(auditSubject('retired', 'retired-acme/x')).toEqual({ tenant: null, name: 'acme/x' });
  });
});

import { connectorName, connectorsConnection } from '../resolvers/connectors.js';
import { cost } from '../cost/rules.js';
import { requires } from '../auth/requirements.js';
import { SCOPES } from '../auth/scopes.js';
import { builder } from './builder.js';
import { entityByIdField, entityNode } from './nodes.js';
import { ConnectorConnection, ConnectorRef } from './refs.js';

export const ConnectorTypeEnum = builder.enumType('ConnectorType', {
  description: 'What a connector does.',
  values: {
    EMAIL: { value: 'Email', description: 'Sends email (verification codes, invitations).' },
    SMS: { value: 'Sms', description: 'Sends text messages.' },
    SOCIAL: { value: 'Social', description: 'Signs users in with another identity provider.' },
  } as const,
});

builder.node(ConnectorRef, {
  description: 'A connector installed in Logto (read-only summary; its configuration, which holds secrets, is never exposed).',
  authScopes: requires.tenant(SCOPES.readConnectors),
  ...entityNode(ConnectorRef, 'connectors'),
  fields: (t) => ({
    logtoId: t.exposeString('id', { description: "Logto's own id of the connector instance." }),
    connectorId: t.exposeString('connectorId', { description: 'Which connector implementation, e.g. `github-universal`.' }),
    type: t.field({ type: ConnectorTypeEnum, description: 'What it does.', resolve: (connector) => connector.type }),
    name: t.string({ nullable: true, description: 'Display name (English when available).', resolve: (connector) => connectorName(connector) }),
    target: t.exposeString('target', { description: 'For social connectors, the identity provider key stored on users (`identities`).' }),
    platform: t.string({ nullable: true, description: 'Platform: `Native`, `Universal` or `Web`.', resolve: (connector) => connector.platform }),
    isStandard: t.boolean({ description: 'Whether it is a standard OIDC/OAuth connector.', resolve: (connector) => connector.isStandard ?? false }),
    isDemo: t.boolean({ description: 'Whether it is a demo connector.', resolve: (connector) => connector.isDemo ?? false }),
  }),
});

builder.queryFields((t) => ({
  connector: entityByIdField(t, ConnectorRef, 'connectors', { description: 'A connector by global id or Logto id; `null` when there is none.', id: 'Global id or Logto id of the connector.' }),
  connectors: t.connection(
    {
      type: ConnectorRef,
      nullable: true,
      description: 'Connectors installed in the tenant.',
      authScopes: requires.tenant(SCOPES.readConnectors),
      extensions: cost.wholeList(),
      resolve: (_root, args, ctx) => connectorsConnection(ctx, args),
    },
    ConnectorConnection,
  ),
}));

import type { ConnectorRow } from './rows.js';
import type { SandboxStore } from './store.js';

/**
 * A few installed connectors, shaped like `GET /api/connectors` answers them, so the facade's
 * `Connector` type has data to show. Their configs hold made-up secrets on purpose: the facade
 * must never expose a connector's config, and tests look for these values in its answers.
 */
export const SANDBOX_CONNECTOR_SECRETS = ['gh-sandbox-client-secret', 'google-sandbox-client-secret', 'smtp-sandbox-password'];

function connector(fields: {
  id: string;
  connectorId: string;
  type: 'Email' | 'Sms' | 'Social';
  target: string;
  name: string;
  platform: 'Native' | 'Universal' | 'Web' | null;
  isStandard: boolean;
  config: Record<string, unknown>;
}): ConnectorRow {
  return {
    id: fields.id,
    syncProfile: false,
    enableTokenStorage: false,
    config: fields.config,
    metadata: {},
    connectorId: fields.connectorId,
    target: fields.target,
    name: { en: fields.name },
    description: { en: `${fields.name} connector.` },
    logo: `https://logto.example/connectors/${fields.connectorId}.svg`,
    logoDark: null,
    readme: '',
    platform: fields.platform,
    isStandard: fields.isStandard,
    isTokenStorageSupported: fields.type === 'Social',
    type: fields.type,
    isDemo: false,
    extraInfo: {},
    usage: 0,
  };
}

export function seedConnectors(store: SandboxStore): void {
  store.connectors.push(
    connector({
      id: 'githubsocial0',
      connectorId: 'github-universal',
      type: 'Social',
      target: 'github',
      name: 'GitHub',
      platform: 'Universal',
      isStandard: false,
      config: { clientId: 'gh-sandbox-client-id', clientSecret: SANDBOX_CONNECTOR_SECRETS[0] },
    }),
    connector({
      id: 'googlesocial0',
      connectorId: 'google-universal',
      type: 'Social',
      target: 'google',
      name: 'Google',
      platform: 'Universal',
      isStandard: false,
      config: { clientId: 'google-sandbox-client-id', clientSecret: SANDBOX_CONNECTOR_SECRETS[1] },
    }),
    connector({
      id: 'smtpemail000',
      connectorId: 'simple-mail-transfer-protocol',
      type: 'Email',
      target: 'smtp',
      name: 'SMTP',
      platform: null,
      isStandard: false,
      config: { host: 'smtp.example.com', port: 587, username: 'mailer', password: SANDBOX_CONNECTOR_SECRETS[2] },
    }),
  );
}

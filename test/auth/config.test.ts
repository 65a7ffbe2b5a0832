import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/config.js';

const logto = { LOGTO_ENDPOINT: 'https://acme.logto.app', LOGTO_M2M_CLIENT_ID: 'id', LOGTO_M2M_CLIENT_SECRET: 'secret' };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('authentication settings', () => {
  it('verifies JWTs by default against a real Logto, with its issuer, and needs the audience', () => {
    expect(problems(logto)).toEqual([expect.stringMatching(/^AUTH_AUDIENCE: required when AUTH_MODE=jwt/)]);
    const config = loadConfig({ ...logto, AUTH_AUDIENCE: 'https://graphql.acme.test' });
    expect(config.auth).toMatchObject({
      mode: 'jwt',
      audience: 'https://graphql.acme.test',
      issuer: 'https://acme.logto.app/oidc',
      allowUnauthenticated: false,
      selfServiceCustomDataKeys: [],
    });
  });

  it('takes AUTH_ISSUER when Logto is reached through another address than the one it issues tokens under', () => {
    const config = loadConfig({
      ...logto,
      LOGTO_ENDPOINT: 'http://logto.internal:3001',
      AUTH_AUDIENCE: 'https://graphql.acme.test',
      AUTH_ISSUER: 'https://auth.acme.com/oidc/',
    });
    expect(config.auth.issuer).toBe('https://auth.acme.com/oidc');
  });

  it('refuses AUTH_MODE=none against a real Logto unless ALLOW_UNAUTHENTICATED=true', () => {
    expect(problems({ ...logto, AUTH_MODE: 'none' })).toEqual([expect.stringMatching(/^AUTH_MODE: none is refused against a real Logto/)]);
    expect(loadConfig({ ...logto, AUTH_MODE: 'none', ALLOW_UNAUTHENTICATED: 'true' }).auth.mode).toBe('none');
  });

  it('runs without authentication by default only on the embedded sandbox', () => {
    expect(loadConfig({}).auth.mode).toBe('none');
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_AUDIENCE: 'https://graphql.acme.test' }).auth).toMatchObject({ mode: 'jwt', issuer: undefined });
    expect(problems({ AUTH_MODE: 'jwt' })).toEqual([expect.stringMatching(/^AUTH_AUDIENCE: required/)]);
  });

  it('reads the self-service customData keys and rejects bad values in one line each', () => {
    expect(loadConfig({ SELF_SERVICE_CUSTOM_DATA_KEYS: 'theme, locale,theme' }).auth.selfServiceCustomDataKeys).toEqual(['theme', 'locale']);
    expect(problems({ SELF_SERVICE_CUSTOM_DATA_KEYS: 'theme,a b', AUTH_MODE: 'maybe', ALLOW_UNAUTHENTICATED: 'sure', AUTH_ISSUER: 'ftp://x' })).toEqual([
      expect.stringMatching(/^AUTH_MODE: expected jwt or none/),
      expect.stringMatching(/^AUTH_ISSUER: expected an http\(s\) URL/),
      expect.stringMatching(/^ALLOW_UNAUTHENTICATED: expected true or false/),
      expect.stringMatching(/^SELF_SERVICE_CUSTOM_DATA_KEYS: expected comma-separated key names/),
    ]);
  });

  it('stops the server at start with one clear line and exit code 1', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...logto, AUTH_MODE: 'none' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^logto-graphql: AUTH_MODE: none is refused against a real Logto/)]);
  });
});

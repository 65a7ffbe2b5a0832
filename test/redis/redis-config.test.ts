import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/config.js';

describe('Redis configuration', () => {
  it('keeps everything in-process without REDIS_URL, with a local share for two replicas', () => {
    expect(loadConfig({}).redis).toEqual({ url: undefined, tokenKey: undefined, keyPrefix: 'logto-graphql', replicas: 2 });
  });

  it('reads REDIS_URL, REDIS_TOKEN_KEY, REDIS_KEY_PREFIX and LOGTO_REPLICAS', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://default:pw@redis.internal:6380/2',
      REDIS_TOKEN_KEY: 'sixteen-chars-or-more',
      REDIS_KEY_PREFIX: 'acme:prod',
      LOGTO_REPLICAS: '4',
    });
    expect(config.redis).toEqual({ url: 'rediss://default:pw@redis.internal:6380/2', tokenKey: 'sixteen-chars-or-more', keyPrefix: 'acme:prod', replicas: 4 });
  });

  it('refuses a bad value with one line each, never echoing the URL (it may hold a password)', () => {
    const problems = (() => {
      try {
        loadConfig({ REDIS_URL: 'http://user:hunter2@redis:6379', REDIS_TOKEN_KEY: 'short', LOGTO_REPLICAS: '0' });
      } catch (error) {
        return error instanceof ConfigError ? error.problems : [];
      }
      return [];
    })();
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.join('\n')).not.toContain('short');
    expect(problems.find((line) => line.startsWith('REDIS_URL'))).toContain('redis://');
  });
});

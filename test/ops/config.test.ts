/** The operations variables: defaults, parsing, and one clear line per bad value. */
import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/config.js';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('operations configuration', () => {
  it('has production-safe defaults', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({
      corsOrigins: undefined,
      corsCredentials: false,
      maxBodyBytes: 1_048_576,
      maxDocumentLength: 20_000,
      persistedOperationsFile: undefined,
      persistedOperationsOnly: false,
      cacheMaxAgeSeconds: 0,
    });
    expect(config.metrics).toEqual({ port: undefined, host: '0.0.0.0', token: undefined });
    expect(config.lifecycle).toEqual({ shutdownTimeoutMs: 10_000, readinessCacheMs: 5_000 });
    expect(config.logFormat).toBeUndefined();
    expect(config.production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ production: true, graphiql: false });
  });

  it('parses the values', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      CORS_CREDENTIALS: 'true',
      METRICS_PORT: '9464',
      METRICS_HOST: '127.0.0.1',
      METRICS_TOKEN: 'a-long-enough-token',
      MAX_BODY_BYTES: '2048',
      MAX_DOCUMENT_LENGTH: '500',
      PERSISTED_OPERATIONS_FILE: './ops.json',
      PERSISTED_OPERATIONS_ONLY: 'true',
      HTTP_CACHE_MAX_AGE_SECONDS: '60',
      SHUTDOWN_TIMEOUT_MS: '2500',
      READINESS_CACHE_MS: '0',
      LOG_FORMAT: 'pretty',
    });
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(config.http).toMatchObject({ corsCredentials: true, maxBodyBytes: 2048, maxDocumentLength: 500, persistedOperationsOnly: true, cacheMaxAgeSeconds: 60 });
    expect(config.metrics).toEqual({ port: 9464, host: '127.0.0.1', token: 'a-long-enough-token' });
    expect(config.lifecycle).toEqual({ shutdownTimeoutMs: 2500, readinessCacheMs: 0 });
    expect(config.logFormat).toBe('pretty');
    expect(loadConfig({ CORS_ORIGINS: '*' }).http.corsOrigins).toBe('*');
  });

  it('stops on a bad value with one line each, never echoing a token', () => {
    expect(problemsOf({ MAX_BODY_BYTES: '-1', SHUTDOWN_TIMEOUT_MS: 'soon', METRICS_PORT: '70000', LOG_FORMAT: 'xml' })).toEqual([
      'SHUTDOWN_TIMEOUT_MS: SHUTDOWN_TIMEOUT_MS must be a number (got "soon")',
      'METRICS_PORT: must be between 0 and 65535 (got "70000")',
      'MAX_BODY_BYTES: MAX_BODY_BYTES must be positive (got "-1")',
      expect.stringMatching(/^LOG_FORMAT: .*json.*pretty.* \(got "xml"\)$/),
    ]);
    const [tokenProblem] = problemsOf({ METRICS_TOKEN: 'short' });
    expect(tokenProblem).toBe('METRICS_TOKEN: must be at least 16 characters');
    expect(problemsOf({ HTTP_CACHE_MAX_AGE_SECONDS: '999999' })).toEqual(['HTTP_CACHE_MAX_AGE_SECONDS: must be at most 86400 (got "999999")']);
  });
});

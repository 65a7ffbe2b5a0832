import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/config.js';

describe('FEDERATION', () => {
  it('is off by default and on with true', () => {
    expect(loadConfig({}).federation).toBe(false);
    expect(loadConfig({ FEDERATION: 'true' }).federation).toBe(true);
    expect(loadConfig({ FEDERATION: 'false' }).federation).toBe(false);
  });

  it('stops the start with one clear line for a bad value', () => {
    let error: unknown;
    try {
      loadConfig({ FEDERATION: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['FEDERATION: expected true or false (got "maybe")']);
  });
});

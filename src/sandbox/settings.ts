import { z } from 'zod';

import type { ConfigurableOptions, RateLimitOption } from './types.js';

/** The knobs that can change while the sandbox runs (`configure`, `POST /__sandbox/config`). */
export type RuntimeSettings = {
  latencyMs: number | readonly [number, number];
  rateLimit: RateLimitOption | undefined;
  faultRate: number;
  tokenTtlSeconds: number;
};

const latencySchema = z.union([
  z.number().min(0),
  z
    .tuple([z.number().min(0), z.number().min(0)])
    .refine(([min, max]) => min <= max, 'latency range must be [min, max] with min <= max'),
]);

/** `null` switches the rate limit off over HTTP, where `undefined` cannot be sent. */
export const configurableSchema = z
  .object({
    latencyMs: latencySchema.optional(),
    rateLimit: z
      .object({ limit: z.number().int().positive(), windowMs: z.number().positive() })
      .nullable()
      .optional(),
    faultRate: z.number().min(0).max(1).optional(),
    tokenTtlSeconds: z.number().positive().optional(),
  })
  .strict();

export type SettingsChange = Omit<ConfigurableOptions, 'rateLimit'> & { rateLimit?: RateLimitOption | null };

/**
 * Validate and apply changes. A key that is present with `undefined` (or `null`) switches that knob
 * off; an absent key leaves it alone. Throws a TypeError naming the bad setting.
 */
export function applySettings(settings: RuntimeSettings, changes: unknown): void {
  const parsed = configurableSchema.safeParse(changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`Invalid sandbox setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const given = new Set(Object.keys(changes as object));
  const value: SettingsChange = parsed.data;
  if (given.has('latencyMs')) settings.latencyMs = value.latencyMs ?? 0;
  if (given.has('rateLimit')) settings.rateLimit = value.rateLimit ?? undefined;
  if (given.has('faultRate')) settings.faultRate = value.faultRate ?? 0;
  if (given.has('tokenTtlSeconds') && value.tokenTtlSeconds !== undefined) settings.tokenTtlSeconds = value.tokenTtlSeconds;
}

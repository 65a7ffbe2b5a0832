import { parseArgs } from 'node:util';

import { z } from 'zod';

import { parseRateLimit } from '../config.js';
import { startSandbox } from './index.js';
import type { Sandbox, SandboxOptions } from './types.js';

/** Each flag and the environment variable that sets it when the flag is absent. */
const FLAGS = {
  port: 'SANDBOX_PORT',
  host: 'SANDBOX_HOST',
  'client-id': 'SANDBOX_CLIENT_ID',
  'client-secret': 'SANDBOX_CLIENT_SECRET',
  'latency-ms': 'SANDBOX_LATENCY_MS',
  'rate-limit': 'SANDBOX_RATE_LIMIT',
  'fault-rate': 'SANDBOX_FAULT_RATE',
  seed: 'SANDBOX_SEED',
  users: 'SANDBOX_USERS',
  'token-ttl': 'SANDBOX_TOKEN_TTL',
} as const;

type Flag = keyof typeof FLAGS;

const USAGE = `Usage: npm run sandbox -- [options]   (each option also reads the env variable shown)
  --port <n>             SANDBOX_PORT           port to listen on; 0 = a free one (default 3001)
  --host <host>          SANDBOX_HOST           interface (default 127.0.0.1)
  --client-id <id>       SANDBOX_CLIENT_ID      M2M client id the token endpoint accepts
  --client-secret <s>    SANDBOX_CLIENT_SECRET  its secret
  --latency-ms <n|a-b>   SANDBOX_LATENCY_MS     added latency, fixed or a jitter range (e.g. 20-40)
  --rate-limit <n/w>     SANDBOX_RATE_LIMIT     sliding-window limit, e.g. 200/10s (default: none)
  --fault-rate <0..1>    SANDBOX_FAULT_RATE     fraction of /api requests that fail (503 or reset)
  --seed <n>             SANDBOX_SEED           data and fault seed
  --users <n>            SANDBOX_USERS          number of seeded users (default 1200)
  --token-ttl <s>        SANDBOX_TOKEN_TTL      access token lifetime in seconds (default 3600)`;

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^-?\d+$/, 'expected a whole number')
    .transform(Number)
    .refine((value) => value >= min && value <= max, `expected a number from ${min} to ${max}`);

const cliSchema = z.object({
  port: integer(0, 65_535).optional(),
  host: z.string().min(1, 'expected a host name or address').optional(),
  'client-id': z.string().min(1, 'must not be empty').optional(),
  'client-secret': z.string().min(1, 'must not be empty').optional(),
  'latency-ms': z
    .string()
    .transform((value, context) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(value);
      const min = Number(match?.[1]);
      const max = match?.[2] === undefined ? undefined : Number(match[2]);
      if (!match || (max !== undefined && max < min)) {
        context.addIssue({ code: 'custom', message: 'expected <ms> or <min>-<max>, e.g. 20-40' });
        return z.NEVER;
      }
      return max === undefined ? min : ([min, max] as const);
    })
    .optional(),
  'rate-limit': z
    .string()
    .transform((value, context) => {
      const parsed = parseRateLimit(value);
      if (!parsed) {
        context.addIssue({ code: 'custom', message: 'expected <requests>/<window>, e.g. 200/10s' });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
  'fault-rate': z
    .string()
    .transform(Number)
    .refine((value) => Number.isFinite(value) && value >= 0 && value <= 1, 'expected a fraction from 0 to 1, e.g. 0.2')
    .optional(),
  seed: integer(-2_147_483_648, 2_147_483_647).optional(),
  users: integer(0, 1_000_000).optional(),
  'token-ttl': integer(1).optional(),
});

export type CliIo = { readonly out: (line: string) => void; readonly err: (line: string) => void };

export type CliResult = { readonly sandbox: Sandbox } | { readonly exitCode: number };

/**
 * Parse flags (falling back to `SANDBOX_*` variables), start the sandbox and print how to use it.
 * A bad value prints one line naming the flag and returns exit code 1.
 */
export async function runCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo): Promise<CliResult> {
  let values: Partial<Record<Flag | 'help', string | boolean>>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error: unknown) {
    io.err(`sandbox: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see --help)`);
    return { exitCode: 1 };
  }
  if (values.help) {
    io.out(USAGE);
    return { exitCode: 0 };
  }

  const raw: Partial<Record<Flag, string>> = {};
  for (const [flag, variable] of Object.entries(FLAGS) as [Flag, string][]) {
    const value = values[flag] ?? (env[variable]?.trim() ? env[variable] : undefined);
    if (typeof value === 'string') raw[flag] = value;
  }
  const parsed = cliSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue?.path[0] ?? '') as Flag;
    // Never echo a secret back, even a malformed one.
    const shown = flag === 'client-secret' || raw[flag] === undefined ? '' : ` (got "${raw[flag]}")`;
    io.err(`sandbox: --${flag} / ${FLAGS[flag]}: ${issue?.message ?? 'invalid value'}${shown}`);
    return { exitCode: 1 };
  }
  const cli = parsed.data;
  const options: SandboxOptions = {
    port: cli.port ?? 3001,
    host: cli.host,
    clientId: cli['client-id'],
    clientSecret: cli['client-secret'],
    latencyMs: cli['latency-ms'],
    rateLimit: cli['rate-limit'],
    faultRate: cli['fault-rate'],
    seed: cli.seed,
    users: cli.users,
    tokenTtlSeconds: cli['token-ttl'],
  };

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error: unknown) {
    io.err(`sandbox: could not start: ${error instanceof Error ? error.message : String(error)}`);
    return { exitCode: 1 };
  }
  printBanner(sandbox, options, io);
  return { sandbox };
}

function printBanner(sandbox: Sandbox, options: SandboxOptions, io: CliIo): void {
  const latency = options.latencyMs;
  const knobs = [
    `latency ${Array.isArray(latency) ? `${latency[0]}-${latency[1]} ms` : `${String(latency ?? 0)} ms`}`,
    `rate limit ${options.rateLimit ? `${options.rateLimit.limit}/${options.rateLimit.windowMs} ms` : 'off'}`,
    `fault rate ${options.faultRate ?? 0}`,
    `token ttl ${options.tokenTtlSeconds ?? 3600} s`,
    `${sandbox.store.users.size} users`,
  ].join(', ');
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
  io.out(`Logto sandbox listening on ${sandbox.url}`);
  io.out(`  Management API:     ${sandbox.url}/api`);
  io.out(`  API resource:       ${sandbox.managementApiResource}`);
  io.out(`  M2M client id:      ${sandbox.clientId}`);
  io.out(`  M2M client secret:  ${sandbox.clientSecret}`);
  io.out(`  Settings:           ${knobs}`);
  io.out('  Get a token:');
  io.out(
    `    curl -s -u ${quote(`${sandbox.clientId}:${sandbox.clientSecret}`)} -d grant_type=client_credentials ` +
      `--data-urlencode resource=${quote(sandbox.managementApiResource)} -d scope=all ${sandbox.url}/oidc/token`,
  );
}

import { runCli } from './cli.js';

/** `npm run sandbox -- --port 3001 ...`: run the sandbox until SIGINT or SIGTERM. */
const result = await runCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

if ('exitCode' in result) {
  process.exitCode = result.exitCode;
} else {
  const { sandbox } = result;
  const shutdown = (signal: NodeJS.Signals) => {
    process.stdout.write(`Received ${signal}, closing the sandbox\n`);
    // A stuck close must not keep the process alive forever.
    setTimeout(() => process.exit(1), 5_000).unref();
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

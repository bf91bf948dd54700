/**
 * Child process for run-logger.test.ts: logs 500 entries and a last error line, awaits flushAndClose the way the
 * CLI does, then ends with exit code 22, either by process.exitCode (the CLI's way) or by process.exit (the way
 * that loses buffered lines if the close did not really wait).
 */
import { createRunLogger, flushAndClose } from '../../../../src/logging/run-logger';

async function run(logDir: string, mode: string): Promise<void> {
  const logger = createRunLogger({ logDir, component: 'fix', runId: 'child', maxBytes: 10_000_000 });
  for (let i = 0; i < 500; i++) logger.info(`entry ${i}`, { i, padding: 'p'.repeat(100) });
  logger.error('LAST LINE before exit 22');
  await flushAndClose(logger);
  if (mode === 'exit') process.exit(22);
  process.exitCode = 22;
}

void run(process.argv[2] as string, process.argv[3] as string);

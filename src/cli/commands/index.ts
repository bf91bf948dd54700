/**
 * Every CLI command, one module each. A command module exports a yargs CommandModule whose handler stores its
 * ExitCode through `setExitCode` (src/cli/command-result.ts); it never calls process.exit.
 */
import type { CommandModule } from 'yargs';
import { auditCommand } from './audit';
import { detectCommand } from './detect';
import { packageCommand } from './package';
import { reportCommand } from './report';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
commands.push(auditCommand);
commands.push(detectCommand);
commands.push(packageCommand);
commands.push(reportCommand);

/**
 * Every CLI command, one module each. A command module exports a yargs CommandModule whose handler stores its
 * ExitCode through `setExitCode` (src/cli/command-result.ts); it never calls process.exit (the one exception: a
 * simulated power cut ends the process at once, src/cli/commands/fix.ts).
 */
import type { CommandModule } from 'yargs';
import { auditCommand } from './audit';
import { detectCommand } from './detect';
import { fixCommand, resumeCommand } from './fix';
import { packageCommand } from './package';
import { reportCommand } from './report';
import { statusCommand } from './status';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [];
commands.push(auditCommand);
commands.push(detectCommand);
commands.push(fixCommand);
commands.push(resumeCommand);
commands.push(statusCommand);
commands.push(packageCommand);
commands.push(reportCommand);

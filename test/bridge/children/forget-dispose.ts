/**
 * Child process for test/powershell/bridge/lifecycle.test.ts: uses a session and never disposes it, then ends
 * the way FORGET_MODE says. Node must still exit (an idle session holds no reference on the event loop) and
 * the exit hook in session.ts must kill pwsh. Prints the pid so the test can check it is gone.
 */
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { PowerShellSession } from '../../../src/adapters/powershell/session';

async function main(): Promise<void> {
  const session = new PowerShellSession({
    location: locatePowerShell(),
    callTimeoutMs: 60_000,
    libraries: [],
    onProcessStart: (pid) => console.log(JSON.stringify({ pid })),
  });
  const envelope = await session.runScript('Get-Echo', 'param($Text) $Text', { Text: 'alive' });
  console.log(JSON.stringify({ envelope }));
  const mode = process.env['FORGET_MODE'];
  if (mode === 'exit') process.exit(3);
  if (mode === 'throw') throw new Error('deliberate crash with a live session');
  // 'return': just fall off the end with the session open.
}

void main();

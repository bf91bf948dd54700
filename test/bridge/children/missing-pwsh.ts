/**
 * Child process for test/powershell/bridge/lifecycle.test.ts: PowerShell is missing. Node must report typed
 * errors and exit normally; an unhandled rejection (docs/reference/fleet-tools.md#errors-and-timeouts-of-a-persistent-shell: node-powershell's early spawn failure)
 * would end this process with exit code 1 before the last line is printed.
 */
import { openSession } from '../../../src/adapters/powershell/open-session';
import { PowerShellSession } from '../../../src/adapters/powershell/session';

function report(step: string, error: unknown): void {
  const e = error as { name?: string; code?: string; message?: string };
  console.log(JSON.stringify({ step, name: e.name, code: e.code, message: e.message }));
}

async function main(): Promise<void> {
  // 1. WINREFIX_POWERSHELL names a file that does not exist: refused when the session is opened.
  try {
    openSession();
    console.log(JSON.stringify({ step: 'override', name: 'none' }));
  } catch (error) {
    report('override', error);
  }

  // 2. A location whose executable does not exist: the spawn fails. Wait between construction and the first
  //    call (the window in which node-powershell's unobserved exit promise used to kill Node), then call twice.
  const session = new PowerShellSession({
    location: { executable: process.env['MISSING_EXE'] ?? '/nonexistent/pwsh', flavour: 'pwsh' },
    callTimeoutMs: 20_000,
    libraries: [],
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const step of ['first-call', 'second-call']) {
    try {
      await session.runScript('Get-Echo', 'param($Text) $Text', { Text: 'x' });
      console.log(JSON.stringify({ step, name: 'none' }));
    } catch (error) {
      report(step, error);
    }
  }
  await session.dispose();
  await new Promise((resolve) => setTimeout(resolve, 300));
  console.log(JSON.stringify({ step: 'end' }));
}

void main();

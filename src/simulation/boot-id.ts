/** The boot identity of a simulated PC: its simulator boot count (simulator/70-Reboot.ps1 increments it). */
import * as fs from 'node:fs';

export function simulatedBootId(machinePath: string): string {
  try {
    const machine = JSON.parse(fs.readFileSync(machinePath, 'utf8')) as { trace?: { boots?: number } };
    return `simulated-boot-${machine.trace?.boots ?? 0}`;
  } catch {
    return 'simulated-boot-unknown';
  }
}

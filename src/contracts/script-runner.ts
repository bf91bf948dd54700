/**
 * The port between the TypeScript side and the ps-scripts: run one script by name, get its validated result.
 * The engine depends on this interface only; src/adapters/powershell/script-runner.ts implements it over a real
 * PowerShell session, tests and src/simulation implement or wrap it in memory. Naming is mechanical
 * (CONTRIBUTING.md): script `Get-OsFacts` -> ps-scripts/Get-OsFacts.ps1 -> schemas/get-os-facts.schema.json.
 */
export interface ScriptRunner {
  run<T>(script: string, params?: Record<string, unknown>): Promise<T>;
  /** Names of the scripts run so far, in order (the audit-only promise is tested against this). */
  readonly invoked: readonly string[];
}

/**
 * The ScriptRunner port (src/contracts/script-runner.ts) over a PowerShell session: runs one ps-script by name
 * in the session and returns its result only after it passed its schema.
 * Naming is mechanical (CONTRIBUTING.md): script `Get-OsFacts` -> file `ps-scripts/Get-OsFacts.ps1`
 * -> schema `schemas/get-os-facts.schema.json`.
 */
import { readAsset } from '../../assets';
import { ContractViolationError, ScriptFailedError, ScriptForbiddenError } from '../../errors';
import { assertValid, describeErrors, validatorFor } from '../../schemas/validators';
import { callLimitFor, isMutating } from './call-limits';
import type { PowerShellSession } from './session';
import type { ScriptRunner } from '../../contracts/script-runner';

export function schemaNameOf(script: string): string {
  return script
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

// The read-only verbs live with the call limits, which also sort scripts by them.
export { isMutating };

export interface ScriptRunnerOptions {
  /** Audit and detect: refuse any mutating script before it is even loaded into PowerShell. */
  readonly readOnly: boolean;
  /**
   * The narrow exception to readOnly: these mutating scripts (exact names) may still run. Only two runners use
   * it, each with exactly one script (src/app/run-context.ts): the status record's (Set-WinReFixStatusRecord) and
   * the state folder gate's (New-StateFolder); the runner every command works with (RunContext.runner) never
   * has one.
   */
  readonly allowMutating?: readonly string[];
  /** Folder of the scripts (relative to the package); tests point it at their own scripts. */
  readonly folder?: string;
  /** Schema name for a script, when it is not the mechanical one (tests only). */
  readonly schemaFor?: (script: string) => string;
}

const ENVELOPE_SCHEMA = 'envelope';

export class PowerShellScriptRunner implements ScriptRunner {
  readonly invoked: string[] = [];

  constructor(
    private readonly session: PowerShellSession,
    private readonly options: ScriptRunnerOptions,
  ) {}

  async run<T>(script: string, params: Record<string, unknown> = {}): Promise<T> {
    if (!/^[A-Z][A-Za-z]+-[A-Za-z0-9]+$/.test(script))
      throw new Error(`Not a Verb-Noun script name: ${script}`);
    if (this.options.readOnly && isMutating(script) && !(this.options.allowMutating ?? []).includes(script)) {
      throw new ScriptForbiddenError(
        `${script} changes the machine and this run is read-only; it was not loaded.`,
        {
          context: { script },
        },
      );
    }
    // PowerShell parameter names are case-insensitive: two keys differing only in case would reach the script
    // as one parameter (or fail to decode). Refuse that here, clearly, before anything runs.
    const seen = new Map<string, string>();
    for (const key of Object.keys(params)) {
      const other = seen.get(key.toLowerCase());
      if (other !== undefined)
        throw new Error(`${script}: parameters "${other}" and "${key}" differ only in case.`);
      seen.set(key.toLowerCase(), key);
    }
    const folder = this.options.folder ?? 'ps-scripts';
    const source = readAsset(`${folder}/${script}.ps1`);
    this.invoked.push(script);
    // The one table of limits (call-limits.ts); overrides exist only on a simulated PC (src/app/open-session.ts).
    const limitMs = callLimitFor(script, this.session.callLimits);
    const envelope = await this.session.runScript(script, source, params, limitMs);
    const checkedEnvelope = validatorFor(ENVELOPE_SCHEMA);
    if (!checkedEnvelope(envelope)) {
      throw new ContractViolationError(
        script,
        `schemas/${ENVELOPE_SCHEMA}.schema.json`,
        describeErrors(checkedEnvelope.errors),
      );
    }
    if (!envelope.ok) throw new ScriptFailedError(script, envelope.error);
    const schema = this.options.schemaFor ? this.options.schemaFor(script) : schemaNameOf(script);
    return assertValid<T>(schema, envelope.data, script);
  }
}

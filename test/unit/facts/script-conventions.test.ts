/**
 * The fact scripts keep the house rules that make them safe to run in an audit (docs/reference/design-models.md#thin-powershell-scripts): a Get
 * verb (so a read-only runner accepts them), [CmdletBinding()] with a param block, strict mode, help whose
 * .OUTPUTS names the schema the runner validates against, and no command that changes anything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMutating, schemaNameOf } from '../../../src/adapters/powershell/script-runner';
import { FACT_SCRIPTS } from '../../../src/engine/facts/gather';
import { projectRoot } from '../../../src/project-root';

const read = (script: string) =>
  fs.readFileSync(path.join(projectRoot(), 'ps-scripts', `${script}.ps1`), 'utf8');

/** Verbs of commands that change a machine; none may appear as a command in a fact script. */
const MUTATING_COMMANDS =
  /\b(Set|New|Remove|Resize|Format|Add|Clear|Initialize|Suspend|Resume|Enable|Disable|Mount|Dismount|Repair|Optimize|Rename|Move|Copy|Out)-[A-Z][A-Za-z]+/;

describe.each(FACT_SCRIPTS)('%s', (script) => {
  const text = read(script);

  it('is a read-only Get- script with its schema named in .OUTPUTS', () => {
    expect(isMutating(script)).toBe(false);
    expect(fs.existsSync(path.join(projectRoot(), 'schemas', `${schemaNameOf(script)}.schema.json`))).toBe(
      true,
    );
    expect(text).toMatch(
      new RegExp(`\\.OUTPUTS\\s+One object, schemas/${schemaNameOf(script)}\\.schema\\.json`),
    );
  });

  it('has [CmdletBinding()], a param block and strict mode 3.0', () => {
    expect(text).toMatch(/\[CmdletBinding\(\)\]\s*\r?\nparam\(/);
    expect(text).toMatch(/^Set-StrictMode -Version 3\.0$/m);
  });

  it('calls no mutating command and writes no file (reagentc only through Invoke-ReAgentC /info)', () => {
    // Set-StrictMode and New-Object (a List, the WU session COM object) change no machine state.
    const code = text
      .replace(/<#[\s\S]*?#>/g, '')
      .replace(/#.*$/gm, '')
      .replace(/\b(Set-StrictMode|New-Object)\b/g, '');
    expect(code).not.toMatch(MUTATING_COMMANDS);
    expect(code).not.toMatch(
      /Out-File|Set-Content|Add-Content|\[System\.IO\.File\]::Write|>\s*(?!\$null\b)\$?[\w:\\]/,
    );
    for (const m of code.matchAll(/Invoke-ReAgentC\s+-Arguments\s+@\(([^)]*)\)/g))
      expect(m[1]).toBe("'/info'");
    expect(code).not.toMatch(/\breagentc(\.exe)?\s+\//i);
  });

  it('is pure ASCII (Windows PowerShell 5.1 reads BOM-less files in the ANSI code page)', () => {
    expect([...text].every((c) => c.charCodeAt(0) < 128)).toBe(true);
  });
});

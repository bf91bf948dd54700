/** The naming rule (CONTRIBUTING.md) and the read-only verb list of the script runner. */
import { isMutating, schemaNameOf } from '../../../src/adapters/powershell/script-runner';

describe('schemaNameOf: Verb-Noun.ps1 -> kebab-case schema name', () => {
  it.each([
    ['Get-OsFacts', 'get-os-facts'],
    ['Get-DiskLayout', 'get-disk-layout'],
    ['Get-WinReStatus', 'get-win-re-status'],
    ['Get-WinREInfo', 'get-win-re-info'],
    ['Resize-OsPartition', 'resize-os-partition'],
    ['Test-BitLocker', 'test-bit-locker'],
    ['Get-Echo', 'get-echo'],
  ])('%s -> %s', (script, schema) => expect(schemaNameOf(script)).toBe(schema));
});

describe('isMutating: only known read-only verbs may run in audit/detect', () => {
  it.each([
    'Get-DiskLayout',
    'Test-Anything',
    'Measure-Image',
    'Find-Recovery',
    'Read-Log',
    'Resolve-Path',
    'ConvertFrom-Wim',
  ])('%s is read-only', (s) => expect(isMutating(s)).toBe(false));
  it.each([
    'Set-Partition',
    'Resize-OsPartition',
    'New-RecoveryPartition',
    'Remove-Partition',
    'Invoke-Misbehave',
    'Enable-WinRe',
    'Disable-WinRe',
    'Suspend-BitLocker',
    'Start-Anything',
  ])('%s is mutating (unknown verbs count as mutating)', (s) => expect(isMutating(s)).toBe(true));
});

/**
 * The one registry reader of the ps-scripts (Get-WinReFixRegistryValue, ps-scripts/lib/Registry.ps1), read over
 * the simulated registry: a missing key and a missing value read as $null, never as an error; an empty string
 * stays '' (it is not absence); values keep their type unless -AsString; a one-element REG_MULTI_SZ stays an array.
 * Get-OsFacts and Get-WinReStatus used to carry their own copies with different null rules.
 */
import * as fs from 'node:fs';
import { fixturePath, openSimHarness, type SimHarness } from '../../support/harness';

jest.setTimeout(120_000);

const KEY = 'HKLM:\\SOFTWARE\\WinReFixRegistryTest';

describe('Get-WinReFixRegistryValue null rules', () => {
  let h: SimHarness;
  let got: Record<string, { isNull: boolean; type: string; value: unknown }>;
  let errors: string[] = [];

  beforeAll(async () => {
    const machine = JSON.parse(fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8')) as Record<
      string,
      unknown
    >;
    machine.registry = {
      [KEY]: {
        Empty: '',
        Text: 'abc',
        Number: 5,
        OneLine: { kind: 'MultiString', value: ['only'] },
      },
    };
    h = openSimHarness(machine, { readOnly: true });
    const result = await h.snippet(
      `function Describe($v) {
           $type = ''
           if ($null -ne $v) { $type = $v.GetType().Name }
           [ordered]@{ isNull = ($null -eq $v); type = $type; value = $v }
       }
       $key = '${KEY}'
       $out = [ordered]@{}
       $out.missingKey = Describe (Get-WinReFixRegistryValue -Path ($key + '\\Absent') -Name 'Text')
       $out.missingValue = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Absent')
       $out.empty = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Empty')
       $out.emptyAsString = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Empty' -AsString)
       $out.missingAsString = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Absent' -AsString)
       $out.text = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Text')
       $out.number = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Number')
       $out.numberAsString = Describe (Get-WinReFixRegistryValue -Path $key -Name 'Number' -AsString)
       $one = Get-WinReFixRegistryValue -Path $key -Name 'OneLine'
       $out.oneLine = [ordered]@{ isNull = ($null -eq $one); type = $one.GetType().Name; value = @($one) }
       $out`,
    );
    // The missing key is a non-terminating PathNotFound, silenced (it lands in $Error, as on Windows, but is
    // never thrown); nothing else may go wrong.
    errors = result.errors.map((e) => e.fullyQualifiedErrorId);
    got = result.output[0] as typeof got;
  });

  afterAll(async () => {
    await h.dispose();
  });

  it('a missing key or a missing value is $null, without an error', () => {
    expect(got.missingKey).toEqual({ isNull: true, type: '', value: null });
    expect(got.missingValue).toEqual({ isNull: true, type: '', value: null });
    expect(got.missingAsString).toEqual({ isNull: true, type: '', value: null });
    expect(errors).toEqual(['PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand']);
  });

  it('an empty string is an empty string, not absence', () => {
    expect(got.empty).toEqual({ isNull: false, type: 'String', value: '' });
    expect(got.emptyAsString).toEqual({ isNull: false, type: 'String', value: '' });
  });

  it('values keep their registry type unless -AsString', () => {
    expect(got.text).toEqual({ isNull: false, type: 'String', value: 'abc' });
    expect(got.number).toEqual({ isNull: false, type: 'Int32', value: 5 });
    expect(got.numberAsString).toEqual({ isNull: false, type: 'String', value: '5' });
    expect(got.oneLine).toEqual({ isNull: false, type: 'String[]', value: ['only'] });
  });
});

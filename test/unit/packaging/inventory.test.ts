/**
 * What the packages ship for the status record: the ConfigMgr hardware inventory MOFs and the Intune custom
 * compliance rules are made from STATUS_RECORD_VALUES and the key the ps-script writes, the rules have the shape
 * Microsoft documents, and the discovery scripts and the rules agree on names and limits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readAsset } from '../../../src/assets';
import { STATUS_RECORD_KEY, STATUS_RECORD_VALUES } from '../../../src/engine/status-record';
import {
  configurationMof,
  importMof,
  intuneComplianceRules,
  INVENTORY_CLASS,
  RECORD_MAX_AGE_DAYS,
} from '../../../src/packaging/inventory';
import { validatorFor } from '../../../src/schemas/validators';
import { projectRoot } from '../../../src/project-root';

const mofType = (kind: string) => (kind === 'DWord' ? 'uint32' : 'string');

describe('ConfigMgr hardware inventory MOFs', () => {
  const config = configurationMof('1.0.0');
  const imported = importMof('1.0.0');

  it('configuration.mof: one class property and one RegPropProv context per record value, in root\\cimv2', () => {
    expect(config).toContain('#pragma namespace ("\\\\\\\\.\\\\root\\\\cimv2")\n');
    const classBody = /class WinReFix_StatusRecord\n\{\n([\s\S]*?)\n\};/.exec(config)?.[1] ?? '';
    expect(classBody.split('\n').map((l) => l.trim())).toEqual([
      '[key] string KeyName;',
      ...STATUS_RECORD_VALUES.map((v) => `${mofType(v.kind)} ${v.name};`),
    ]);
    const contexts = [
      ...config.matchAll(
        /\[PropertyContext\("Local\|(.*?)\|(\w+)"\), Dynamic, Provider\("RegPropProv"\)\] (\w+);/g,
      ),
    ];
    expect(contexts.map((m) => [m[1], m[2], m[3]])).toEqual(
      STATUS_RECORD_VALUES.map((v) => [STATUS_RECORD_KEY.replace(/\\/g, '\\\\'), v.name, v.name]),
    );
    // The key the ps-script writes (its result's `key`), as the MOF spells it with escaped backslashes.
    expect(readAsset('ps-scripts/Set-WinReFixStatusRecord.ps1')).toContain(`'${STATUS_RECORD_KEY}'`);
  });

  it('import MOF: the same properties, reported, read through the 64-bit provider', () => {
    expect(imported).toContain('#pragma namespace ("\\\\\\\\.\\\\root\\\\cimv2\\\\SMS")\n');
    expect(imported).toContain('SMS_Context_1("__ProviderArchitecture=64|uint32")');
    expect(imported).toContain('SMS_Context_2("__RequiredArchitecture=true|boolean")');
    expect(imported).toContain(`class ${INVENTORY_CLASS} : SMS_Class_Template`);
    const props = [...imported.matchAll(/^ {4}\[SMS_Report\(TRUE\)\] (\w+) (\w+);$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(props).toEqual(STATUS_RECORD_VALUES.map((v) => [mofType(v.kind), v.name]));
    expect(imported).toContain('[SMS_Report(TRUE), key] string KeyName;');
  });

  it('is plain ASCII (the console imports it as such)', () => {
    const outside = [...(config + imported)].filter((c) => c !== '\n' && (c < ' ' || c > '~'));
    expect(outside).toEqual([]);
  });
});

describe('Intune custom compliance rules', () => {
  const valid = validatorFor('intune-compliance-rules');
  const rules = intuneComplianceRules();

  it('validate against the documented shape', () => {
    expect(valid(rules)).toBe(true);
  });

  it.each([
    ['an unknown operator', { Operator: 'Contains' }],
    ['an unknown data type', { DataType: 'Integer' }],
    [
      'no en_US remediation string',
      { RemediationStrings: [{ Language: 'de_DE', Title: 't', Description: 'd' }] },
    ],
    ['a missing MoreInfoUrl', { MoreInfoUrl: undefined }],
  ])('the schema refuses %s', (_what, change) => {
    const broken = { Rules: [{ ...rules.Rules[0], ...change }] };
    expect(valid(JSON.parse(JSON.stringify(broken)))).toBe(false);
  });

  it('name settings the discovery script prints, with the limit the scripts use', () => {
    const discovery = fs.readFileSync(
      path.join(projectRoot(), 'packaging', 'ps', 'RecordComplianceIntune.ps1'),
      'utf8',
    );
    for (const rule of rules.Rules) expect(discovery).toContain(`${rule.SettingName} = `);
    const library = fs.readFileSync(path.join(projectRoot(), 'packaging', 'ps', 'StatusRecord.ps1'), 'utf8');
    expect(library).toContain(`$WinReFixRecordMaxAgeDays = ${RECORD_MAX_AGE_DAYS}\n`);
    expect(rules.Rules.find((r) => r.SettingName === 'WinReFixRecordAgeDays')?.Operand).toBe(
      RECORD_MAX_AGE_DAYS,
    );
    // The discovery script reads every value of the record (by name).
    for (const v of STATUS_RECORD_VALUES) expect(library).toContain(`'${v.name}'`);
  });
});

/**
 * Which language each reader of `winre-fix fix` gets: the console, the log and --json speak the PC's UI
 * language (or --lang); the JSON run report that a fleet rolls up stays English, with the same stable codes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runFix } from '../../../src/cli/commands/fix';
import { statePaths } from '../../../src/engine/state-paths';
import { quietArgs, silently } from '../../support/fix-runner';
import { tempMachine } from '../../support/harness';

jest.setTimeout(120_000);

describe('fix speaks the reader its language', () => {
  it('refused in Chinese on the console and --json, in English in the run report', async () => {
    const file = tempMachine('win10-c-too-full');
    const { value, stdout } = await silently(() =>
      runFix(quietArgs(file, { json: true, report: true, lang: 'zh-CN' }), 'fix', {
        exitProcessOnPowerCut: false,
      }),
    );
    expect(value).toBe(21); // refused: nothing was changed
    const printed = JSON.parse(stdout.trim().split('\n').pop()!) as {
      reasons: { code: string; message: string }[];
    };
    const reportsDir = statePaths({ simulate: file }).reports;
    const report = JSON.parse(
      fs.readFileSync(path.join(reportsDir, fs.readdirSync(reportsDir)[0]!), 'utf8'),
    ) as { reasons: { code: string; message: string }[] };
    const codes = (r: { code: string }[]) => r.map((x) => x.code);
    expect(codes(printed.reasons)).toContain('INSUFFICIENT_SHRINK_SPACE');
    expect(codes(report.reasons)).toEqual(codes(printed.reasons));
    const shrink = (r: { code: string; message: string }[]) =>
      r.find((x) => x.code === 'INSUFFICIENT_SHRINK_SPACE')!.message;
    expect(shrink(printed.reasons)).toMatch(/[\u4e00-\u9fff]/);
    expect(shrink(report.reasons)).not.toMatch(/[\u4e00-\u9fff]/);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

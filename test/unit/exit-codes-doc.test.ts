import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../src/contracts/exit-codes';

describe('docs/exit-codes.md', () => {
  it('lists exactly the codes of src/contracts/exit-codes.ts, with their names', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'exit-codes.md'), 'utf8');
    const rows = [...text.matchAll(/^\| (\d+)\s+\| (\w+)\s+\|/gm)].map((m) => [m[2], Number(m[1])] as const);
    expect(Object.fromEntries(rows)).toEqual({ ...ExitCode });
  });
});

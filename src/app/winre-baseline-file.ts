/**
 * The admin's WinRE baseline file (`--winre-baseline <file>`): read once, validated against
 * schemas/winre-baseline.schema.json and checked for what a schema cannot say (each minimum belongs to its family,
 * no family twice). A file that cannot be read is a usage error (24); one that breaks the rules is a contract
 * violation (26). Either stops the run before anything is read from or done to the PC.
 */
import * as fs from 'node:fs';
import type { WinReBaseline } from '../contracts/generated/winre-baseline';
import { ContractViolationError, UsageError } from '../errors';
import { assertValid } from '../schemas/validators';

const SCHEMA = 'schemas/winre-baseline.schema.json';

export function loadWinReBaseline(file: string): WinReBaseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--winre-baseline ${file} cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ContractViolationError(file, SCHEMA, [
      { path: '/', message: `not JSON: ${(error as Error).message}` },
    ]);
  }
  const baseline = assertValid<WinReBaseline>('winre-baseline', value, file);
  const seen = new Set<number>();
  baseline.families.forEach((f, i) => {
    if (seen.has(f.build)) {
      throw new ContractViolationError(file, SCHEMA, [
        { path: `/families/${i}/build`, message: `family ${f.build} is listed twice` },
      ]);
    }
    seen.add(f.build);
    if (Number(f.minimum.split('.')[2]) !== f.build) {
      throw new ContractViolationError(file, SCHEMA, [
        { path: `/families/${i}/minimum`, message: `${f.minimum} is not of WinRE family ${f.build}` },
      ]);
    }
  });
  return baseline;
}

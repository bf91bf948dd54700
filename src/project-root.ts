/** The folder that holds package.json, ps-scripts/ and schemas/, whether we run from src/ (ts-jest) or dist/. */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'ps-scripts'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`winre-fix: cannot find the project folder above ${__dirname}`);
    dir = parent;
  }
}

/**
 * The folder of simulated programs (src/simulation/executables.ts) answers a program named by its full Windows path
 * as .NET's Process.Start looks for it on Linux (a relative name with backslashes, searched in each PATH folder):
 * an entry literally named `C:\Windows\System32\<name>` for every program name, in the casings scripts write,
 * linked to the program beside it. The end-to-end proof is test/powershell/conformance/exe-full-path.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SIMULATED_PROGRAMS,
  fullPathLinks,
  simulatedProgramsFolder,
} from '../../../src/simulation/executables';

const posix = process.platform !== 'win32';
const itPosix = posix ? it : it.skip;

describe('the simulated programs by full path', () => {
  it('names every program in every casing of C:\\Windows\\System32 (and c:)', () => {
    const links = fullPathLinks();
    for (const name of Object.keys(SIMULATED_PROGRAMS)) {
      for (const prefix of [
        'C:\\Windows\\System32\\',
        'C:\\WINDOWS\\system32\\',
        'c:\\windows\\system32\\',
        'C:\\Windows\\SYSTEM32\\',
      ]) {
        expect([prefix + name, links.get(prefix + name)]).toEqual([prefix + name, name]);
      }
    }
    expect(links.size).toBe(2 * 3 * 3 * Object.keys(SIMULATED_PROGRAMS).length);
  });

  itPosix('the folder holds each entry as a link to the program of that name', () => {
    const library = `# executables.test.ts ${process.pid} ${Date.now()}`;
    const folder = simulatedProgramsFolder(library, '/bin/false');
    expect(folder).toBeDefined();
    try {
      for (const [entry, target] of fullPathLinks()) {
        const full = path.join(folder as string, entry);
        expect(fs.readlinkSync(full)).toBe(target);
        expect(fs.readFileSync(full, 'utf8')).toBe(
          fs.readFileSync(path.join(folder as string, target), 'utf8'),
        );
        fs.accessSync(full, fs.constants.X_OK);
      }
      // Written once: a second session takes the same folder.
      expect(simulatedProgramsFolder(library, '/bin/false')).toBe(folder);
    } finally {
      fs.rmSync(folder as string, { recursive: true, force: true });
    }
  });
});

import { main } from '../../../src/cli/main';

describe('command-line usage errors', () => {
  let stderr: string[];
  const write = process.stderr.write.bind(process.stderr);
  beforeEach(() => {
    stderr = [];
    process.stderr.write = ((c: string | Uint8Array) => (
      stderr.push(String(c)),
      true
    )) as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stderr.write = write;
  });

  it.each([
    [['fix', '--lang', 'fr', '--simulate', '/nonexistent/machine.json']],
    [['bogus']],
    [[]],
    [['audit', '--no-such-option']],
  ])('%j exits 24 without running anything', async (argv) => {
    expect(await main(argv)).toBe(24);
    expect(stderr.join('')).toMatch(/winre-fix: /);
    // The command never ran: it would have complained about the machine file, not the arguments.
    expect(stderr.join('')).not.toMatch(/does not exist/);
  });
});

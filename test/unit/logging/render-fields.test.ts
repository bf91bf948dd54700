import { renderFields, safeJson } from '../../../src/logging/render-fields';

describe('rendering event fields for the CMTrace log', () => {
  it('keeps every line of multi-line output, indented under its key', () => {
    expect(renderFields({ output: 'line 1\r\n\r\n   line 3\n' })).toBe(
      ['  output:', '      line 1', '      ', '         line 3', '      '].join('\n'),
    );
  });

  it('writes tool output given as an array of lines one per line, verbatim', () => {
    const stdout = [
      'Windows Recovery Environment (Windows RE) and system reset configuration',
      'Information:',
      '',
      '    Windows RE status:         Enabled',
    ];
    expect(renderFields({ reagentc: { exitCode: 0, stdout } })).toBe(
      [
        '  reagentc:',
        '    exitCode: 0',
        '    stdout: (4 lines)',
        '        Windows Recovery Environment (Windows RE) and system reset configuration',
        '        Information:',
        '        ',
        '            Windows RE status:         Enabled',
      ].join('\n'),
    );
    expect(renderFields({ reasons: ['PENDING_REBOOT', 'DIRTY'] })).toBe('  reasons: [PENDING_REBOOT, DIRTY]');
  });

  it('renders rows of flat objects (a partition table) as an aligned table', () => {
    const text = renderFields({
      partitions: [
        { number: 3, type: 'Basic', size: 511137808384, letter: 'C' },
        { number: 4, type: 'Recovery', size: 681574400, letter: null },
      ],
    });
    expect(text).toBe(
      [
        '  partitions: (2 rows)',
        '      number | type     | size         | letter',
        '      -------+----------+--------------+-------',
        '      3      | Basic    | 511137808384 | C',
        '      4      | Recovery | 681574400    | null',
      ].join('\n'),
    );
  });

  it('indents nested objects and never throws on errors, bigints or cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const text = renderFields({ error: new TypeError('bad'), big: 10n, nested: { a: { b: 1 } }, empty: {} });
    expect(text).toBe(
      ['  error: TypeError: bad', '  big: 10', '  nested:', '    a:', '      b: 1', '  empty: {}'].join('\n'),
    );
    expect(safeJson({ cyclic, big: 1n, e: new Error('x') })).toBe(
      '{"cyclic":{"name":"loop","self":"[Circular]"},"big":"1","e":{"name":"Error","message":"x"}}',
    );
  });
});

import { EventEmitter } from 'node:events';
import { ignoreBrokenPipes } from '../../../src/cli/main';

describe('a reader that goes away does not kill the run', () => {
  it('drops EPIPE and re-throws any other stream error', () => {
    const stream = new EventEmitter();
    ignoreBrokenPipes([stream]);
    expect(() =>
      stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    ).not.toThrow();
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('EIO');
  });
});

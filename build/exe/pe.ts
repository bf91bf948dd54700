/** Just enough of the PE/COFF format to tell that a file is a 64-bit Windows executable (PE32+, x86-64). */
import * as fs from 'node:fs';

export interface PeInfo {
  readonly machine: 'x86-64' | 'i386' | 'arm64' | `0x${string}`;
  readonly format: 'PE32' | 'PE32+' | `0x${string}`;
  readonly subsystem: 'console' | 'gui' | `${number}`;
}

/** Throws when `file` is not a PE image. Offsets from the PE format spec (learn.microsoft.com, "PE Format"). */
export function readPeInfo(file: string): PeInfo {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    fs.readSync(fd, head, 0, head.length, 0);
    if (head.toString('latin1', 0, 2) !== 'MZ') throw new Error(`${file}: no MZ header`);
    const peOffset = head.readUInt32LE(0x3c);
    if (peOffset + 0x60 > head.length) throw new Error(`${file}: PE header offset ${peOffset} out of range`);
    if (head.toString('latin1', peOffset, peOffset + 4) !== 'PE\0\0')
      throw new Error(`${file}: no PE signature`);
    const machineCode = head.readUInt16LE(peOffset + 4);
    const optional = peOffset + 24;
    const magic = head.readUInt16LE(optional);
    const subsystemCode = head.readUInt16LE(optional + 68);
    const machines: Record<number, PeInfo['machine']> = { 0x8664: 'x86-64', 0x14c: 'i386', 0xaa64: 'arm64' };
    const formats: Record<number, PeInfo['format']> = { 0x10b: 'PE32', 0x20b: 'PE32+' };
    const subsystems: Record<number, PeInfo['subsystem']> = { 3: 'console', 2: 'gui' };
    return {
      machine: machines[machineCode] ?? `0x${machineCode.toString(16)}`,
      format: formats[magic] ?? `0x${magic.toString(16)}`,
      subsystem: subsystems[subsystemCode] ?? `${subsystemCode}`,
    };
  } finally {
    fs.closeSync(fd);
  }
}

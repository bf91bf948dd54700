/**
 * The bridge's wire format (docs/architecture.md "The bridge"): every line sent to PowerShell is fixed text plus
 * base64, and a call's one result comes back as one `<<<WINREFIX:nonce:base64>>>` frame on stdout, so warnings,
 * Write-Host, ANSI codes and code pages cannot corrupt it and a script cannot forge it.
 */
import { randomBytes } from 'node:crypto';
import type { BridgeEnvelope } from '../../contracts/generated/envelope';
import { BridgeProtocolError } from '../../errors';

export type Envelope = BridgeEnvelope;

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** Fixed session settings, sent as one line after start (5.1- and 7-compatible). */
export const PRELUDE =
  "$ErrorActionPreference='Stop'; $ProgressPreference='SilentlyContinue'; $ConfirmPreference='None'; " +
  "$InformationPreference='SilentlyContinue'; if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering='PlainText' }";

/** The functions of ps-scripts/lib/Bridge.ps1 a framed call can name, and the argument each payload goes in. */
export type BridgeFunction =
  | 'Register-WinReFixScript'
  | 'Invoke-WinReFixScript'
  | 'Import-WinReFixLibrary'
  | 'Lock-WinReFixRun'
  | 'Unlock-WinReFixRun'
  | 'Reset-WinReFixSession';

/** One framed call: `<Function> -Name '<name>' -<Arg> '<base64>' -Nonce '<hex>'`, all ASCII we built. */
export function callLine(fn: BridgeFunction, name: string, payloadB64: string, id: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(name))
    throw new BridgeProtocolError(`Invalid script name ${JSON.stringify(name)}.`);
  const argName =
    fn === 'Invoke-WinReFixScript' || fn === 'Lock-WinReFixRun' || fn === 'Unlock-WinReFixRun'
      ? 'ParamsB64'
      : fn === 'Reset-WinReFixSession'
        ? 'EnvironmentB64'
        : 'SourceB64';
  return `${fn} -Name '${name}' -${argName} '${payloadB64}' -Nonce '${id}'`;
}

/**
 * The envelope in a call's output. Only the frame carrying this call's nonce counts, and there must be exactly
 * one: decoys with other nonces are ignored, and a second frame with ours (a script that dug the nonce out of the
 * bridge) is refused.
 */
export function readFrame(out: { stdout: string; stderr: string }, id: string, what: string): Envelope {
  const frames = [...out.stdout.matchAll(new RegExp(`<<<WINREFIX:${id}:([A-Za-z0-9+/=]*)>>>`, 'g'))];
  const match = frames[0];
  if (!match || frames.length !== 1) {
    throw new BridgeProtocolError(
      `PowerShell answered ${what} with ${frames.length} result frames; exactly one is required.`,
      { context: { stdout: tail(out.stdout), stderr: tail(out.stderr) } },
    );
  }
  try {
    return JSON.parse(Buffer.from(match[1] ?? '', 'base64').toString('utf8')) as Envelope;
  } catch (error) {
    throw new BridgeProtocolError(`The result frame of ${what} is not valid JSON.`, { cause: error });
  }
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function tail(text: string, max = 2000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

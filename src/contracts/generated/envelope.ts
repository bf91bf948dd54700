/* Generated from schemas/envelope.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * The one JSON document every ps-script call returns through ps-scripts/lib/Bridge.ps1: the script's data, or PowerShell's error record. `data` is then validated against the script's own schema.
 */
export type BridgeEnvelope =
  | {
      ok: true;
      script: string;
      data: unknown;
    }
  | {
      ok: false;
      script: string;
      error: {
        message: string;
        details: string;
        category: string;
        reason: string;
        fullyQualifiedErrorId: string;
        exceptionType: string;
        hresult: number;
        targetObject: string;
        scriptStackTrace: string;
      };
    };

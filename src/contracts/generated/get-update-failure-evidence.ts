/* Generated from schemas/get-update-failure-evidence.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Get-UpdateFailureEvidence.ps1: failed KB5034441/KB5034440/KB5034439 installs (0x80070643) from the update history and the System log.
 */
export interface GetUpdateFailureEvidenceOutput {
  /**
   * GetTotalHistoryCount().
   */
  historyCount: number;
  failedUpdates: {
    title: string;
    /**
     * UTC, yyyy-MM-ddTHH:mm:ss.fffZ.
     */
    date: string;
    /**
     * OperationResultCode: 3 SucceededWithErrors, 4 Failed.
     */
    resultCode: number;
    hresult: -2147023293;
  }[];
  winreAgentEvents: {
    id: 4502;
    timeCreated: string;
    /**
     * Localized on non-English systems.
     */
    message: string;
    /**
     * ErrorPhase (2 = too little space, KB5028997).
     */
    errorPhase: number | null;
    /**
     * Errorcode event data.
     */
    errorCode: number | null;
  }[];
  updateClientEvents: {
    id: 20;
    timeCreated: string;
    title: string;
    errorCode: string;
  }[];
  /**
   * A source that could not be read (the others still count).
   */
  errors: {
    source: 'UpdateHistory' | 'WinREAgent' | 'WindowsUpdateClient';
    message: string;
  }[];
}

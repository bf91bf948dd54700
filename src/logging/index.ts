/** Logging: run events, the CMTrace + JSON-lines run logger, the console renderer, and where logs go. */
export * from './events';
export { createRunLogger, flushAndClose, newRunId, DEFAULT_MAX_LOG_BYTES, LOG_BASE_NAME } from './run-logger';
export type { LogPaths, RunLogger, RunLoggerOptions } from './run-logger';
export { ConsoleRenderer, colourEnabled, consoleFormatters, consoleWords } from './console-renderer';
export type {
  ConsoleLanguage,
  ConsoleRendererOptions,
  ConsoleStream,
  ConsoleWords,
  Ticker,
} from './console-renderer';
export { defaultLogDir, defaultReportDir, toolStateRoot, intuneLogDir, configMgrLogDir } from './paths';
export { formatCmTraceEntry, escapeCmTraceMessage, cmTraceTime, cmTraceDate, cmTraceType } from './cmtrace';

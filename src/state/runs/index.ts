/**
 * The run history's storage layer (issue 16): records of ended runs, their schema and file format, migrations,
 * the IndexedDB store with its in-memory fallback, and the history's labels. Pure TypeScript, no React.
 */
export { exportRunsFile, type ExportOptions, FILE_FORMAT, FILE_VERSION, MAX_FILE_CHARS, type ParsedRunsFile, parseRunsFile } from './file';
export {
  type Comparable,
  describeDifference,
  differences,
  familyOf,
  filterRuns,
  finalValAccuracy,
  MAX_LABEL_DIFFERENCES,
  runLabel,
  SAME_SETTINGS,
} from './labels';
export { type Migration, type MigrationChain, migrateRecord, NEWER_VERSION, RECORD_MIGRATIONS, readRecord, upgradeRecord } from './migrate';
export {
  APP_VERSION,
  callOf,
  newRunId,
  RECORD_VERSION,
  type RecordContext,
  recordOf,
  RUN_ENDS,
  type RunEnd,
  type SessionPanel,
  type SessionRun,
  type StoredRun,
} from './record';
export { MAX_APPLIED_STEPS, MAX_RUNS_PER_FILE, MAX_STEPS_PER_EPOCH, NON_FINITE_TEXT, storedRunSchema, validateRun } from './schema';
export {
  BLOCKED,
  createRunStore,
  DB_NAME,
  DB_VERSION,
  type Done,
  FULL,
  type ImportResult,
  NEWER_STORAGE,
  NO_STORAGE,
  REFUSED,
  type RunStore,
  type RunStoreOptions,
  type SaveResult,
  STORE_NAME,
  type StoreStatus,
} from './storage';

/**
 * Code in, code out: `parseScheduleCode` reads pasted PyTorch / Keras code into scheduler calls;
 * `toPyTorchCode` / `toKerasCode` write a call as a minimal runnable snippet.
 */
export { parseScheduleCode, type ParsedCode } from './parse';
export { MAX_CODE_LENGTH } from './source';
export { toPyTorchCode } from './torch-export';
export type { ExportHorizon } from './program';
export { toKerasCode } from './keras-export';

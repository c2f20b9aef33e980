// The audio engine's public surface. Others append their exports below (one line each).
export * from './types';
export { createSessionRenderer } from './synth/renderer';
export { compileProgram } from './synth/compile';
export type { Segment, SegmentVoice, VoiceParams, CompileOptions } from './synth/compile';
export { createMaster } from './master';
export type { MasterOptions } from './master';
export { setMixInputFolder } from './synth/mix/store'; // where sessions' mixed-in audio is kept

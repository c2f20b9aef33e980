// The audio engine's public surface. Others append their exports below (one line each).
export * from './types';
export { createSessionRenderer } from './synth/renderer';
export { compileProgram } from './synth/compile';
export type { Segment, SegmentVoice, VoiceParams, CompileOptions } from './synth/compile';
export { createMaster } from './master';
export type { MasterOptions } from './master';
export { createSpecRenderer, readSegment } from './render-spec';
export type { RenderSpec, ProgramSpec, NarrationSpec, SegmentRef, SpecRenderer } from './render-spec';
export { createNarrationMixer, speechGain, normalizeSpeech } from './mix/narration-mixer';
export type { NarrationMixer, NarrationMixerOptions, ReadySpeech } from './mix/narration-mixer';
export { layoutTimeline } from './mix/timeline';
export type { TimelineItem, Placement } from './mix/timeline';
export { resample, resampleGrowing } from './mix/resample';

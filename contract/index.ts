export * from './errors';
export * from './voice';
export * from './program';
export * from './session';
export * from './settings';
export * from './channels';
export * from './events';
export * from './wire';

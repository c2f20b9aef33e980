import type { Migration } from './types';

/**
 * Placeholder for migration 007, which another branch adds (dubbing was given 008): migrations
 * must be consecutive, so until that branch is merged this step does nothing. When merging,
 * replace this file with the real 007 (no database outside development ever ran this one).
 */
export const migration007: Migration = {
  version: 7,
  name: 'reserved',
  up() {},
};

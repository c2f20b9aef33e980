import type { Migration } from './types';

/**
 * Placeholder on the `sky` branch only: 005 belongs to another branch (the mala/practice work).
 * When the branches merge, this file goes and the real 005 takes its place; 006 stays as it is.
 */
export const migration005: Migration = {
  version: 5,
  name: 'reserved',
  up() {},
};

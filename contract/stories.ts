import { z } from 'zod';

/**
 * Code stories: where a story's code comes from (a folder or a git URL), the limits on it, and
 * the typed problems a source can have. Channels come with the Stories page; these shapes are
 * what its handlers and `koru story` validate and return.
 */

/** Download (pack or tarball) and walked text, whichever is met first: a repository larger than
 *  this is refused with a message that says so. */
export const SOURCE_MAX_BYTES = 256 * 1024 * 1024;
/** Files kept after the ignore rules, at most. */
export const SOURCE_MAX_FILES = 100_000;

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;

const GitUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Enter an http(s) address of a git repository, without a user name or password in it');

export const StorySource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), path: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({
      kind: z.literal('git'),
      url: GitUrl,
      /** A branch, a tag or a full commit id; absent: the default branch. */
      ref: z.string().trim().min(1).max(250).optional(),
    })
    .strict(),
]);
export type StorySource = z.infer<typeof StorySource>;

/** Why a source cannot be read (the error's `details.problem`). */
export const SourceProblem = z.enum([
  'missing_folder', // no such folder, or it is a file
  'not_a_repository', // the URL answers, but not as a git server
  'unreachable', // no answer from the server
  'private', // the server wants credentials (or hides the repository): a token may help
  'unknown_ref', // no such branch, tag or reachable commit
  'empty', // no commits, or nothing left after the ignore rules
  'binary_only', // only binary files
  'too_large', // over SOURCE_MAX_BYTES or SOURCE_MAX_FILES
]);
export type SourceProblem = z.infer<typeof SourceProblem>;

export const RepoMetadata = z.object({
  host: z.string(),
  owner: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  stars: z.number().int().nullable(),
  forks: z.number().int().nullable(),
  topics: z.array(z.string()),
  /** Bytes per language, as GitHub counts them. */
  languages: z.record(z.string(), z.number()),
  contributors: z.array(z.object({ login: z.string(), contributions: z.number().int() })),
  defaultBranch: z.string().nullable(),
  license: z.string().nullable(),
  homepage: z.string().nullable(),
});
export type RepoMetadata = z.infer<typeof RepoMetadata>;

import { KoruError, type ErrorCode } from '../../../contract/errors';
import { formatBytes, SOURCE_MAX_BYTES, SOURCE_MAX_FILES, type SourceProblem } from '../../../contract/stories';

/** A source that cannot be read: one typed problem (`details.problem`) and a sentence that says
 *  what to do, the same in the UI and on the command line. */
export class SourceError extends KoruError {
  constructor(
    readonly problem: SourceProblem,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(CODE[problem], message, { problem, ...extra });
    this.name = 'SourceError';
  }
}

const CODE: Record<SourceProblem, ErrorCode> = {
  missing_folder: 'NOT_FOUND',
  not_a_repository: 'BAD_INPUT',
  unreachable: 'NOT_FOUND',
  private: 'UNAUTHORIZED',
  unknown_ref: 'NOT_FOUND',
  empty: 'BAD_INPUT',
  binary_only: 'BAD_INPUT',
  too_large: 'BAD_INPUT',
};

export function isSourceError(err: unknown, problem?: SourceProblem): err is SourceError {
  return err instanceof SourceError && (problem === undefined || err.problem === problem);
}

export const tooLargeBytes = (what: string, limit = SOURCE_MAX_BYTES) =>
  new SourceError('too_large', `${what} is larger than ${formatBytes(limit)}, the most Koru reads for a code story — point it at a subfolder instead`, {
    limitBytes: limit,
  });

export const tooManyFiles = (what: string) =>
  new SourceError('too_large', `${what} has more than ${SOURCE_MAX_FILES.toLocaleString('en-US')} files, the most Koru reads for a code story — point it at a subfolder instead`, {
    limitFiles: SOURCE_MAX_FILES,
  });

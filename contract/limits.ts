/**
 * Sizes Koru accepts, declared once. Text limits are in characters (what zod's `.max()` counts);
 * file caps are in bytes. The transport's frame limit is not declared here: it is derived from
 * the contract (see `encoded-size.ts` and `MAX_FRAME_BYTES` in wire.ts), so every input the
 * contract accepts fits in one message and anything larger is refused with a typed error.
 */
export const LIMITS = {
  /** An SBaGen schedule sent inline as text; bigger files travel as a file reference. */
  sbgTextChars: 256 * 1024,
  /** An error's `details` once serialised; a parse error must not echo megabytes back. */
  errorDetailsBytes: 4 * 1024,
  /** An error's message. */
  errorMessageChars: 600,
  /** A session's program as JSON: ample for any real schedule (the 142-file SBaGen corpus
   *  tops out far below it), and what keeps the transport's frame limit a few megabytes. */
  programJsonBytes: 4_000_000,
  /** A file name as uploaded or chosen (kept for display and download names). */
  fileNameChars: 200,
} as const;

/** What a referenced file may hold, per kind, in bytes. Uploads stop (and are deleted) past it. */
export const FILE_CAPS = {
  /** SBaGen schedules: text, rarely more than a few kilobytes. */
  sbg: 8_000_000,
  /** Audio or video to dub: two hours of 48 kHz stereo 16-bit WAV is ~1.4 GB. */
  audio: 2_000_000_000,
  /** An SRT or VTT transcript: text, a few hundred kilobytes for hours of speech. */
  subtitles: 5_000_000,
} as const;

/** "2.1 MB", "256 KB": sizes as error messages name them (decimal units, as file managers show). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

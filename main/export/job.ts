/** What one export renders and where it goes: plain data, so it can be posted to the export
 *  worker as it is (the worker builds the renderer from the spec itself). */
import type { ExportFormat } from '../../contract/exports';
import type { RenderSpec } from '../audio';

/** A named point in the file (an MP3 CHAP frame); it runs until the next one or the end. */
export interface Chapter {
  title: string;
  startSec: number;
}

export interface ExportJob {
  spec: RenderSpec;
  volume: number;
  maxVolume: number;
  sampleRate: number;
  format: ExportFormat;
  /** The final file; it appears only once complete. */
  path: string;
  /** Shown in messages and written as the MP3's ID3 title. */
  title?: string;
  /** MP3 only: ID3 chapters (CHAP + a top-level CTOC), in order. */
  chapters?: Chapter[];
  /** MP3 constant bit rate (default 192). */
  kbps?: number;
  /** WAV: the most audio bytes the file may take (tests simulate a full disk with it). */
  maxDataBytes?: number;
}

/** How far an export has come; `running` arrives at most ten times a second. */
export interface ExportProgressReport {
  fraction: number;
}

/** The finished file. */
export interface RenderedFile {
  path: string;
  bytes: number;
  durationSec: number;
}

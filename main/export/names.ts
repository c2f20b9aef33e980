import path from 'node:path';
import type { ExportFormat } from '../../contract/exports';

/** `<name>-<first 8 of id>.<format>` in `dir`: readable, unique per item, safe on every OS. */
export function exportPath(dir: string, name: string, id: string, format: ExportFormat, fallback: string): string {
  const safe = name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 60) || fallback;
  return path.join(dir, `${safe}-${id.slice(0, 8)}.${format}`);
}

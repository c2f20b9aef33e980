/** "m:ss" below an hour, "h:mm:ss" above; negative and non-finite read as 0. */
export function formatClock(sec: number): string {
  const s = Number.isFinite(sec) && sec > 0 ? Math.floor(sec) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Reads "90", "1:30", "01:02:03" (and a decimal last field) as seconds; null if unreadable. */
export function parseClock(text: string): number | null {
  const parts = text.trim().split(':');
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p.trim()))) return null;
  const nums = parts.map(Number);
  if (nums.slice(0, -1).some((n) => !Number.isInteger(n))) return null;
  // Minutes and seconds after the first field must be < 60 so "1:75" is a typo, not 2:15.
  if (nums.slice(1).some((n) => n >= 60)) return null;
  return nums.reduce((acc, n) => acc * 60 + n, 0);
}

export function formatHz(freq: number): string {
  return `${freq.toFixed(1)} Hz`;
}

export function formatMinutes(sec: number): string {
  const min = sec / 60;
  return `${Number.isInteger(min) ? min : min.toFixed(1)} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "m:ss.t" (tenths): where a line of a dub starts and ends. */
export function formatClockTenths(sec: number): string {
  const tenths = Number.isFinite(sec) && sec > 0 ? Math.floor(sec * 10 + 1e-6) : 0;
  return `${formatClock(tenths / 10)}.${tenths % 10}`;
}

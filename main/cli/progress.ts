/** Progress on stderr: one updating line on a terminal, a line per 10 % when piped (CI logs). */
export function createProgress(label: string, totalSec: number, stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  const clock = (s: number) => new Date(Math.round(s) * 1000).toISOString().slice(11, 19);
  return {
    update(fraction: number) {
      const pct = Math.floor(fraction * 100);
      const text = `${label}: ${String(pct).padStart(3)}% (${clock(fraction * totalSec)} / ${clock(totalSec)})`;
      if (stream.isTTY) stream.write(`\r${text}`);
      else if (Math.floor(pct / 10) !== lastDecile) {
        lastDecile = Math.floor(pct / 10);
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}

/**
 * For negative assertions only ("nothing more arrives after stop"): lets `ms` of wall-clock time
 * pass, so whatever was going to happen has had the chance. Waiting *for* something uses
 * `vi.waitFor`, never this.
 */
export function quietFor(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

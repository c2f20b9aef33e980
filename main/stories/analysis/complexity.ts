/**
 * A complexity score 0–100: how much there is to explain, from five measured factors, each
 * scaled to 0–1 (logarithmic where a tenfold change is one step of difficulty). The weights say
 * that size matters most, then structure; the factors are returned so a story can say why.
 */
import type { Analysis } from './analyze';

export interface Complexity {
  score: number;
  level: 'small' | 'moderate' | 'large' | 'very large';
  factors: { size: number; languages: number; dependencies: number; structure: number; coupling: number };
}

const clamp = (x: number) => Math.max(0, Math.min(1, x));
const WEIGHTS = { size: 0.35, languages: 0.15, dependencies: 0.15, structure: 0.2, coupling: 0.15 };

export function complexityOf(a: Pick<Analysis, 'files' | 'totals' | 'languages' | 'dependencies'>): Complexity {
  const code = a.files.filter((f) => f.kind === 'programming' || f.kind === 'markup');
  const dirs = new Set(code.map((f) => f.path.slice(0, Math.max(0, f.path.lastIndexOf('/')))));
  const depth = code.reduce((m, f) => Math.max(m, f.path.split('/').length - 1), 0);
  const edges = code.reduce((s, f) => s + f.inDegree, 0);
  const factors = {
    // 100 lines of code → 0, a million → 1.
    size: clamp((Math.log10(Math.max(1, a.totals.codeLines)) - 2) / 4),
    // One language → 0, five with a real share (≥ 5 %) → 1.
    languages: clamp((a.languages.filter((l) => l.share >= 0.05).length - 1) / 4),
    // None → 0, 300 third-party packages → 1.
    dependencies: clamp(Math.log10(1 + a.dependencies.length) / Math.log10(301)),
    // Folders holding code (1 → 0, 500 → 1) and nesting depth (1 → 0, 9 → 1), averaged.
    structure: (clamp(Math.log10(Math.max(1, dirs.size)) / Math.log10(500)) + clamp((depth - 1) / 8)) / 2,
    // Internal imports per code file: 0 → 0, 5 → 1.
    coupling: clamp(code.length > 0 ? edges / code.length / 5 : 0),
  };
  const score = Math.round(100 * Object.entries(WEIGHTS).reduce((s, [k, w]) => s + w * factors[k as keyof typeof WEIGHTS], 0));
  const level = score < 25 ? 'small' : score < 50 ? 'moderate' : score < 75 ? 'large' : 'very large';
  return { score, level, factors };
}

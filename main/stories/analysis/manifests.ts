/**
 * Dependencies from the manifests of each ecosystem, at any depth (monorepos have one per
 * package). TOML through smol-toml and XML through fast-xml-parser; requirements.txt, go.mod
 * and Gradle scripts are line formats (Gradle's is a program: its usual dependency lines are
 * read, anything computed is not). A manifest that does not parse is reported, not fatal.
 */
import { XMLParser } from 'fast-xml-parser';
import { parse as parseToml } from 'smol-toml';

export type Ecosystem = 'npm' | 'pypi' | 'cargo' | 'go' | 'maven' | 'gradle';
export type DependencyKind = 'runtime' | 'dev' | 'build' | 'optional' | 'peer';

export interface Dependency {
  name: string;
  version: string | null;
  kind: DependencyKind;
}

export interface Manifest {
  path: string;
  ecosystem: Ecosystem;
  /** The package's own name, when the manifest says. */
  name: string | null;
  dependencies: Dependency[];
  /** Entry points the manifest declares (package.json main/bin, pyproject scripts, Cargo bins), as paths or commands. */
  entryPoints: string[];
  /** Why it could not be read, else null. */
  error: string | null;
}

type Parser = (text: string, path: string) => Omit<Manifest, 'path' | 'ecosystem' | 'error'>;

const MANIFESTS: Array<{ test: (name: string) => boolean; ecosystem: Ecosystem; parse: Parser }> = [
  { test: (n) => n === 'package.json', ecosystem: 'npm', parse: parsePackageJson },
  { test: (n) => n === 'pyproject.toml', ecosystem: 'pypi', parse: parsePyproject },
  { test: (n) => /^requirements([-_.][\w.-]*)?\.txt$/.test(n) || n === 'requirements.in', ecosystem: 'pypi', parse: parseRequirements },
  { test: (n) => n === 'cargo.toml', ecosystem: 'cargo', parse: parseCargo },
  { test: (n) => n === 'go.mod', ecosystem: 'go', parse: parseGoMod },
  { test: (n) => n === 'pom.xml', ecosystem: 'maven', parse: parsePom },
  { test: (n) => n === 'build.gradle' || n === 'build.gradle.kts', ecosystem: 'gradle', parse: parseGradle },
];

export function manifestKind(fileName: string): Ecosystem | null {
  const n = fileName.toLowerCase();
  return MANIFESTS.find((m) => m.test(n))?.ecosystem ?? null;
}

export function parseManifest(path: string, text: string): Manifest {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const m = MANIFESTS.find((x) => x.test(name));
  if (!m) throw new Error(`${path} is not a manifest`);
  try {
    return { path, ecosystem: m.ecosystem, ...m.parse(text, path), error: null };
  } catch (err) {
    return { path, ecosystem: m.ecosystem, name: null, dependencies: [], entryPoints: [], error: err instanceof Error ? err.message : String(err) };
  }
}

// ---- helpers ------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function fromRecord(rec: unknown, kind: DependencyKind, version: (v: unknown) => string | null = str): Dependency[] {
  if (!isObj(rec)) return [];
  return Object.entries(rec).map(([name, v]) => ({ name, version: version(v), kind }));
}

/** PEP 508: `name[extras] (>=1.0) ; marker` → name and the version part. */
function pep508(spec: string, kind: DependencyKind): Dependency | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*\(?\s*([^;()]*?)\s*\)?\s*(;.*)?$/.exec(spec);
  if (!m) return null;
  return { name: m[1]!, version: m[3] ? m[3] : null, kind };
}

// ---- npm ------------------------------------------------------------------------------------

function parsePackageJson(text: string): ReturnType<Parser> {
  const j = JSON.parse(text) as unknown;
  if (!isObj(j)) throw new Error('package.json is not an object');
  const entryPoints: string[] = [];
  for (const k of ['main', 'module', 'browser']) if (typeof j[k] === 'string') entryPoints.push(j[k] as string);
  if (typeof j.bin === 'string') entryPoints.push(j.bin);
  else if (isObj(j.bin)) for (const v of Object.values(j.bin)) if (typeof v === 'string') entryPoints.push(v);
  return {
    name: str(j.name),
    dependencies: [
      ...fromRecord(j.dependencies, 'runtime'),
      ...fromRecord(j.devDependencies, 'dev'),
      ...fromRecord(j.peerDependencies, 'peer'),
      ...fromRecord(j.optionalDependencies, 'optional'),
    ],
    entryPoints: entryPoints.map((p) => p.replace(/^\.\//, '')),
  };
}

// ---- Python ---------------------------------------------------------------------------------

function parsePyproject(text: string): ReturnType<Parser> {
  const t = parseToml(text) as Obj;
  const project = isObj(t.project) ? t.project : {};
  const poetry = isObj(t.tool) && isObj(t.tool.poetry) ? t.tool.poetry : {};
  const deps: Dependency[] = [];
  const list = (v: unknown, kind: DependencyKind) => {
    if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') { const d = pep508(s, kind); if (d) deps.push(d); }
  };
  list(project.dependencies, 'runtime');
  if (isObj(project['optional-dependencies'])) for (const v of Object.values(project['optional-dependencies'])) list(v, 'optional');
  if (isObj(t['dependency-groups'])) for (const v of Object.values(t['dependency-groups'])) list(v, 'dev');
  const poetryVersion = (v: unknown) => str(v) ?? (isObj(v) ? str(v.version) : null);
  deps.push(...fromRecord(poetry.dependencies, 'runtime', poetryVersion).filter((d) => d.name.toLowerCase() !== 'python'));
  deps.push(...fromRecord(poetry['dev-dependencies'], 'dev', poetryVersion));
  if (isObj(poetry.group)) for (const g of Object.values(poetry.group)) if (isObj(g)) deps.push(...fromRecord(g.dependencies, 'dev', poetryVersion));
  const scripts = { ...(isObj(poetry.scripts) ? poetry.scripts : {}), ...(isObj(project.scripts) ? project.scripts : {}) };
  return {
    name: str(project.name) ?? str(poetry.name),
    dependencies: deps,
    entryPoints: Object.values(scripts).filter((v): v is string => typeof v === 'string'),
  };
}

function parseRequirements(text: string): ReturnType<Parser> {
  const deps: Dependency[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line)) continue; // options, -r/-e, URLs
    const d = pep508(line, 'runtime');
    if (d) deps.push(d);
  }
  return { name: null, dependencies: deps, entryPoints: [] };
}

// ---- Rust -----------------------------------------------------------------------------------

function parseCargo(text: string): ReturnType<Parser> {
  const t = parseToml(text) as Obj;
  const version = (v: unknown) => str(v) ?? (isObj(v) ? (str(v.version) ?? (v.path ? `path:${String(v.path)}` : v.git ? `git:${String(v.git)}` : null)) : null);
  const ws = isObj(t.workspace) ? t.workspace : {};
  const bins = Array.isArray(t.bin) ? t.bin.filter(isObj).map((b) => str(b.path) ?? (str(b.name) ? `src/bin/${String(b.name)}.rs` : null)) : [];
  return {
    name: isObj(t.package) ? str(t.package.name) : null,
    dependencies: [
      ...fromRecord(t.dependencies, 'runtime', version),
      ...fromRecord(t['dev-dependencies'], 'dev', version),
      ...fromRecord(t['build-dependencies'], 'build', version),
      ...fromRecord(ws.dependencies, 'runtime', version),
    ],
    entryPoints: bins.filter((b): b is string => b !== null),
  };
}

// ---- Go -------------------------------------------------------------------------------------

function parseGoMod(text: string): ReturnType<Parser> {
  let name: string | null = null;
  const deps: Dependency[] = [];
  let inRequire = false;
  for (const raw of text.split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (inRequire) {
      if (line === ')') inRequire = false;
      else {
        const [n, v] = line.split(/\s+/);
        if (n) deps.push({ name: n, version: v ?? null, kind: indirect ? 'optional' : 'runtime' });
      }
      continue;
    }
    const mod = /^module\s+(\S+)/.exec(line);
    if (mod) name = mod[1]!.replace(/^"|"$/g, '');
    else if (/^require\s*\($/.test(line)) inRequire = true;
    else {
      const one = /^require\s+(\S+)\s+(\S+)/.exec(line);
      if (one) deps.push({ name: one[1]!, version: one[2]!, kind: indirect ? 'optional' : 'runtime' });
    }
  }
  return { name, dependencies: deps, entryPoints: [] };
}

// ---- Maven and Gradle -------------------------------------------------------------------------

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'dependency' });

function parsePom(text: string): ReturnType<Parser> {
  const doc = xml.parse(text, true) as Obj;
  const project = isObj(doc.project) ? doc.project : null;
  if (!project) throw new Error('no <project> element');
  const collect = (block: unknown): Dependency[] => {
    const list = isObj(block) && Array.isArray(block.dependency) ? block.dependency : [];
    return list.filter(isObj).map((d) => {
      const scope = str(d.scope);
      const kind: DependencyKind = scope === 'test' ? 'dev' : scope === 'provided' ? 'build' : d.optional === 'true' ? 'optional' : 'runtime';
      return { name: `${str(d.groupId) ?? '?'}:${str(d.artifactId) ?? '?'}`, version: str(d.version), kind };
    });
  };
  const managed = isObj(project.dependencyManagement) ? project.dependencyManagement.dependencies : undefined;
  return {
    name: str(project.artifactId),
    dependencies: [...collect(project.dependencies), ...collect(managed)],
    entryPoints: [],
  };
}

const GRADLE_CONFIG: Record<string, DependencyKind> = {
  implementation: 'runtime', api: 'runtime', compile: 'runtime', runtimeOnly: 'runtime', compileOnly: 'build',
  annotationProcessor: 'build', kapt: 'build', ksp: 'build', testImplementation: 'dev', testRuntimeOnly: 'dev',
  testCompileOnly: 'dev', androidTestImplementation: 'dev', debugImplementation: 'dev',
};

function parseGradle(text: string): ReturnType<Parser> {
  const deps: Dependency[] = [];
  // `implementation 'g:a:v'`, `implementation("g:a:v")`, `testImplementation(group: 'g', name: 'a', version: 'v')`
  const short = /\b(\w+)\s*\(?\s*["']([^"':\s]+):([^"':\s]+)(?::([^"'\s]+))?["']/g;
  const long = /\b(\w+)\s*\(?\s*group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["'](?:\s*,\s*version\s*[:=]\s*["']([^"']+)["'])?/g;
  for (const re of [short, long]) {
    for (const m of text.matchAll(re)) {
      const kind = GRADLE_CONFIG[m[1]!];
      if (kind) deps.push({ name: `${m[2]}:${m[3]}`, version: m[4] ?? null, kind });
    }
  }
  return { name: null, dependencies: deps, entryPoints: [] };
}

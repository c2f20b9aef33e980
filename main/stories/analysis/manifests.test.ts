import { describe, expect, it } from 'vitest';
import { manifestKind, parseManifest } from './manifests';

const deps = (path: string, text: string) => parseManifest(path, text).dependencies.map((d) => `${d.kind} ${d.name} ${d.version ?? '-'}`);

describe('manifests', () => {
  it('recognises each ecosystem by name, at any depth', () => {
    expect(['package.json', 'pyproject.toml', 'requirements-dev.txt', 'Cargo.toml', 'go.mod', 'pom.xml', 'build.gradle.kts', 'README.md'].map(manifestKind)).toEqual([
      'npm', 'pypi', 'pypi', 'cargo', 'go', 'maven', 'gradle', null,
    ]);
  });

  it('package.json: all four dependency kinds, and main/bin as entry points', () => {
    const m = parseManifest('a/package.json', JSON.stringify({ name: 'x', main: './lib/index.js', bin: { x: 'cli.js' }, dependencies: { a: '1' }, devDependencies: { b: '2' }, peerDependencies: { c: '3' }, optionalDependencies: { d: '4' } }));
    expect(m.name).toBe('x');
    expect(m.entryPoints).toEqual(['lib/index.js', 'cli.js']);
    expect(m.dependencies.map((d) => `${d.kind}:${d.name}`)).toEqual(['runtime:a', 'dev:b', 'peer:c', 'optional:d']);
  });

  it('pyproject.toml: PEP 621, optional groups, dependency groups and Poetry', () => {
    const text = `
[project]
name = "svc"
dependencies = ["requests[socks]>=2.31 ; python_version > '3.8'", "attrs"]
[project.optional-dependencies]
docs = ["sphinx>=7"]
[dependency-groups]
test = ["pytest"]
[tool.poetry.dependencies]
python = "^3.11"
httpx = { version = "^0.27", extras = ["http2"] }
[tool.poetry.group.lint.dependencies]
ruff = "*"
`;
    expect(deps('pyproject.toml', text)).toEqual(['runtime requests >=2.31', 'runtime attrs -', 'optional sphinx >=7', 'dev pytest -', 'runtime httpx ^0.27', 'dev ruff *']);
  });

  it('requirements.txt: comments, options, includes and URLs are not packages', () => {
    expect(deps('requirements.txt', '# c\n-r base.txt\n--index-url https://x\nDjango==5.0  # web\nhttps://example.com/p.whl\n-e .\nnumpy\n')).toEqual(['runtime Django ==5.0', 'runtime numpy -']);
  });

  it('Cargo.toml: tables, inline tables, path and git dependencies, bins', () => {
    const m = parseManifest('Cargo.toml', '[package]\nname = "geo"\n[[bin]]\nname = "geo-cli"\n[dependencies]\nserde = { version = "1", features = ["derive"] }\nlocal = { path = "../local" }\nup = { git = "https://x/up" }\n[build-dependencies]\ncc = "1.0"\n');
    expect(m.name).toBe('geo');
    expect(m.entryPoints).toEqual(['src/bin/geo-cli.rs']);
    expect(m.dependencies.map((d) => `${d.kind} ${d.name} ${d.version}`)).toEqual(['runtime serde 1', 'runtime local path:../local', 'runtime up git:https://x/up', 'build cc 1.0']);
  });

  it('go.mod: module, single and block requires, indirect ones', () => {
    const m = parseManifest('go.mod', 'module example.com/x\n\ngo 1.22\nrequire github.com/a/b v1.0.0\nrequire (\n\tgithub.com/c/d v0.1.0\n\tgolang.org/x/y v0.2.0 // indirect\n)\n');
    expect(m.name).toBe('example.com/x');
    expect(m.dependencies.map((d) => `${d.kind} ${d.name} ${d.version}`)).toEqual(['runtime github.com/a/b v1.0.0', 'runtime github.com/c/d v0.1.0', 'optional golang.org/x/y v0.2.0']);
  });

  it('pom.xml and build.gradle', () => {
    const pom = `<?xml version="1.0"?><project><artifactId>app</artifactId><dependencies>
      <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.9</version></dependency>
      <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13</version><scope>test</scope></dependency>
    </dependencies></project>`;
    const m = parseManifest('pom.xml', pom);
    expect(m.name).toBe('app');
    expect(m.dependencies.map((d) => `${d.kind} ${d.name} ${d.version}`)).toEqual(['runtime org.slf4j:slf4j-api 2.0.9', 'dev junit:junit 4.13']);
    const gradle = `dependencies {\n  implementation 'com.google.guava:guava:33.0.0-jre'\n  testImplementation("org.junit.jupiter:junit-jupiter:5.10.0")\n  compileOnly group: 'org.projectlombok', name: 'lombok', version: '1.18.30'\n  id 'not:a:dep'\n}\n`;
    expect(deps('build.gradle', gradle)).toEqual(['runtime com.google.guava:guava 33.0.0-jre', 'dev org.junit.jupiter:junit-jupiter 5.10.0', 'build org.projectlombok:lombok 1.18.30']);
  });

  it('a manifest that does not parse is reported, not fatal', () => {
    for (const [p, text] of [['package.json', '{ nope'], ['Cargo.toml', '[package\nname='], ['pyproject.toml', 'a = = 1'], ['pom.xml', '<nothing/>']] as const) {
      const m = parseManifest(p, text);
      expect(m.error, p).toBeTruthy();
      expect(m.dependencies).toEqual([]);
    }
  });
});

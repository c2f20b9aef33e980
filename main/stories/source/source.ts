/**
 * Opening a story's source: a folder as it is, or a git URL fetched into the cache (shallow
 * clone, or for GitHub optionally the tarball). GitHub metadata is added where the URL is on the
 * configured GitHub; none of it is required.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RepoMetadata, StorySource } from '../../../contract/stories';
import { fetchRepoMetadata, githubOrigins, githubRepoOf, type GitHubAccess } from '../../providers';
import { createSourceCache, type SourceCache } from './cache';
import { SourceError } from './errors';
import { listRefs, resolveRef, shallowClone, type GitAuth } from './git';
import { downloadTarball } from './tarball';

export interface Source {
  kind: 'folder' | 'git';
  /** The folder to analyse. */
  root: string;
  /** How the source is named to people: a path, or host/owner/name. */
  label: string;
  url: string | null;
  commit: string | null;
  ref: string | null;
  /** Served from the cache: nothing was downloaded. */
  cached: boolean;
  via: 'folder' | 'git' | 'tarball';
  metadata: RepoMetadata | null;
}

export interface SourceProgress {
  phase: 'refs' | 'download' | 'done';
  bytes?: number;
}

export interface OpenOptions {
  signal?: AbortSignal;
  onProgress?: (p: SourceProgress) => void;
  /** GitHub only: fetch the commit as a tarball instead of a clone. */
  via?: 'git' | 'tarball';
}

export interface SourceDeps {
  /** Where fetched repositories are kept (`<data folder>/stories/sources`). */
  cacheDir: string;
  /** The configured GitHub (providers.github()); absent: no GitHub features. */
  github?: () => GitHubAccess;
  log?: (level: 'info' | 'warn', message: string, details?: unknown) => void;
  /** Download cap (default SOURCE_MAX_BYTES; tests lower it). */
  maxBytes?: number;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

export function createSources(deps: SourceDeps) {
  let cache: SourceCache | undefined;
  const log = deps.log ?? (() => undefined);
  const theCache = () => (cache ??= createSourceCache(deps.cacheDir));

  function openFolder(p: string): Source {
    const abs = path.resolve(p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new SourceError('missing_folder', `There is no folder ${abs}`, { path: abs });
    }
    if (!st.isDirectory()) throw new SourceError('missing_folder', `${abs} is a file, not a folder — choose the folder that holds the code`, { path: abs });
    return { kind: 'folder', root: abs, label: abs, url: null, commit: null, ref: null, cached: false, via: 'folder', metadata: null };
  }

  function githubFor(url: string): { access: GitHubAccess; repo: { owner: string; name: string } } | null {
    if (!deps.github) return null;
    let access: GitHubAccess;
    try {
      access = deps.github();
    } catch (err) {
      log('warn', 'stories: GitHub is not usable (its base URL)', { message: (err as Error).message });
      return null;
    }
    const repo = githubRepoOf(url, access.apiBaseUrl);
    return repo ? { access, repo } : null;
  }

  async function openGit(given: string, wanted: string | undefined, o: OpenOptions): Promise<Source> {
    // isomorphic-git appends `/info/refs`: a trailing slash would make it `//info/refs`.
    const url = given.replace(/\/+$/, '');
    const u = new URL(url);
    const label = `${u.host}${u.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}`;
    const gh = githubFor(url);
    const auth: GitAuth | null = gh?.access.token ? { origin: githubOrigins(gh.access.apiBaseUrl).git, token: gh.access.token } : null;
    const c = theCache();
    const fromCache = (hit: NonNullable<ReturnType<SourceCache['lookup']>>): Source => ({
      kind: 'git',
      root: hit.dir,
      label,
      url,
      commit: hit.commit,
      ref: hit.ref,
      cached: true,
      via: hit.via,
      metadata: hit.metadata,
    });

    // A pinned commit already here: no request at all.
    if (wanted && FULL_SHA.test(wanted)) {
      const hit = c.lookup(url, wanted.toLowerCase());
      if (hit) return fromCache(hit);
    }
    o.onProgress?.({ phase: 'refs' });
    const gitOpts = { url, auth, signal: o.signal, maxBytes: deps.maxBytes, onBytes: (bytes: number) => o.onProgress?.({ phase: 'download', bytes }) };
    const resolved = resolveRef(await listRefs(gitOpts), wanted, url);
    const hit = c.lookup(url, resolved.commit);
    if (hit) return fromCache(hit);

    const metadata = gh
      ? fetchRepoMetadata(gh.access, gh.repo.owner, gh.repo.name, o.signal).catch((err: Error) => {
          log('warn', `stories: no GitHub metadata for ${label}`, { message: err.message });
          return null;
        })
      : Promise.resolve(null);
    const useTarball = gh !== null && (o.via === 'tarball' || resolved.ref === null);
    if (resolved.ref === null && !useTarball) {
      throw new SourceError('unknown_ref', `Commit ${resolved.commit.slice(0, 12)} is not the tip of a branch or tag of ${url}; Koru fetches tips only (a shallow clone) — name the branch or tag instead`, { ref: wanted });
    }
    const partial = c.partial(url);
    try {
      let commit = resolved.commit;
      if (useTarball) await downloadTarball(gh!.access, gh!.repo, resolved.commit, partial, gitOpts);
      else commit = await shallowClone({ ...gitOpts, dir: partial, ref: resolved.ref! });
      const entry = { url, commit, ref: resolved.ref, via: useTarball ? ('tarball' as const) : ('git' as const), fetchedAt: new Date().toISOString(), metadata: await metadata };
      const stored = c.store(partial, entry);
      o.onProgress?.({ phase: 'done' });
      return { ...fromCache(stored), cached: false };
    } catch (err) {
      c.discard(partial);
      throw err;
    }
  }

  return {
    /** Resolves a source to a folder on disk (fetching a URL into the cache when needed). */
    async open(spec: StorySource, o: OpenOptions = {}): Promise<Source> {
      return spec.kind === 'folder' ? openFolder(spec.path) : openGit(spec.url, spec.ref, o);
    },
  };
}

export type Sources = ReturnType<typeof createSources>;

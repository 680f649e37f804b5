import { copyFile, constants, mkdir, symlink } from 'node:fs/promises';
import { secretValues } from '@trtforge/spec';
import { dirname, join } from 'node:path';
import { RunnerError } from '../../errors.js';
import { createHash } from 'node:crypto';
import { walkFiles, type EntryFile } from '../integrity.js';
import type { EntryMeta, Store, StoreEntry } from '../store.js';
import { lockStaleMs, withLock } from '../lock.js';
import { BlobLocations } from './blob-locations.js';
import type { EntryTier, RemoteEntry, TransferOptions, TransferResult } from './entry-tier.js';

export type { RemoteEntry, TransferOptions, TransferResult } from './entry-tier.js';
import { fetchSmallBlob, pullBlob, pushBlob, pushSmallBlob, UploadSessions, type BlobPush } from './blobs.js';
import { describeRemote, entryReference, entryTag, type RemoteTarget } from './reference.js';
import { OCI_MANIFEST, RegistryClient } from './registry-client.js';
import { assertNoSecrets } from './secret-scan.js';
import { emptyDirs, EMPTY_DIRS } from './empty-dirs.js';

export const CONFIG_TYPE = 'application/vnd.trtforge.entry.config.v1+json';
export const ARTIFACT_TYPE = 'application/vnd.trtforge.entry.v1';
export const FILE_TYPE = 'application/vnd.trtforge.file.v1';
export const SYMLINK_TYPE = 'application/vnd.trtforge.symlink.v1';
const TITLE = 'org.opencontainers.image.title';
const LINK = 'dev.trtforge.symlink';
/** entry.json of a large engine is a few hundred bytes per file; anything near this is not ours. */
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface OciManifest {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/**
 * The remote tier of the store: one OCI artifact per entry, tagged `<step>-<key>`. The config
 * blob is the entry's entry.json (format 2: every file's size and sha256), each file is its own
 * layer (identical files — the same rank file twice, an unchanged checkpoint — are one blob), so
 * the layer digests are the digests the local store records: a pull is verified against them
 * byte by byte before anything is committed.
 */
export class OciTier implements EntryTier {
  private readonly sessions: UploadSessions;
  private readonly locations: BlobLocations;

  constructor(
    readonly target: RemoteTarget,
    private readonly store: Store,
    private readonly env: Record<string, string | undefined>,
    private readonly options: { chunkBytes?: number } = {},
  ) {
    this.sessions = new UploadSessions(join(store.root, 'remote', 'uploads'));
    this.locations = new BlobLocations(join(store.root, 'remote', 'blob-repositories.json'));
  }

  describe(): string {
    return describeRemote(this.target);
  }

  private client(signal?: AbortSignal, repository = this.target.repository): RegistryClient {
    return new RegistryClient({ ...this.target, repository }, this.env, signal);
  }

  /** The manifest of (step, key), or undefined when the registry has no such tag. */
  async lookup(step: string, key: string, signal?: AbortSignal): Promise<{ manifest: OciManifest; entry: RemoteEntry } | undefined> {
    const client = this.client(signal);
    const response = await client.request('GET', `manifests/${entryTag(step, key)}`, 'pull', { headers: { accept: OCI_MANIFEST }, accept: [404] });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    const text = await response.text();
    const digest = response.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(text).digest('hex')}`;
    let manifest: OciManifest;
    try {
      manifest = JSON.parse(text) as OciManifest;
    } catch {
      throw new RunnerError('remote-damaged', `${this.describe()}: the manifest of ${entryTag(step, key)} is not JSON`);
    }
    if (manifest.config?.mediaType !== CONFIG_TYPE || !Array.isArray(manifest.layers)) {
      throw new RunnerError('remote-foreign', `${this.describe()}:${entryTag(step, key)} is not a trtforge entry (config ${String(manifest.config?.mediaType)})`, { hint: 'use a repository of its own for trtforge entries' });
    }
    const bytes = manifest.layers.reduce((sum, l) => sum + l.size, 0);
    return { manifest, entry: { step, key, reference: entryReference(this.target, step, key, digest), digest, bytes, files: manifest.layers.length } };
  }

  /**
   * Pushes a committed entry: every distinct file once (present → skipped, known in another
   * repository of the registry → mounted, else uploaded in resumable chunks), then the config
   * (entry.json), then the manifest under its tag — the tag appears only when every blob is there,
   * so an interrupted push leaves no entry a puller could see.
   */
  async push(entry: StoreEntry, options: TransferOptions = {}): Promise<TransferResult> {
    const started = Date.now();
    const client = this.client(options.signal);
    if (entry.meta.format !== 2 || entry.meta.files.some((f) => !f.sha256)) {
      throw new RunnerError('remote-push', `store entry ${entry.step} ${entry.key.slice(0, 12)} has no per-file digests (written before format 2)`, { hint: 'run `trtforge verify` once: it records them' });
    }
    await assertNoSecrets(entry, options.secrets ?? secretValues(this.env));
    const dirs = await emptyDirs(entry.out);
    const known = await this.locations.read(this.target.registry);
    const results: BlobPush[] = [];
    const layers: Descriptor[] = [];
    const pushed = new Map<string, BlobPush>();
    // entry.json records a symlink by the digest of its target text; the layer says it is one.
    const links = new Map((await walkFiles(entry.out)).filter((f) => f.link !== undefined).map((f) => [f.path, f.link!]));
    for (const f of entry.meta.files) {
      const digest = `sha256:${f.sha256}`;
      const link = links.get(f.path);
      const size = link === undefined ? f.bytes : Buffer.byteLength(`symlink:${link}`);
      layers.push({ mediaType: link === undefined ? FILE_TYPE : SYMLINK_TYPE, digest, size, annotations: { [TITLE]: f.path, ...(link === undefined ? {} : { [LINK]: link }) } });
      if (pushed.has(digest)) continue;
      const result = link === undefined
        ? await pushBlob(client, { path: join(entry.out, f.path), digest, bytes: f.bytes }, {
            sessions: this.sessions,
            mountFrom: (known[digest] ?? []).filter((r) => r !== this.target.repository),
            ...(this.options.chunkBytes ? { chunkBytes: this.options.chunkBytes } : {}),
            ...(options.onBytes ? { onBytes: options.onBytes } : {}),
          })
        : await pushSmallBlob(client, Buffer.from(`symlink:${link}`)).then((d): BlobPush => ({ digest: d, bytes: size, how: 'uploaded', sentBytes: size, resumedFrom: 0 }));
      pushed.set(digest, result);
      results.push(result);
    }
    const configData = Buffer.from(`${JSON.stringify(entry.meta, null, 2)}\n`);
    const configDigest = await pushSmallBlob(client, configData);
    const manifest: OciManifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: ARTIFACT_TYPE,
      config: { mediaType: CONFIG_TYPE, digest: configDigest, size: configData.length },
      layers,
      annotations: {
        'dev.trtforge.step': entry.step, 'dev.trtforge.key': entry.key, 'dev.trtforge.model': entry.meta.model, 'org.opencontainers.image.created': entry.meta.createdAt,
        ...(dirs.length ? { [EMPTY_DIRS]: JSON.stringify(dirs) } : {}),
      },
    };
    const body = Buffer.from(JSON.stringify(manifest));
    const put = await client.request('PUT', `manifests/${entryTag(entry.step, entry.key)}`, 'pull,push', { headers: { 'content-type': OCI_MANIFEST }, body: () => body });
    await put.body?.cancel();
    const digest = put.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(body).digest('hex')}`;
    await this.locations.add(this.target.registry, this.target.repository, [...pushed.keys()]);
    const count = (how: BlobPush['how']): number => results.filter((r) => r.how === how).length;
    return {
      step: entry.step,
      key: entry.key,
      reference: entryReference(this.target, entry.step, entry.key, digest),
      digest,
      bytes: layers.reduce((s, l) => s + l.size, 0),
      files: layers.length,
      durationMs: Date.now() - started,
      transferredBytes: results.reduce((s, r) => s + r.sentBytes, 0),
      blobs: { present: count('present'), mounted: count('mounted'), uploaded: count('uploaded'), resumedBytes: results.reduce((s, r) => s + r.resumedFrom, 0) },
    };
  }

  /**
   * Pulls (step, key) into a temp dir of the local store, verifies every file against the digest
   * its layer and entry.json both name, and commits it like a local build (atomic rename). A
   * missing tag is `undefined`; a damaged blob throws (remote-damaged) and commits nothing.
   */
  async pull(step: string, key: string, options: TransferOptions = {}): Promise<{ entry: StoreEntry; result: TransferResult } | undefined> {
    const started = Date.now();
    const found = await this.lookup(step, key, options.signal);
    if (!found) return undefined;
    const client = this.client(options.signal);
    const data = await fetchSmallBlob(client, found.manifest.config.digest, MAX_CONFIG_BYTES);
    const meta = this.checkMeta(JSON.parse(data.toString('utf8')) as EntryMeta, found.manifest, step, key);
    const dirs = this.checkEmptyDirs(found.manifest, step, key);
    const temp = await this.store.createTemp(step, key);
    let transferred = 0;
    let resumed = 0;
    try {
      const fetched = new Map<string, string>();
      for (const [i, f] of meta.files.entries()) {
        const dest = join(temp.out, f.path);
        await mkdir(dirname(dest), { recursive: true });
        const digest = `sha256:${f.sha256}`;
        const link = found.manifest.layers[i]!.annotations?.[LINK];
        if (link !== undefined) {
          await symlink(link, dest);
          continue;
        }
        const first = fetched.get(digest);
        if (first) {
          // The same bytes under another name: one download, a copy (a reflink where the filesystem has them).
          await copyFile(first, dest, constants.COPYFILE_FICLONE);
          continue;
        }
        // A killed pull leaves the blob's first part in remote/partial/ (never in an entry); the next pull continues it.
        const hex = f.sha256!;
        const got = await withLock(this.store.lockPath('blob', hex), { staleMs: lockStaleMs(this.env), what: `blob ${hex.slice(0, 12)}`, ...(options.signal ? { signal: options.signal } : {}) }, () =>
          pullBlob(client, { digest, bytes: f.bytes, what: `${entryTag(step, key)} ${f.path}` }, dest, { partial: join(this.store.root, 'remote', 'partial', hex), ...(options.onBytes ? { onBytes: options.onBytes } : {}) }),
        );
        transferred += got.transferred;
        resumed += got.resumedFrom;
        fetched.set(digest, dest);
      }
      // A version directory Triton needs (ensemble/1) holds no file: the manifest lists such directories.
      for (const dir of dirs) await mkdir(join(temp.out, dir), { recursive: true });
      const entry = await this.store.commitVerified(temp, meta, options.signal);
      await this.locations.add(this.target.registry, this.target.repository, [...fetched.keys()]);
      return { entry, result: { ...found.entry, durationMs: Date.now() - started, transferredBytes: transferred, resumedBytes: resumed } };
    } finally {
      await this.store.discard(temp);
    }
  }

  /** The empty directories the manifest lists: relative paths inside the entry, else the manifest is not trusted. */
  private checkEmptyDirs(manifest: OciManifest, step: string, key: string): string[] {
    const text = manifest.annotations?.[EMPTY_DIRS];
    if (text === undefined) return [];
    let dirs: unknown;
    try {
      dirs = JSON.parse(text);
    } catch {
      dirs = undefined;
    }
    if (!Array.isArray(dirs) || !dirs.every((d) => typeof d === 'string' && safePath(d))) {
      throw new RunnerError('remote-damaged', `${this.describe()}:${entryTag(step, key)}: its ${EMPTY_DIRS} annotation is not a list of paths inside the entry`, { hint: 'the registry copy is damaged or was not written by trtforge; it is not used' });
    }
    return dirs as string[];
  }

  /** The config must be this entry's entry.json and name exactly the layers' files and digests. */
  private checkMeta(meta: EntryMeta, manifest: OciManifest, step: string, key: string): EntryMeta {
    const where = `${this.describe()}:${entryTag(step, key)}`;
    if (meta.format !== 2 || meta.step !== step || meta.key !== key || !Array.isArray(meta.files)) {
      throw new RunnerError('remote-damaged', `${where}: its entry.json names step ${String(meta.step)} key ${String(meta.key)} (format ${String(meta.format)}), not ${step} ${key}`);
    }
    const layers = manifest.layers;
    const same = (f: EntryFile, l: Descriptor | undefined): boolean => {
      if (l === undefined || l.annotations?.[TITLE] !== f.path || l.digest !== `sha256:${f.sha256}`) return false;
      const link = l.annotations?.[LINK];
      // A symlink's digest is that of `symlink:<target>` (integrity.ts): checked here, there is no blob to stream.
      if (link !== undefined) return Buffer.byteLength(link) === f.bytes && createHash('sha256').update(`symlink:${link}`).digest('hex') === f.sha256;
      return l.size === f.bytes;
    };
    if (layers.length !== meta.files.length || meta.files.some((f, i) => !f.sha256 || !safePath(f.path) || !same(f, layers[i]))) {
      throw new RunnerError('remote-damaged', `${where}: its layers do not match the files its entry.json records`, { hint: 'the registry copy is damaged or was not written by trtforge; it is not used' });
    }
    return meta;
  }
}

/** A path inside the entry: relative, no `..`, no empty parts (a manifest must not write outside the temp dir). */
function safePath(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

type Locations = Record<string, Record<string, string[]>>;

/** Per registry, how many digests are remembered (oldest forgotten first): enough for many engines, small on disk. */
const MAX_DIGESTS = 20_000;

/**
 * Which repositories of a registry hold a blob, as learned from this host's pushes and pulls
 * (`<store>/remote/blob-repositories.json`). A push to another repository mounts such a blob
 * instead of uploading it again. Only a hint: a mount the registry declines is an upload.
 */
export class BlobLocations {
  constructor(private readonly path: string) {}

  private async load(): Promise<Locations> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Locations;
    } catch {
      return {};
    }
  }

  async read(registry: string): Promise<Record<string, string[]>> {
    return (await this.load())[registry] ?? {};
  }

  async add(registry: string, repository: string, digests: string[]): Promise<void> {
    const all = await this.load();
    const known = { ...(all[registry] ?? {}) };
    for (const d of digests) {
      const repos = (known[d] ?? []).filter((r) => r !== repository);
      delete known[d]; // re-inserted last: object key order is the age order
      known[d] = [...repos, repository].slice(-8);
    }
    const keys = Object.keys(known);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_DIGESTS))) delete known[old];
    all[registry] = known;
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(all)}\n`);
    await rename(temp, this.path);
  }
}

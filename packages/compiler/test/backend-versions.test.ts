import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '@trtforge/spec';
import { loadBackendData, supportedBackendVersions } from '../src/backend/backend-data.js';
import { parameterSemantics } from '../src/backend/semantics.js';
import { resolve } from '../src/resolve/resolve.js';

// compile() has no "unsupported backendVersion" branch of its own: the schema rejects any version
// (TRT012, located) before a release's data is loaded. That holds only while the schema's allowed
// values are exactly the releases data/versions.json has data for.
describe('runtime.backendVersion', () => {
  it('the schema allows exactly the releases with data in data/versions.json', () => {
    const field = (modelSpecSchema as any).properties.runtime.properties.backendVersion as { const?: string; enum?: string[] };
    const allowed = field.enum ?? (field.const === undefined ? [] : [field.const]);
    expect([...allowed].sort()).toEqual(supportedBackendVersions().sort());
  });
});

describe('each release in the catalogue', () => {
  const strategies = (modelSpecSchema as any).properties.triton.properties.batchingStrategy.enum as string[];
  it.each(supportedBackendVersions())('%s: its backend accepts every batching strategy the spec offers (V1 = static batching)', (version) => {
    // parameter-semantics.json, read from the release's getBatchingTypeFromParams.
    const choices = parameterSemantics(version).batching_strategy?.choices as string[] | undefined;
    expect(choices).toBeDefined();
    for (const s of strategies) expect(choices, `${version} ${s}`).toContain(s);
  });
  it.each(supportedBackendVersions())('%s: the image follows the release unless the spec names one', (version) => {
    const spec = resolve({ name: 'x', source: { modelDir: '/m' }, runtime: { backendVersion: version as '0.17.0' } });
    expect(spec.runtime.image).toBe(loadBackendData(version as '0.17.0').versions.images[0]);
    expect(resolve({ name: 'x', source: { modelDir: '/m' }, runtime: { backendVersion: version as '0.17.0', image: 'my/image:1' } }).runtime.image).toBe('my/image:1');
  });
});

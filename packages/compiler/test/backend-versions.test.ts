import { describe, expect, it } from 'vitest';
import { modelSpecSchema } from '@trtforge/spec';
import { supportedBackendVersions } from '../src/backend/backend-data.js';

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

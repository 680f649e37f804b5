import { describe, expect, it } from 'vitest';
import { podmanRequired } from './helpers/podman.js';

// The podman suite skips (with a warning) only where it is not required; on CI a podman failure fails it.
describe('podman tests are required on CI', () => {
  it.each([
    [{}, false],
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ CI: '' }, false],
    [{ TRTFORGE_REQUIRE_PODMAN: '1' }, true],
    [{ CI: 'true', TRTFORGE_REQUIRE_PODMAN: '0' }, false],
    [{ CI: 'false', TRTFORGE_REQUIRE_PODMAN: '1' }, true],
  ] as const)('%o → required %s', (env, required) => {
    expect(podmanRequired(env)).toBe(required);
  });
});

import { posix } from 'node:path';
import { CALIB_DIR, OUTPUT_DIR, SERVED_MODEL_DIR, SOURCE_MOUNTS } from '../../../container-layout.js';
import type { LintFinding, LintRule } from '../../rule.js';
import { isPlainText, quote, specStrings } from './spec-strings.js';

/**
 * Container paths inside the image's own system tree: a mount there shadows it. Triton's install
 * dir is listed by part — /opt/tritonserver/<data> (the seed's trt_engines) is a fine place.
 */
const SYSTEM_DIRS = ['/usr', '/etc', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/boot', '/dev', '/proc', '/sys', '/run', '/var/run',
  '/opt/tritonserver/backends', '/opt/tritonserver/bin', '/opt/tritonserver/lib', '/opt/tritonserver/python'];

const isContainerPathField = (path: string) =>
  /^runtime\.paths\.[A-Za-z]+$/.test(path) || path === 'triton.encoderEngineDir' || path === 'triton.multimodal.visualModelPath';

const withoutSlash = (path: string) => path.replace(/(.)\/$/, '$1');
const inside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

export function containerPathProblem(path: string): { message: string; hint: string } | undefined {
  if (!path.startsWith('/')) return { message: `must be an absolute container path, got ${quote(path)}`, hint: `write /${path.replace(/^\.?\/*/, '')}` };
  // posix.normalize keeps one trailing "/": the seed writes engine_dir as /opt/tritonserver/trt_engines/.
  const normalized = posix.normalize(path);
  if (normalized !== path) return { message: `must be normalized (no "//", "." or ".." segments), got ${quote(path)}`, hint: `write ${quote(normalized)}` };
  const dir = withoutSlash(path);
  if (dir === '/' || dir === '/opt/tritonserver') return { message: `must not be ${quote(path)}: a mount there hides the image's own files`, hint: 'use a directory under /trtforge' };
  const system = SYSTEM_DIRS.find((d) => inside(dir, d));
  if (system) return { message: `must not be inside the image's system directory ${system}, got ${quote(path)}`, hint: 'use a directory under /trtforge (the default layout)' };
  return undefined;
}

export const containerPaths: LintRule = {
  id: 'TRT205',
  severity: 'error',
  topic: 'hardening',
  title: 'container paths are absolute, normalized and outside system directories',
  why: 'runtime.paths.* are mount targets and values written into config.pbtxt (engine_dir, tokenizer_dir). A mount over /usr, /etc or /opt/tritonserver/backends replaces part of the image (the backend libraries!), and an unnormalized path makes two spellings of one directory (tensorrtllm_backend#61, #79, #393).',
  fields: ['runtime.paths', 'triton.encoderEngineDir', 'triton.multimodal.visualModelPath'],
  pain: [6],
  silenceable: false,
  check: ({ spec }) => specStrings(spec.raw).filter((s) => isContainerPathField(s.path) && isPlainText(s.value)).flatMap((s) => {
    const problem = containerPathProblem(s.value);
    return problem ? [{ path: s.path, ...problem }] : [];
  }),
  examples: { pass: { runtime: { paths: { engineDir: '/trtforge/engine-fp16' } } }, fail: { runtime: { paths: { engineDir: '/opt/tritonserver/backends/tensorrtllm' } } } },
};

/** Mount targets trtforge itself uses in every plan. */
const RESERVED: Record<string, string> = {
  [OUTPUT_DIR]: 'the step output directory',
  [CALIB_DIR]: 'the calibration dataset (quantize step)',
  [SERVED_MODEL_DIR]: "trtllm-serve's model directory",
  ...Object.fromEntries(Object.entries(SOURCE_MOUNTS).map(([k, v]) => [v, `the ${k} source checkout`])),
};

export const distinctMounts: LintRule = {
  id: 'TRT206',
  severity: 'error',
  topic: 'hardening',
  title: 'container mount paths must not coincide or nest',
  why: 'Each runtime.paths entry is a separate mount; two equal targets make docker fail ("Duplicate mount point"), and a nested one silently shadows the other (the engine hidden under the read-only weights).',
  fields: ['runtime.paths'],
  silenceable: false,
  check: ({ spec }) => {
    // Only well-formed paths are compared; TRT205 reports the others.
    const paths = Object.entries(spec.runtime.paths)
      .filter(([, p]) => typeof p === 'string' && isPlainText(p) && !containerPathProblem(p))
      .map(([k, p]) => [k, withoutSlash(p)] as const);
    const findings: LintFinding[] = [];
    paths.forEach(([key, path], i) => {
      const clash = [
        ...paths.slice(0, i).map(([k, p]) => ({ other: p, label: `runtime.paths.${k}` })),
        ...Object.entries(RESERVED).map(([p, label]) => ({ other: p, label: `${label} (${p})` })),
      ].find(({ other }) => inside(path, other) || inside(other, path));
      if (clash) {
        findings.push({
          path: `runtime.paths.${key}`,
          message: `${quote(path)} ${path === clash.other ? 'is the same directory as' : 'overlaps'} ${clash.label}`,
          hint: 'give every runtime.paths entry its own directory, e.g. /trtforge/<role>',
        });
      }
    });
    return findings;
  },
  examples: { pass: { runtime: { paths: { engineDir: '/trtforge/engine-fp16' } } }, fail: { runtime: { paths: { engineDir: '/trtforge/hf/engine' } } } },
};

import type { LintFinding, LintRule } from '../../rule.js';
import { isPlainText, quote } from './spec-strings.js';

const HOST_PATH_FIELDS = ['source.modelDir', 'source.tokenizerDir', 'quantization.calibDataset'] as const;

/**
 * Host directories that must never be mounted into a container as "weights": kernel and device
 * trees, system configuration, the Docker socket's home — or a whole home directory, which holds
 * ~/.ssh and ~/.cache/huggingface/token.
 */
const FORBIDDEN_HOST_ROOTS = ['/proc', '/sys', '/dev', '/etc', '/boot', '/run', '/var/run'];

/** Why `path` is not an acceptable host path, or undefined. */
function hostPathProblem(path: string): { message: string; hint: string } | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)) {
    return { message: `must be a local directory, got the URL ${quote(path)}`, hint: 'download the weights first (huggingface-cli download <repo> --local-dir <dir>); trtforge never fetches them' };
  }
  if (path.startsWith('-')) return { message: `must not start with "-", got ${quote(path)}`, hint: 'write it as ./<dir> or an absolute path' };
  if (path.startsWith('~') && path !== '~' && !path.startsWith('~/')) {
    return { message: `may use "~/" for the home directory but not "~user", got ${quote(path)}`, hint: 'write the absolute path' };
  }
  if (path.split('/').includes('..')) {
    return { message: `must not contain ".." segments, got ${quote(path)}`, hint: 'write the absolute path, or a path relative to the repository root without ".."' };
  }
  const normalized = path.replace(/\/+$/, '') || '/';
  if (normalized === '/' || normalized === '~' || /^\/home(\/[^/]+)?$/.test(normalized) || normalized === '/root') {
    return { message: `would mount ${normalized === '/' ? 'the whole host filesystem' : 'a whole home directory (ssh keys, Hugging Face token)'} into the container, got ${quote(path)}`, hint: 'point at the model directory itself (the one with config.json)' };
  }
  const root = FORBIDDEN_HOST_ROOTS.find((r) => normalized === r || normalized.startsWith(`${r}/`));
  if (root) return { message: `must not be inside the system directory ${root}, got ${quote(path)}`, hint: 'keep weights in a data directory, e.g. /models/<name> or ./weights/<name>' };
  return undefined;
}

export const hostPaths: LintRule = {
  id: 'TRT204',
  severity: 'error',
  topic: 'hardening',
  title: 'host paths are absolute, ~/…, or relative to the repository — without ".."',
  why: 'source.modelDir / tokenizerDir are mounted into every container. Relative paths are resolved against the repository root (so generated/ holds no host-specific paths); ".." could escape it, URLs would mean a download trtforge never does, and system or home directories would expose the host (tensorrtllm_backend#393; triton_cli#92).',
  fields: ['source.modelDir', 'source.tokenizerDir', 'quantization.calibDataset'],
  pain: [18, 36],
  silenceable: false,
  check: ({ spec }) => HOST_PATH_FIELDS.flatMap((field): LintFinding[] => {
    const value = field === 'source.modelDir' ? spec.raw.source.modelDir : field === 'source.tokenizerDir' ? spec.raw.source.tokenizerDir : spec.raw.quantization?.calibDataset;
    if (typeof value !== 'string' || !isPlainText(value)) return [];
    const problem = hostPathProblem(value);
    return problem ? [{ path: field, ...problem }] : [];
  }),
  examples: { pass: { source: { modelDir: './weights/Qwen2.5-0.5B-Instruct' } }, fail: { source: { modelDir: '/models/../etc/qwen' } } },
};

/**
 * What each string field is, so the metacharacter check can use the narrowest character set that
 * still admits every legitimate value. A field missing here (a new one) gets the default `value`
 * rules: no shell metacharacters.
 */
export type StringKind = 'host-path' | 'container-path' | 'image' | 'revision' | 'choices' | 'dataset' | 'reason' | 'value';

const KINDS: ReadonlyArray<readonly [RegExp, StringKind]> = [
  [/^source\.(modelDir|tokenizerDir)$/, 'host-path'],
  [/^quantization\.calibDataset$/, 'host-path'],
  [/^(runtime\.paths\.[A-Za-z]+|triton\.encoderEngineDir|triton\.multimodal\.visualModelPath)$/, 'container-path'],
  [/^(runtime|bench)\.image$/, 'image'],
  [/^source\.(revision|hfRepo)$/, 'revision'],
  [/^triton\.(medusaChoices|eagleChoices)$/, 'choices'],
  [/^convert\.calibDataset$/, 'dataset'],
  [/^lints\.silence\./, 'reason'],
];

export function kindOf(path: string): StringKind {
  return KINDS.find(([re]) => re.test(path))?.[1] ?? 'value';
}

/**
 * Characters a shell, a glob, `docker --mount`'s CSV syntax or a Markdown table would interpret.
 * trtforge never runs a shell (argv arrays only) and quotes PLAN.md commands, but a value that
 * needs them is a paste error or an injection attempt, and a copied command line must stay inert.
 */
const SHELL_META = /[`$;|&<>"'\\*?!,]/;

/** For each kind: the first disallowed character in `value`, or undefined. */
export const DISALLOWED: Record<StringKind, { find(value: string): string | undefined; allowed: string }> = {
  'host-path': { find: (v) => SHELL_META.exec(v)?.[0], allowed: 'no shell metacharacters (` $ ; | & < > " \' \\ * ? ! ,)' },
  'container-path': { find: (v) => /[^A-Za-z0-9._\-+@=/]/.exec(v)?.[0], allowed: 'letters, digits and . _ - + @ = /' },
  image: { find: (v) => /[^A-Za-z0-9._\-/:@]/.exec(v)?.[0], allowed: 'letters, digits and . _ - / : @ (an image reference)' },
  revision: { find: (v) => /[^A-Za-z0-9._\-/+]/.exec(v)?.[0], allowed: 'letters, digits and . _ - / + (a commit sha or tag)' },
  choices: { find: (v) => /[^0-9{}, ]/.exec(v)?.[0], allowed: 'digits, braces, commas and spaces, e.g. "{0, 0}, {0, 1}"' },
  dataset: { find: (v) => /[^A-Za-z0-9._\-/+@=~]/.exec(v)?.[0], allowed: 'letters, digits and . _ - / + @ = ~ (a dataset id or container path)' },
  reason: { find: () => undefined, allowed: 'any printable text' },
  value: { find: (v) => SHELL_META.exec(v)?.[0], allowed: 'no shell metacharacters (` $ ; | & < > " \' \\ * ? ! ,)' },
};

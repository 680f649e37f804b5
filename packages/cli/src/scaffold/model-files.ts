import type { ModelFamily } from '@trtforge/spec';

export interface NewModel {
  name: string;
  /** As written into source.modelDir: absolute, or relative to the repository root. */
  modelDir: string;
  family?: ModelFamily;
  ports: { http: number; grpc: number; metrics: number; openai: number };
}

/**
 * The three files of a model workspace, in the shape of models/qwen2.5-0.5b (the test compares them,
 * name aside): model.ts, package.json (the workspace package, named after the model) and turbo.json.
 */
export function modelFiles(model: NewModel): Record<'model.ts' | 'package.json' | 'turbo.json', string> {
  return { 'model.ts': modelTs(model), 'package.json': packageJson(model.name), 'turbo.json': turboJson(model.name) };
}

/** A single-quoted TypeScript string literal (the repository's style). */
const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

function modelTs({ name, modelDir, family, ports }: NewModel): string {
  const source = [`    modelDir: ${quote(modelDir)},`, ...(family ? [`    family: ${quote(family)},`] : [])];
  return `import { defineModel } from '@trtforge/spec';

/**
 * ${name}. Every field is documented in docs/spec.md (or hover it in an editor); \`trtforge plan ${name}\`
 * shows what the spec becomes.
 */
export default defineModel({
  name: ${quote(name)},
  source: {
${source.join('\n')}
  },
  triton: {
    excludeInputInOutput: true, // answers without the prompt echoed in front (TRT110)
  },
  serve: {
    // Ports no other model in this repository uses: an unfiltered \`turbo run serve\` starts them together.
    ports: { http: ${ports.http}, grpc: ${ports.grpc}, metrics: ${ports.metrics}, openai: ${ports.openai} },
  },
});
`;
}

function packageJson(name: string): string {
  const pkg = {
    name,
    version: '0.0.0',
    private: true,
    type: 'module',
    description: `${name} on Triton + TensorRT-LLM`,
    scripts: {
      compile: `trtforge compile ${name}`,
      plan: `trtforge plan ${name}`,
      start: `trtforge up ${name}`,
      convert: `trtforge convert ${name}`,
      build: `trtforge build ${name}`,
      serve: `trtforge serve ${name}`,
    },
    devDependencies: { '@trtforge/cli': '*', '@trtforge/spec': '*' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

const RUN_ENV = ['TRTFORGE_STORE', 'TRTFORGE_RUNTIME', 'TRTFORGE_MODEL_DIR', 'TRTFORGE_TOKENIZER_DIR', 'TRTFORGE_SRC_*', 'NVIDIA_BUILD_ID', 'NVIDIA_TRITON_SERVER_VERSION'];
const PASS_THROUGH = ['TRTFORGE_*', 'HF_TOKEN', 'HOME', 'XDG_CACHE_HOME', 'DOCKER_*', 'CONTAINER_HOST', 'CONTAINERS_CONF', 'CUDA_*', 'CI'];

/**
 * turbo starts a model's server with this argv (futureFlags.experimentalTaskCommand in the root
 * turbo.json) instead of `npm run serve`: the same `trtforge serve <name>` the package.json script
 * runs, through the same node_modules/.bin link, without npm's own start (≈ 0.25 s) before every serve.
 */
export const serveCommand = (name: string): string[] => ['../../node_modules/.bin/trtforge', 'serve', name];

function turboJson(name: string): string {
  const plan = `$TURBO_ROOT$/generated/${name}/plan.json`;
  // One array per line, as in the hand-written models/*/turbo.json.
  const list = (items: string[]): string => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
  return `{
  "$schema": "https://turborepo.com/schema.json",
  "extends": ["//"],
  "tasks": {
    "compile": {
      "dependsOn": ["^build"],
      "inputs": ["model.ts", "package.json"],
      "outputs": ["$TURBO_ROOT$/generated/${name}/**"]
    },
    "convert": {
      "dependsOn": ["compile", "^build"],
      "cache": false,
      "inputs": ${list(['package.json', plan])},
      "outputs": [".trtforge/convert.manifest.json"],
      "env": ${list(RUN_ENV)},
      "passThroughEnv": ${list(PASS_THROUGH)}
    },
    "build": {
      "dependsOn": ["convert", "^build"],
      "cache": false,
      "inputs": ${list(['package.json', plan])},
      "outputs": [".trtforge/build.manifest.json"],
      "env": ${list(RUN_ENV)},
      "passThroughEnv": ${list(PASS_THROUGH)}
    },
    "serve": {
      "dependsOn": ["compile", "^build"],
      "cache": false,
      "persistent": true,
      "command": ${list(serveCommand(name))},
      "passThroughEnv": ${list([...PASS_THROUGH.slice(0, -1), 'NVIDIA_*', 'CI'])}
    }
  }
}
`;
}

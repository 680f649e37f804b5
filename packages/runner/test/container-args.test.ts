import { describe, expect, it } from 'vitest';
import { containerRunArgs } from '../src/runtime/container-args.js';
import { dockerGpuArgs } from '../src/runtime/docker.js';
import { LocalRuntime } from '../src/runtime/local.js';
import { parseFlagList, runtimeOptionsFromEnv } from '../src/runtime/options.js';
import { PathMap } from '../src/runtime/path-map.js';
import { createRuntime } from '../src/runtime/resolve.js';
import type { ProcessSpec } from '../src/runtime/types.js';

const spec: ProcessSpec = {
  name: 'qwen-build-abc-1',
  image: 'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3',
  workdir: '/trtforge/out',
  mounts: [
    { host: '/store/convert/k/out', target: '/trtforge/checkpoint', readOnly: true },
    { host: '/store/tmp/x/out', target: '/trtforge/out', readOnly: false },
  ],
  env: { HF_HUB_OFFLINE: '1', CUDA_VISIBLE_DEVICES: '4,5' },
  passEnv: ['HF_TOKEN'],
  argv: ['trtllm-build', '--checkpoint_dir', '/trtforge/checkpoint', '--output_dir', '/trtforge/out'],
  gpus: [4, 5],
};

describe('docker and podman invocations', () => {
  it('docker: NVIDIA container settings, GPUs by id, read-only mounts, secrets by name only', () => {
    const docker = createRuntime('docker', { env: { HF_TOKEN: 'secret-value' } });
    const { file, args } = docker.invocation(spec);
    expect([file, ...args]).toEqual([
      'docker', 'run', '--rm', '--init', '--name', 'trtforge-qwen-build-abc-1', '--network', 'host',
      '--shm-size', '2g', '--ulimit', 'memlock=-1', '--ulimit', 'stack=67108864',
      '--gpus', '"device=4,5"',
      '--mount', 'type=bind,source=/store/convert/k/out,target=/trtforge/checkpoint,readonly',
      '--mount', 'type=bind,source=/store/tmp/x/out,target=/trtforge/out',
      '--workdir', '/trtforge/out',
      // inside the container the two GPUs are 0 and 1
      '--env', 'CUDA_VISIBLE_DEVICES=0,1', '--env', 'HF_HUB_OFFLINE=1', '--env', 'HF_TOKEN',
      'nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3', 'trtllm-build', '--checkpoint_dir', '/trtforge/checkpoint', '--output_dir', '/trtforge/out',
    ]);
    expect(args.join(' ')).not.toContain('secret-value');
  });

  it('podman: CDI devices, host quirks from the environment (global flags, run flags, ulimits, ipc)', () => {
    const podman = createRuntime('podman', {
      env: { TRTFORGE_PODMAN_FLAGS: '--runtime runc --cgroup-manager=cgroupfs', TRTFORGE_PODMAN_RUN_FLAGS: '["-v", "/usr:/usr:ro"]', TRTFORGE_ULIMITS: 'stack=67108864', TRTFORGE_IPC: 'host' },
    });
    const args = podman.invocation(spec).args;
    expect(args.slice(0, 4)).toEqual(['--runtime', 'runc', '--cgroup-manager=cgroupfs', 'run']);
    expect(args).toContain('--ipc');
    expect(args).not.toContain('--shm-size');
    expect(args.join(' ')).toContain('--ulimit stack=67108864 --device nvidia.com/gpu=4 --device nvidia.com/gpu=5 --security-opt=label=disable');
    expect(args.join(' ')).toContain('-v /usr:/usr:ro nvcr.io/nvidia/tritonserver');
  });

  it('no GPUs → no GPU flags; paths a runtime cannot mount are refused with a clear message', () => {
    expect(dockerGpuArgs('none')).toEqual([]);
    const bad = { ...spec, mounts: [{ host: '/a,b', target: '/x', readOnly: true }] };
    expect(() => containerRunArgs(bad, runtimeOptionsFromEnv('docker', {}), [])).toThrow(/cannot mount "\/a,b"/);
  });

  it('flag lists from the environment: words or a JSON array', () => {
    expect(parseFlagList(' --a  b ')).toEqual(['--a', 'b']);
    expect(parseFlagList('["-v", "/a b:/c"]')).toEqual(['-v', '/a b:/c']);
    expect(parseFlagList('')).toEqual([]);
    expect(parseFlagList(undefined)).toBeUndefined();
  });
});

describe('local runtime', () => {
  it('rewrites container paths to host paths on path boundaries, in argv, --flag=value and env', () => {
    const map = new PathMap([
      { host: '/h/repo', target: '/trtforge/model_repo' },
      { host: '/h/out', target: '/trtforge/out' },
    ]);
    expect(map.mapArg('/trtforge/out/x')).toBe('/h/out/x');
    expect(map.mapArg('/trtforge/outer')).toBe('/trtforge/outer');
    expect(map.mapArg('--model-repository=/trtforge/model_repo')).toBe('--model-repository=/h/repo');
    expect(map.mapArg('float16')).toBe('float16');
    const local = new LocalRuntime({ PATH: '/bin' });
    const inv = local.invocation({ ...spec, env: { ...spec.env, OUT: '/trtforge/out' } });
    expect([inv.file, ...inv.args]).toEqual(['trtllm-build', '--checkpoint_dir', '/store/convert/k/out', '--output_dir', '/store/tmp/x/out']);
    expect(inv.env).toMatchObject({ PATH: '/bin', OUT: '/store/tmp/x/out', CUDA_VISIBLE_DEVICES: '4,5' });
  });

  it('local: tools get an allowlist of the host environment plus passEnv, never secrets they were not given', () => {
    const host = {
      PATH: '/bin', HOME: '/home/u', LC_ALL: 'C.UTF-8', NCCL_DEBUG: 'INFO', CUDA_HOME: '/usr/local/cuda', NVIDIA_DRIVER_CAPABILITIES: 'all',
      HF_TOKEN: 'hf-secret-value', NGC_API_KEY: 'nvapi-secret', AWS_SECRET_ACCESS_KEY: 'aws-secret', EDITOR: 'vim', TRTFORGE_STANDIN_GPUS: '8.6',
      TRTFORGE_API_TOKEN: 'own-namespace-but-secret',
    };
    const inv = new LocalRuntime(host).invocation(spec);
    expect(inv.extendEnv).toBe(false);
    expect(Object.keys(inv.env).sort()).toEqual([
      'CUDA_HOME', 'CUDA_VISIBLE_DEVICES', 'HF_HUB_OFFLINE', 'HF_TOKEN', 'HOME', 'LC_ALL', 'NCCL_DEBUG', 'NVIDIA_DRIVER_CAPABILITIES', 'PATH', 'TRTFORGE_STANDIN_GPUS',
    ]);
    expect(inv.env.HF_TOKEN).toBe('hf-secret-value'); // in the step's passEnv
  });
});

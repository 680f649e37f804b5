// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Plays nvidia-smi for the queries trtforge makes (no reference table exists for it; the accepted
// options are nvidia-smi's own: --query-gpu=, --format=csv[,noheader][,nounits], -L/--list-gpus, -i/--id=).
//   TRTFORGE_STANDIN_GPUS      comma list of compute capabilities, one per GPU (default "8.6");
//                              "none" behaves like a host without a working driver
//   TRTFORGE_STANDIN_GPU_NAME  product name (default "NVIDIA A10G")
//   TRTFORGE_STANDIN_GPU_MIB   memory.total of every GPU in MiB (default 23028, an A10G's)
import { trace } from './lib/behaviour.mjs';

const FIELDS = ['index', 'name', 'compute_cap', 'memory.total', 'uuid', 'driver_version', 'pci.bus_id'];

function invalid() {
  process.stdout.write("Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n");
  process.exit(2);
}

export async function main(argv) {
  trace('nvidia-smi', argv);
  const spec = process.env.TRTFORGE_STANDIN_GPUS ?? '8.6';
  if (spec === 'none') {
    process.stdout.write("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n");
    process.exit(9);
  }
  const name = process.env.TRTFORGE_STANDIN_GPU_NAME ?? 'NVIDIA A10G';
  const gpus = spec.split(',').map((cap, index) => ({
    index: String(index),
    name,
    compute_cap: cap.trim(),
    'memory.total': process.env.TRTFORGE_STANDIN_GPU_MIB ?? '23028',
    uuid: `GPU-00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
    driver_version: '550.54.15',
    'pci.bus_id': `00000000:${String(index).padStart(2, '0')}:00.0`,
  }));
  let query;
  let format;
  let ids;
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-L' || arg === '--list-gpus') list = true;
    else if (arg.startsWith('--query-gpu=')) query = arg.slice('--query-gpu='.length).split(',');
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length).split(',');
    else if (arg.startsWith('--id=')) ids = arg.slice(5).split(',');
    else if (arg === '-i' || arg === '--id') ids = (argv[++i] ?? invalid()).split(',');
    else invalid();
  }
  const selected = ids ? gpus.filter((g) => ids.includes(g.index)) : gpus;
  if (list) {
    for (const g of selected) process.stdout.write(`GPU ${g.index}: ${g.name} (UUID: ${g.uuid})\n`);
    return;
  }
  if (!query) {
    process.stdout.write(`NVIDIA-SMI 550.54.15 (stand-in)\n${selected.map((g) => `| ${g.index}  ${g.name}  compute ${g.compute_cap} |`).join('\n')}\n`);
    return;
  }
  if (!format || format[0] !== 'csv') invalid();
  const unknown = query.find((f) => !FIELDS.includes(f));
  if (unknown) {
    process.stdout.write(`Field "${unknown}" is not a valid field to query.\n\n`);
    process.exit(2);
  }
  const noUnits = format.includes('nounits');
  const cell = (g, f) => (f === 'memory.total' && !noUnits ? `${g[f]} MiB` : g[f]);
  if (!format.includes('noheader')) process.stdout.write(`${query.join(', ')}\n`);
  for (const g of selected) process.stdout.write(`${query.map((f) => cell(g, f)).join(', ')}\n`);
}

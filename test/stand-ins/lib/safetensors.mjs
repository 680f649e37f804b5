// STAND-IN FOR TESTS: not NVIDIA's tool; validates argv against the reference option table and writes artifacts of the real layout.
// Minimal valid safetensors files: 8-byte little-endian header length, JSON header, tensor bytes.
import { writeFileSync } from 'node:fs';

export function writeSafetensors(path, tensors, metadata = {}) {
  const header = { __metadata__: metadata };
  let offset = 0;
  const blobs = [];
  for (const [name, { dtype = 'F16', shape, data }] of Object.entries(tensors)) {
    header[name] = { dtype, shape, data_offsets: [offset, offset + data.length] };
    offset += data.length;
    blobs.push(data);
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([length, json, ...blobs]));
}

import type { QuantizationOptions } from '@trtforge/spec';
import { loadQuantizeData, type QuantizeData } from './backend/quantize-data.js';
import type { ResolvedModelSpec } from './resolve/resolved.js';

// What a spec's `quantization` section means, for the lints and the emitters alike.

/** The spec's quantization with defaults applied, or undefined when it has none. */
export function quantizationOf(spec: ResolvedModelSpec): Required<QuantizationOptions> | undefined {
  return spec.quantization?.format ? spec.quantization : undefined;
}

/** Calibration samples quantize.py really uses: the format may cap them (AWQ: 32), so 64 and 512 are the same checkpoint. */
export function effectiveCalibSize(q: Required<QuantizationOptions>, data: QuantizeData): number {
  const cap = data.formats[q.format].calibSizeMax;
  return cap === null ? q.calibSize : Math.min(q.calibSize, cap);
}

/** The checkpoint's quant_algo under a `quantization` section (FP8, W4A16_AWQ), or undefined. */
export function checkpointQuantAlgo(spec: ResolvedModelSpec): string | undefined {
  const q = quantizationOf(spec);
  return q ? loadQuantizeData(spec.runtime.backendVersion)?.formats[q.format]?.quantAlgo : undefined;
}

// Facts about protobuf scalar types shared by the writer, the reader and the validator.

const I32: readonly [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const U32: readonly [bigint, bigint] = [0n, 2n ** 32n - 1n];
const I64: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const U64: readonly [bigint, bigint] = [0n, 2n ** 64n - 1n];

const INT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: I32,
  sint32: I32,
  sfixed32: I32,
  uint32: U32,
  fixed32: U32,
  int64: I64,
  sint64: I64,
  sfixed64: I64,
  uint64: U64,
  fixed64: U64,
};

/** Largest finite float32; bigger finite values would silently become infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Inclusive range of an integer type, or undefined if `type` is not an integer type. */
export function intRange(type: string): readonly [bigint, bigint] | undefined {
  return Object.hasOwn(INT_RANGES, type) ? INT_RANGES[type] : undefined;
}

export function is64Bit(type: string): boolean {
  return type.endsWith('64');
}

export function isFloatType(type: string): boolean {
  return type === 'float' || type === 'double';
}

/** `undefined` if `value` fits `type`, else the reason it does not. */
export function intRangeProblem(type: string, value: bigint): string | undefined {
  const range = intRange(type);
  if (!range || (value >= range[0] && value <= range[1])) return undefined;
  return `${value} is out of range for ${type} [${range[0]}, ${range[1]}]`;
}

/**
 * The plain-JS form of an integer: a number when exactly representable, else a decimal
 * string (only possible for 64-bit types). Readers and the validator both produce this.
 */
export function intToJs(value: bigint): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

/** Text-format spelling of a float/double; protobuf spells the specials `inf` and `nan`. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

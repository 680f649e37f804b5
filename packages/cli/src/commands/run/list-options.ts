import { InvalidArgumentError } from 'commander';

/** `--concurrency 1,4,16,64`: positive integers separated by commas, each point once, in the order given. */
export function positiveIntegerList(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  const numbers = items.map(Number);
  if (items.some((s) => s === '') || numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new InvalidArgumentError(`expected a positive integer or a comma-separated list of them (1,4,16,64), got "${value}"`);
  }
  if (new Set(numbers).size !== numbers.length) throw new InvalidArgumentError(`expected each value once, got "${value}"`);
  return numbers;
}

// Field paths as they appear in error messages: `ModelConfig.input[2].dims[0]`,
// `ModelConfig.parameters["tokenizer_dir"].string_value`.

export function fieldPath(base: string, name: string): string {
  return base ? `${base}.${name}` : name;
}

export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** Map entries: string keys are JSON-quoted so odd keys stay readable; integer keys are bare. */
export function keyPath(base: string, key: string, quoted: boolean): string {
  return `${base}[${quoted ? JSON.stringify(key) : key}]`;
}

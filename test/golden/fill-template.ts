/**
 * TEST-ONLY re-implementation of tensorrtllm_backend's tools/fill_template.py semantics, as
 * documented in ../shared/reference/triton-25.01/fill_template.json: Python string.Template
 * safe_substitute over the whole text (`${name}` and `$name` replaced, `$$` → `$`, unknown
 * placeholders left as they are) and `max_queue_size` injected as "0" unless given (a release's
 * fill_template.py may inject more: `injected`, see releases.ts).
 * The golden tests compare the compiler's typed output with templates filled this way.
 */
export function fillTemplateText(text: string, substitutions: Record<string, string>, injected: Record<string, string> = { max_queue_size: '0' }): string {
  const values: Record<string, string> = { ...injected, ...substitutions };
  return text.replace(/\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\})/g, (m, dollar, bare, braced) => {
    if (dollar) return '$';
    const name = (bare ?? braced) as string;
    return name in values ? values[name]! : m;
  });
}

/** Parses fill_template's argument string: `k:v,k2:v2` with backslash escapes (both passes). */
export function parseSubstitutions(arg: string): Record<string, string> {
  const split = (s: string, sep: string) => {
    const parts: string[] = [];
    let cur = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) cur += s[++i];
      else if (c === sep) { parts.push(cur); cur = ''; }
      else cur += c;
    }
    parts.push(cur);
    return parts;
  };
  const out: Record<string, string> = {};
  for (const item of split(arg, ',')) {
    const kv = split(item, ':');
    if (kv.length !== 2) throw new Error(`fill_template: bad item "${item}"`);
    out[kv[0]!] = kv[1]!;
  }
  return out;
}

/**
 * "Semantically equal" normal form of a filled template: parameters whose value is still an
 * unfilled `${…}` placeholder count as absent (the backend treats them as unset).
 */
export function dropUnfilledParameters(config: Record<string, unknown>): Record<string, unknown> {
  const params = config.parameters as Record<string, { string_value?: string }> | undefined;
  if (!params) return config;
  const kept = Object.fromEntries(Object.entries(params).filter(([, v]) => !/\$\{[^}]*\}/.test(v.string_value ?? '')));
  return { ...config, parameters: kept };
}

/**
 * The placeholders a template really uses: `${name}` / `$name` outside `#` comment lines (the
 * v0.17.0 tensorrt_llm template keeps the deprecated enable_trt_overlap in a commented-out block).
 */
export function livePlaceholders(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(/\$(?:\$|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\})/g)) {
      const name = m[1] ?? m[2];
      if (name) names.add(name);
    }
  }
  return names;
}

// Form fields named "<prefix>.<key>.<field>" (e.g. overrides.<findingId>.reasonCode) → one object
// { [prefix]: { [key]: { [field]: value } } }, the shape the domain schema reads. Other fields stay
// as they are. Keys that would reach an object's prototype are left flat (and so ignored).

const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

export function nestFields(flat: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nested = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.startsWith(`${prefix}.`) ? name.slice(prefix.length + 1).split(".") : [];
    const [key, field] = parts;
    if (parts.length !== 2 || !key || !field || UNSAFE.has(key) || UNSAFE.has(field)) {
      out[name] = value;
      continue;
    }
    const entry = nested.get(key) ?? {};
    entry[field] = value;
    nested.set(key, entry);
  }
  if (nested.size) out[prefix] = Object.fromEntries(nested);
  return out;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** `${name}` replaced by the variable's value; an unknown variable becomes the empty string. */
export function substitute(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(VARIABLE, (_, name: string) => (Object.hasOwn(vars, name) ? (vars[name] ?? '') : ''));
}

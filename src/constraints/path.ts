/**
 * Lexical path handling of the reference's Subpath constraint. Pure string
 * work: no filesystem, no symlinks, no percent-decoding.
 *
 * The reference inspects bytes of the UTF-8 text; every byte it looks at must
 * be ASCII for a rule to apply, so the checks below only accept an ASCII first
 * character where the reference tests `bytes[1] == ':'`.
 */

function isAsciiAt(path: string, index: number): boolean {
  return path.charCodeAt(index) < 0x80;
}

/**
 * Normalises `path`: a leading `/`, or a drive prefix (`X:` optionally
 * followed by one `\` or `/`, kept verbatim), stays in front; the rest is split
 * on `/` and `\`; empty and `.` components are dropped; `..` removes the
 * previous component and never climbs above the prefix; components are joined
 * with `/`.
 */
export function normalizePath(path: string): string {
  let prefix = '';
  let rest = path;
  if (path.startsWith('/')) {
    prefix = '/';
    rest = path.slice(1);
  } else if (path.length >= 2 && isAsciiAt(path, 0) && path[1] === ':') {
    // Any ASCII character before the colon counts here (the absolute-path check is separate).
    const cut = path.length > 2 && (path[2] === '\\' || path[2] === '/') ? 3 : 2;
    prefix = path.slice(0, cut);
    rest = path.slice(cut);
  }
  const components: string[] = [];
  for (const component of rest.split(/[/\\]/)) {
    if (component === '' || component === '.') continue;
    if (component === '..') components.pop();
    else components.push(component);
  }
  let result = prefix;
  components.forEach((component, i) => {
    if ((i > 0 || prefix !== '') && !result.endsWith('/') && !result.endsWith('\\')) result += '/';
    result += component;
  });
  return result === '' ? prefix : result;
}

/** `/x`, or an ASCII drive letter path such as `C:\x` / `C:/x`. */
export function isAbsolutePath(path: string): boolean {
  if (path.startsWith('/')) return true;
  return path.length >= 3 && /^[A-Za-z]$/.test(path[0] as string) && path[1] === ':' && (path[2] === '\\' || path[2] === '/');
}

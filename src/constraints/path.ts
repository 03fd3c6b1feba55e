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
  if (isNormalRootedPath(path)) return path;
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

const CH_SLASH = 0x2f;
const CH_BACKSLASH = 0x5c;
const CH_DOT = 0x2e;

/**
 * True when normalising `path` would give it back unchanged: it starts with
 * `/`, has no backslash, no empty, `.` or `..` component and no trailing `/`
 * (unless it is `/`). Most real paths are like that; this saves the split.
 */
function isNormalRootedPath(path: string): boolean {
  if (path.charCodeAt(0) !== CH_SLASH) return false;
  if (path.length === 1) return true;
  let componentStart = 1;
  for (let i = 1; i <= path.length; i++) {
    const c = i < path.length ? path.charCodeAt(i) : CH_SLASH;
    if (c === CH_BACKSLASH) return false;
    if (c !== CH_SLASH) continue;
    const length = i - componentStart;
    if (length === 0) return false;
    if (path.charCodeAt(componentStart) === CH_DOT && (length === 1 || (length === 2 && path.charCodeAt(componentStart + 1) === CH_DOT))) return false;
    componentStart = i + 1;
  }
  return true;
}

/** `/x`, or an ASCII drive letter path such as `C:\x` / `C:/x`. */
export function isAbsolutePath(path: string): boolean {
  if (path.startsWith('/')) return true;
  return path.length >= 3 && /^[A-Za-z]$/.test(path[0] as string) && path[1] === ':' && (path[2] === '\\' || path[2] === '/');
}

/**
 * Path normalisation of the reference's Subpath constraint: keep a leading `/`
 * or drive prefix (`C:`, `C:\`, `C:/`) verbatim, split on `/` and `\`, drop
 * empty and `.` components, let `..` pop (never above the root), re-join with `/`.
 */
export function normalizePath(path: string): string {
  let prefix = '';
  let rest = path;
  if (path.startsWith('/')) {
    prefix = '/';
    rest = path.slice(1);
  } else if (path.length >= 2 && path[1] === ':') {
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

/** `/x` or a drive-letter path such as `C:\x` / `C:/x`. */
export function isAbsolutePath(path: string): boolean {
  if (path.startsWith('/')) return true;
  return path.length >= 3 && /^[A-Za-z]$/.test(path[0] as string) && path[1] === ':' && (path[2] === '\\' || path[2] === '/');
}

/**
 * VS Code-style glob matching for settings (`cloudhsmPolicy.roles`, `cloudhsmPolicy.files`):
 * `**` matches any number of path segments, `*` and `?` stay inside one segment, `{a,b}` alternates,
 * `[abc]` is a character class. Paths use forward slashes. Never throws; a malformed glob matches nothing.
 */
const cache = new Map<string, RegExp | null>();

export function globToRegExp(glob: string): RegExp | null {
  const hit = cache.get(glob);
  if (hit !== undefined) return hit;
  let re = '';
  let inGroup = 0;
  try {
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i];
      if (c === '*') {
        if (glob[i + 1] === '*') {
          // "**/" matches zero or more whole segments; a trailing "**" matches the rest.
          if (glob[i + 2] === '/') { re += '(?:[^/]*/)*'; i += 2; } else { re += '.*'; i += 1; }
        } else re += '[^/]*';
      } else if (c === '?') re += '[^/]';
      else if (c === '{') { re += '(?:'; inGroup++; }
      else if (c === '}' && inGroup) { re += ')'; inGroup--; }
      else if (c === ',' && inGroup) re += '|';
      else if (c === '[') {
        const end = glob.indexOf(']', i + 1);
        if (end < 0) { re += '\\['; continue; }
        re += '[' + glob.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^!/, '^') + ']';
        i = end;
      } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
    if (inGroup) throw new Error('unclosed {');
    const r = new RegExp('^' + re + '$');
    cache.set(glob, r);
    return r;
  } catch {
    cache.set(glob, null);
    return null;
  }
}

/** Does `relPath` (forward slashes, relative to the workspace folder) match `glob`? */
export function matchGlob(glob: string, relPath: string): boolean {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const r = globToRegExp(g);
  if (!r) return false;
  // A glob without a slash matches the file name anywhere, like files.exclude patterns do.
  if (!g.includes('/')) return r.test(relPath.split('/').pop() ?? '') || r.test(relPath);
  return r.test(relPath);
}

/**
 * Which dpkg database files a path is. Only direct children of status.d/ and info/ count:
 * `status-old`, `*.list.bak`, dotfiles and subdirectories are not dpkg's live database.
 */
export const STATUS = '/var/lib/dpkg/status';
export const STATUS_D = '/var/lib/dpkg/status.d/';
export const INFO = '/var/lib/dpkg/info/';

/** Which of the dpkg files a path is, or undefined. */
export function dpkgFileKind(path: string): 'status' | 'status-d' | 'status-d-md5sums' | 'list' | 'md5sums' | undefined {
  if (path === STATUS) return 'status';
  if (path.startsWith(STATUS_D)) {
    const name = path.slice(STATUS_D.length);
    // Direct children only; dotfiles and dpkg's own temporary names are not package stanzas.
    if (name === '' || name.includes('/') || name.startsWith('.')) return undefined;
    return name.endsWith('.md5sums') ? 'status-d-md5sums' : 'status-d';
  }
  if (path.startsWith(INFO)) {
    const name = path.slice(INFO.length);
    if (name.includes('/') || name.startsWith('.')) return undefined;
    if (name.length > '.list'.length && name.endsWith('.list')) return 'list';
    if (name.length > '.md5sums'.length && name.endsWith('.md5sums')) return 'md5sums';
  }
  return undefined;
}

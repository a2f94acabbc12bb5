import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when `name` is an executable file on PATH. */
export function hasCommand(name: string, path = process.env.PATH ?? ''): boolean {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

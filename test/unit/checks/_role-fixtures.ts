/** Example policies shared by the role checks' tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../helpers';

export function example(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', name + '.json'), 'utf8');
}

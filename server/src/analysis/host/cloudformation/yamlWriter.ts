import type { HostWriter } from '../types';
export const yamlWriter: HostWriter = { write: () => undefined };

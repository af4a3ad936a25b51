/**
 * The CLI's inputs: which files to check (explicit files always; under folders, *.json and *.jsonc
 * files, which are reported only when they look like policies, and host files that may embed policies)
 * and how their bytes become text.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HOST_FILE_NAME } from '../analysis/host';

export interface Input { file: string; explicit: boolean }

/** Files that may embed policies (read when a host reader takes them by name and content). */
export const HOST_FILE = HOST_FILE_NAME;

/** Adds the files of one command-line input to `out`; what cannot be read goes to `errors`. */
export function expand(input: string, out: Input[], errors: string[]): void {
  if (input === '-') { out.push({ file: '-', explicit: true }); return; }
  let st: fs.Stats;
  try { st = fs.statSync(input); } catch (e) { errors.push(`${input}: ${describe(e)}`); return; }
  if (!st.isDirectory()) { out.push({ file: input, explicit: true }); return; }
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)); } catch (e) { errors.push(`${dir}: ${describe(e)}`); return; }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (/\.jsonc?$/i.test(e.name) || HOST_FILE.test(e.name))) out.push({ file: p, explicit: false });
    }
  };
  walk(input);
}

/** A file-system error as a short phrase for the user. */
export function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file or folder';
  if (err && err.code === 'EACCES') return 'permission denied';
  if (err && err.code === 'EISDIR') return 'is a folder';
  return err && err.message ? err.message : String(e);
}

/**
 * A file's text. Bytes that are not UTF-8 do not stop the check: the text is decoded with U+FFFD in
 * their place, and `invalid` says where the first one is (its byte offset, and its UTF-16 offset in
 * the decoded text).
 */
export interface DecodedInput { text: string; invalid?: { byteOffset: number; byte: number; offset: number } }

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function readInput(file: string): DecodedInput {
  const buf = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  try {
    return { text: strict.decode(buf) };
  } catch {
    const byteOffset = firstInvalidByte(buf);
    return { text: lenient.decode(buf), invalid: { byteOffset, byte: buf[byteOffset], offset: lenient.decode(buf.subarray(0, byteOffset)).length } };
  }
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF); buf.length if there is none.
 */
export function firstInvalidByte(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    let n: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) { n = 2; if (b === 0xe0) lo = 0xa0; else if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; if (b === 0xf0) lo = 0x90; else if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return buf.length;
}

/**
 * -x / -X output (print-ascii.c): 16 bytes a line, in 16-bit groups, with the
 * offset, and for -X the printable ASCII ('!'..'~'; a space is a dot).
 */
import { hex2 } from './names.js';

const IDENT = '\n\t';
const HEXSTUFF_PER_LINE = 40;

function graph(b: number): string {
  return b >= 0x21 && b <= 0x7e ? String.fromCharCode(b) : '.';
}

export function hexAndAsciiPrint(bytes: Uint8Array, oset = 0): string {
  let out = '';
  let hex = '';
  let ascii = '';
  let i = 0;
  const flush = (): void => {
    out += `${IDENT}0x${oset.toString(16).padStart(4, '0')}: ${hex.padEnd(HEXSTUFF_PER_LINE)}  ${ascii}`;
    hex = '';
    ascii = '';
    i = 0;
    oset += 16;
  };
  let p = 0;
  for (; p + 1 < bytes.length; p += 2) {
    hex += ` ${hex2(bytes[p]!)}${hex2(bytes[p + 1]!)}`;
    ascii += graph(bytes[p]!) + graph(bytes[p + 1]!);
    if (++i >= 8) flush();
  }
  if (p < bytes.length) {
    hex += ` ${hex2(bytes[p]!)}`;
    ascii += graph(bytes[p]!);
    i++;
  }
  if (i > 0) flush();
  return out;
}

export function hexPrint(bytes: Uint8Array, oset = 0): string {
  let out = '';
  let i = 0;
  let p = 0;
  for (; p + 1 < bytes.length; p += 2) {
    if (i++ % 8 === 0) {
      out += `${IDENT}0x${oset.toString(16).padStart(4, '0')}: `;
      oset += 16;
    }
    out += ` ${hex2(bytes[p]!)}${hex2(bytes[p + 1]!)}`;
  }
  if (p < bytes.length) {
    if (i % 8 === 0) out += `${IDENT}0x${oset.toString(16).padStart(4, '0')}: `;
    out += ` ${hex2(bytes[p]!)}`;
  }
  return out;
}

/** -A (print-ascii.c ascii_print): printable bytes, tabs, spaces and newlines as they are, others as dots. */
export function asciiPrint(bytes: Uint8Array): string {
  let out = '\n';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0d) {
      // A CR right before LF is dropped; a lone one is a dot.
      if (i + 1 >= bytes.length || bytes[i + 1] !== 0x0a) out += '.';
    } else if ((b >= 0x21 && b <= 0x7e) || b === 0x09 || b === 0x20 || b === 0x0a) out += String.fromCharCode(b);
    else out += '.';
  }
  return out;
}

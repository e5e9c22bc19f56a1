/**
 * Where `download` puts a file when there is no page to hand it to: the CLI
 * installs a writer for the real current directory. Kept here so nothing in
 * sandbox/ imports Node's fs.
 */
export type LocalWriteResult = { ok: true } | { ok: false; message: string };

export type LocalFileWriter = (name: string, data: Uint8Array) => LocalWriteResult;

let writer: LocalFileWriter | undefined;

export function setLocalFileWriter(w: LocalFileWriter | undefined): void {
  writer = w;
}

export function localFileWriter(): LocalFileWriter | undefined {
  return writer;
}

// One voice segment's file in a lecture's folder (voice-<n>.webm): made with the next free number,
// never over an existing file, and each chunk appended with one write as it arrives, in order, so a
// server killed at any moment leaves a file that plays up to its last chunk.

import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^voice-(\d{1,6})\./;

export class VoiceFile {
  private bytes = 0;
  /** The writes so far, one after the other (a rejected one leaves the rest refused). */
  private tail: Promise<void> = Promise.resolve();
  private closed: Promise<void> | null = null;

  private constructor(
    /** The file's name in the lecture's folder. */
    readonly name: string,
    private readonly handle: FileHandle,
  ) {}

  /** Makes `dir` if need be and a new file in it, numbered after the voice files it has. */
  static async create(dir: string, extension: string): Promise<VoiceFile> {
    await mkdir(dir, { recursive: true });
    let n = 1;
    for (const entry of await readdir(dir)) {
      const match = NAME.exec(entry);
      if (match) n = Math.max(n, Number(match[1]) + 1);
    }
    for (;; n++) {
      const name = `voice-${n}.${extension}`;
      try {
        // 'wx': another writer's file (or anything put there since the listing) is never reused.
        return new VoiceFile(name, await open(join(dir, name), 'wx'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }

  /** Bytes written so far. */
  get size(): number {
    return this.bytes;
  }

  /** Appends `chunk` after the chunks before it; resolves with the file's size after it. Once a
   * write failed, the file is closed to more: every later append rejects. */
  append(chunk: Uint8Array): Promise<number> {
    const written = this.tail.then(async () => {
      try {
        let offset = 0;
        while (offset < chunk.length) {
          const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset, null);
          offset += bytesWritten;
        }
      } catch (error) {
        // A part of a chunk (a full disk takes what fits) would end the file with bytes no
        // player decodes: the file is cut back to its last whole chunk.
        await this.handle.truncate(this.bytes).catch(() => {});
        throw error;
      }
      this.bytes += chunk.length;
      return this.bytes;
    });
    this.tail = written.then(() => {});
    return written;
  }

  /** Closes the file once its writes are done (or failed). Never rejects. */
  close(): Promise<void> {
    this.closed ??= this.tail
      .catch(() => {})
      .then(() => this.handle.close())
      .catch(() => {});
    return this.closed;
  }
}

// EBML, the binary layout of WebM: reading element headers out of a byte array (which may end
// anywhere, as a killed server leaves it) and writing elements as lists of byte arrays, so a
// remux copies the recorded audio frames by reference instead of byte by byte.

/** An element's header at some offset: its ID (marker bits kept, as the Matroska spec writes
 * them), where its data starts and ends. `size` is null for an "unknown size" (a live stream's
 * Segment and Clusters), whose end is found by reading on. */
export interface ElementHeader {
  id: number;
  start: number;
  dataStart: number;
  size: number | null;
}

/** The header at `at`, or null when the bytes end inside it or hold no valid ID or size there (to
 * a reader of a recording cut short, both mean the recording ends there). */
export function readElementHeader(bytes: Uint8Array, at: number): ElementHeader | null {
  const idLength = vintLength(bytes[at]);
  if (idLength === null || idLength > 4 || at + idLength >= bytes.length) return null;
  let id = 0;
  for (let i = 0; i < idLength; i++) id = id * 256 + bytes[at + i]!;
  const sizeAt = at + idLength;
  const sizeLength = vintLength(bytes[sizeAt]);
  if (sizeLength === null || sizeAt + sizeLength > bytes.length) return null;
  // The first byte's marker bit is not part of the value; all value bits set means "unknown".
  let size = bytes[sizeAt]! & (0xff >> sizeLength);
  let unknown = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const byte = bytes[sizeAt + i]!;
    size = size * 256 + byte;
    unknown &&= byte === 0xff;
  }
  return { id, start: at, dataStart: sizeAt + sizeLength, size: unknown ? null : size };
}

/** How many bytes a variable-length integer starting with this byte takes (1 to 8), or null for a
 * zero byte (no marker bit) or no byte at all. */
function vintLength(first: number | undefined): number | null {
  if (first === undefined || first === 0) return null;
  return Math.clz32(first) - 23;
}

/** A big-endian unsigned integer of an element's data. */
export function readUint(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 256 + bytes[i]!;
  return value;
}

export function readString(bytes: Uint8Array, start: number, end: number): string {
  // EBML strings may be padded with zero bytes.
  return new TextDecoder().decode(bytes.subarray(start, end)).replace(/\0+$/, '');
}

/** An element as the parts of its bytes: its header, then its data's parts (not copied). */
export function element(id: number, body: Uint8Array[]): Uint8Array[] {
  let size = 0;
  for (const part of body) size += part.length;
  return [concat([idBytes(id), sizeBytes(size)]), ...body];
}

/** An element of unknown size (what a live recorder writes for its Segment and Clusters). */
export function unknownSizeElement(id: number, body: Uint8Array[]): Uint8Array[] {
  return [concat([idBytes(id), Uint8Array.of(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)]), ...body];
}

/** An unsigned integer element, in `width` bytes when given (so its length is known before its
 * value, as a position written ahead of what it points to needs), else in as few as it takes. */
export function uintElement(id: number, value: number, width?: number): Uint8Array[] {
  let length = width ?? 1;
  if (width === undefined) while (value >= 2 ** (8 * length)) length++;
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return element(id, [out]);
}

export function floatElement(id: number, value: number): Uint8Array[] {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, value);
  return element(id, [out]);
}

export function stringElement(id: number, value: string): Uint8Array[] {
  return element(id, [new TextEncoder().encode(value)]);
}

/** An ID's bytes, as stored (its marker bits are part of it). */
export function idBytes(id: number): Uint8Array {
  const length = id >= 0x1000000 ? 4 : id >= 0x10000 ? 3 : id >= 0x100 ? 2 : 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(id / 2 ** (8 * (length - 1 - i))) % 256;
  return out;
}

/** A size as a variable-length integer in as few bytes as it takes (an all-ones value would mean
 * "unknown", hence the `- 1`). */
export function sizeBytes(size: number): Uint8Array {
  const length = sizeLength(size);
  const out = new Uint8Array(length);
  let rest = size;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0] = out[0]! | (0x80 >> (length - 1));
  return out;
}

/** How many bytes `sizeBytes` takes for a size. */
export function sizeLength(size: number): number {
  let length = 1;
  while (size >= 2 ** (7 * length) - 1) length++;
  if (length > 8) throw new RangeError(`EBML size too large: ${size}`);
  return length;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

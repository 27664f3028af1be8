import { createHash } from 'node:crypto';
import sharp, { type Metadata } from 'sharp';

/** Largest upload accepted, in bytes (the file itself; the multipart body may add a little). */
export const MAX_AVATAR_BYTES = 5 * 1024 * 1024;
/**
 * Largest image accepted, in pixels: a 5 MB file can declare billions (a decompression bomb), and
 * decoding is what costs memory. 40 megapixels holds any phone or camera photo we expect.
 */
export const MAX_AVATAR_PIXELS = 40_000_000;
export const AVATAR_SIZES = { large: 256, small: 64 } as const;

type Format = 'jpeg' | 'png' | 'webp' | 'gif';

/** What the bytes say they are; the file name and the declared type are the sender's claims, not evidence. */
export function sniffImageFormat(bytes: Buffer): Format | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  const gif = bytes.subarray(0, 6).toString('latin1');
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif';
  return null;
}

export class AvatarRejected extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

export interface EncodedAvatar {
  hash: string;
  large: Buffer;
  small: Buffer;
}

const NOT_AN_IMAGE = 'The file is not a JPEG, PNG, WebP or GIF image';

/**
 * Decodes an upload and writes it anew: EXIF orientation applied, centre-cropped to a square (the
 * client crops already; an API client may not), WebP in both sizes. Nothing of the original but
 * its pixels survives — no metadata, no trailing bytes, no second payload.
 */
export async function encodeAvatar(bytes: Buffer): Promise<EncodedAvatar> {
  const format = sniffImageFormat(bytes);
  if (!format) throw new AvatarRejected(NOT_AN_IMAGE, 400);
  // Only the first frame of an animation (`pages: 1`, sharp's default), and any decoding error
  // refuses the file rather than encoding whatever part of it was readable.
  const input = () => sharp(bytes, { limitInputPixels: MAX_AVATAR_PIXELS, failOn: 'error', pages: 1 });
  let metadata: Metadata;
  try {
    metadata = await input().metadata();
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw tooManyPixels();
    throw new AvatarRejected(NOT_AN_IMAGE, 400);
  }
  // The header says one thing, the magic bytes another: a polyglot, or a mislabelled container.
  if (metadata.format !== format) throw new AvatarRejected(NOT_AN_IMAGE, 400);
  if (!metadata.width || !metadata.height) throw new AvatarRejected(NOT_AN_IMAGE, 400);
  if (metadata.width * metadata.height > MAX_AVATAR_PIXELS) throw tooManyPixels();
  try {
    const square = await input()
      .rotate()
      .resize(AVATAR_SIZES.large, AVATAR_SIZES.large, { fit: 'cover', position: 'centre' })
      .toBuffer();
    const encode = (size: number) => sharp(square).resize(size, size).webp({ quality: 82 }).toBuffer();
    const [large, small] = await Promise.all([encode(AVATAR_SIZES.large), encode(AVATAR_SIZES.small)]);
    return { hash: createHash('sha256').update(large).digest('base64url'), large, small };
  } catch {
    throw new AvatarRejected(NOT_AN_IMAGE, 400);
  }
}

function tooManyPixels(): AvatarRejected {
  return new AvatarRejected(`The image has more than ${MAX_AVATAR_PIXELS / 1_000_000} megapixels`, 400);
}

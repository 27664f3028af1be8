import type { Area } from 'react-easy-crop';

/** Sent larger than the biggest size the server keeps (256 px), so its own resize has detail to work with. */
const OUTPUT_SIZE = 512;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The browser cannot read this image'));
    image.src = url;
  });
}

/**
 * The square the member chose, as a PNG. The browser has applied the photo's EXIF orientation when
 * drawing it, as it did on screen, so the crop is of what they saw.
 */
export async function cropToSquare(imageUrl: string, area: Area): Promise<Blob> {
  const image = await loadImage(imageUrl);
  const size = Math.min(OUTPUT_SIZE, Math.round(area.width));
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('The browser cannot crop images');
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, area.x, area.y, area.width, area.height, 0, 0, size, size);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the cropped image'))), 'image/png'),
  );
}

// @ts-check
/**
 * Pictures to save: the plane as it is drawn (its canvas holds the map, the axes and the
 * points), the network graph composed from its parts (the edges' canvas, each neuron's canvas
 * and the input labels, where the stylesheet places them), and a file download of any blob.
 */

/**
 * @param {HTMLCanvasElement} canvas
 * @returns {Promise<Blob>}
 */
export function pngOf(canvas) {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the picture could not be made"))), "image/png"));
}

/**
 * The graph in `container` as one canvas, at the screen's pixel density, on white.
 * @param {HTMLElement} container
 */
export function graphPicture(container) {
  const box = container.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement("canvas");
  out.width = Math.max(1, Math.round(box.width * dpr));
  out.height = Math.max(1, Math.round(box.height * dpr));
  const ctx = /** @type {CanvasRenderingContext2D} */ (out.getContext("2d"));
  ctx.scale(dpr, dpr);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, box.width, box.height);
  for (const el of container.children) {
    const r = el.getBoundingClientRect();
    const [x, y] = [r.left - box.left, r.top - box.top];
    const style = getComputedStyle(el);
    if (el instanceof HTMLCanvasElement) {
      ctx.imageSmoothingEnabled = style.imageRendering !== "pixelated";
      ctx.drawImage(el, x, y, r.width, r.height);
      const border = parseFloat(style.borderTopWidth);
      if (border > 0) {
        ctx.strokeStyle = style.borderTopColor;
        ctx.lineWidth = border;
        ctx.strokeRect(x + border / 2, y + border / 2, r.width - border, r.height - border);
      }
    } else if (el.textContent) {
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      ctx.fillStyle = style.color;
      ctx.textBaseline = "middle";
      ctx.fillText(el.textContent, x, y + r.height / 2);
    }
  }
  return out;
}

/**
 * Saves `blob` as a file named `name` (the browser's download).
 * @param {Blob} blob
 * @param {string} name
 */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked once the download has surely taken it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

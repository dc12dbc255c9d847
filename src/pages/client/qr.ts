// Draws the receipt QR code into every `[data-qr]` element (only the confirmation pages load this).
import { renderSVG } from "uqr";

for (const target of Array.from(document.querySelectorAll<HTMLElement>("[data-qr]"))) {
  const text = target.dataset.qr;
  if (text) target.innerHTML = renderSVG(text, { border: 2 });
}

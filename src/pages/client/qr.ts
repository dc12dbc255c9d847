// Draws the receipt QR code into every `[data-qr]` element (only the confirmation pages load
// this), and again whenever the page script says the receipt changed (a moved booking).
import { renderSVG } from "uqr";

function draw(): void {
  for (const target of Array.from(document.querySelectorAll<HTMLElement>("[data-qr]"))) {
    const text = target.dataset.qr;
    if (text) target.innerHTML = renderSVG(text, { border: 2 });
  }
}

draw();
document.addEventListener("receipt-changed", draw);

// QR codes for the printed certificates, made on the server as SVG (qrcode 1.5.4): no script, no image
// request, nothing the page's CSP has to allow. The SVG is inlined by the print pages.
import QRCode from "qrcode";

/**
 * An SVG QR code of `url`, error correction M (a worn or creased print still scans), with the standard
 * 4-module quiet zone. It is hidden from screen readers: the pages print the same address in text beside it.
 * Only paths with fixed colours: no text of ours ends up in the markup but what qrcode encodes.
 */
export async function qrCodeSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 4,
    color: { dark: "#000000", light: "#ffffff" },
  });
  return svg.trim().replace(/^<svg /, '<svg class="qr-code" aria-hidden="true" focusable="false" ');
}

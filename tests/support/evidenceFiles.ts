import { randomBytes } from "node:crypto";
import { Document, Packer, Paragraph } from "docx";
import JSZip from "jszip";

/*
 * Real files for the evidence tests: a PDF a reader opens, a PNG, a DOCX written by the docx library,
 * and hostile ones (HTML, SVG with script, a polyglot, a zip bomb). Built here, not checked in.
 */

/** A one-page PDF with a line of text (cross-reference offsets computed, so readers open it). */
export function pdfFile(text = "Signed attendance sheet"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${`BT /F1 18 Tf 20 70 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 20 70 Td (${text}) Tj ET\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** A 1×1 PNG. */
export const pngFile = () => Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

export async function docxFile(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("Survey results, 42 answers")] }] }));
}

export const csvFile = () => Buffer.from("participant;date\nAnna;2026-03-01\nLuca;2026-03-02\n", "utf8");

export const htmlFile = () => Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>", "utf8");

export const svgFile = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf8");

/** A GIF header followed by a script: a "GIFAR"-style polyglot. Stored, if at all, only as an image. */
export const gifPolyglot = () => Buffer.concat([Buffer.from("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;", "latin1"), Buffer.from("<script>alert(1)</script>")]);

/** An HTML page that starts with the PDF signature: detected as a PDF, so served as a PDF attachment, never as a page. */
export const pdfHtmlPolyglot = () => Buffer.concat([Buffer.from("%PDF-1.4\n"), htmlFile()]);

/** A zip whose one entry inflates to 60 MB of zeros, named like a spreadsheet. */
export async function zipBomb(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types/>');
  zip.file("xl/workbook.xml", Buffer.alloc(60 * 1024 * 1024));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

/** A real DOCX with an extra entry that inflates to `megabytes` MB of zeros: a zip bomb an office document really can be. */
export async function docxBomb(megabytes = 50): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await docxFile());
  zip.file("word/media/zeros.bin", Buffer.alloc(megabytes * 1024 * 1024));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

/** A real DOCX over `bytes` long: an extra entry of random bytes, stored, which no compression shrinks. */
export async function oversizedDocx(bytes: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await docxFile());
  zip.file("word/media/scan.bin", randomBytes(bytes), { compression: "STORE" });
  return zip.generateAsync({ type: "nodebuffer" });
}

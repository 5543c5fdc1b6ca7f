import sanitizeHtml from "sanitize-html";

/**
 * What a report section may contain: paragraphs, line breaks, bold, italic and lists. Everything else
 * (scripts, styles, links, attributes) is dropped on the server, whatever the editor sent, so the stored
 * text is safe to show in the app, the print view and the DOCX.
 */
export const REPORT_TAGS = ["p", "br", "strong", "b", "em", "i", "ul", "ol", "li"] as const;

export function sanitizeReportHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...REPORT_TAGS],
    allowedAttributes: {},
    disallowedTagsMode: "discard",
    // Text inside dropped elements such as <script> or <style> is dropped with them.
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "template"],
  }).trim();
}

/** True when the section has no visible text (an empty editor sends "<p></p>"). */
export function isBlankHtml(html: string): boolean {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).trim() === "";
}

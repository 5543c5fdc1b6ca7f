import helmet from "helmet";

/**
 * HTTP headers that keep the app from being framed, sniffed or made to run foreign script. The policy is
 * the strictest the built client works under: its own scripts, styles, fonts and images only (charts are
 * SVG drawn by React, which sets styles through the DOM, not inline <style> or style="" in HTML).
 * The end-to-end tests fail on any Content-Security-Policy violation in the console.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    // Downloads (XLSX, DOCX) are opened by other programs; nothing here needs cross-origin isolation.
    crossOriginEmbedderPolicy: false,
    // Only behind HTTPS: a plain-HTTP install on a partner's LAN must keep working.
    strictTransportSecurity: false,
  });
}

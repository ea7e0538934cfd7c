// Next Round test probe: records what would otherwise only reach a browser's console.
//
// The engine test server (tests/cross_browser/server.py) puts <script src="/__nr-probe.js"> right
// after each page's CSP meta tag, so this runs before any of the page's own scripts. It is a
// same-origin file, which the site's CSP (script-src 'self') allows, so it works in every
// engine, including WebKitWebDriver, which gives no access to the console at all. Each finding
// goes back to the same server as a beacon; the tests read them there.
(() => {
  const page = location.pathname;
  const send = (kind, detail) => {
    const body = JSON.stringify({ kind, detail: String(detail), page });
    try {
      if (navigator.sendBeacon && navigator.sendBeacon("/__nr-probe/report", body)) return;
    } catch (err) {
      // fall through to fetch
    }
    fetch("/__nr-probe/report", { method: "POST", body, keepalive: true }).catch(() => {});
  };
  const where = (e) => (e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : "");

  // Script errors, and resources that failed to load (those do not bubble: capture phase).
  window.addEventListener("error", (e) => {
    if (e.target && e.target !== window && e.target.tagName) {
      send("resource", `${e.target.tagName.toLowerCase()} ${e.target.src || e.target.href || ""}`);
    } else if (/^ResizeObserver loop/.test(e.message || "")) {
      // Not a script error: the browser's note that a ResizeObserver callback changed layout
      // and some notifications wait for the next frame (Firefox at small window sizes, from
      // the theme's observers). Recorded under its own kind; the tests do not count it.
      send("resize-loop", e.message);
    } else {
      send("error", `${e.message}${where(e)}`);
    }
  }, true);
  window.addEventListener("unhandledrejection", (e) => {
    const r = e.reason;
    send("rejection", r instanceof Error ? `${r.name}: ${r.message}\n${r.stack || ""}` : r);
  });
  // Violations of the page's Content Security Policy (the event bubbles up to the document).
  document.addEventListener("securitypolicyviolation", (e) => {
    send("csp", `${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} in ${e.sourceFile || page}:${e.lineNumber}`);
  });
  // Errors inside workers reach the Worker object, not the window: listen on each one made.
  const NativeWorker = window.Worker;
  if (NativeWorker) {
    window.Worker = class extends NativeWorker {
      constructor(...args) {
        super(...args);
        this.addEventListener("error", (e) => send("worker-error", `${e.message || "error"}${where(e)}`));
      }
    };
  }
  // Anything the page fetched from another origin (a second net under the trap proxy).
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const url = entry.name;
        if (url.startsWith("data:") || url.startsWith("blob:")) continue;
        if (new URL(url, location.href).origin !== location.origin) send("foreign", url);
      }
    }).observe({ type: "resource", buffered: true });
  } catch (err) {
    send("error", `the probe could not watch resources: ${err}`);
  }
})();

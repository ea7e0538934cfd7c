// Material wraps each code block's copy button in a <nav>, which makes every code
// block an unnamed "navigation" landmark (axe: landmark-unique). A copy button is not site
// navigation, so take the landmark role away; the button keeps its own name.
// Material adds the <nav> to the block's <pre> after load, so watch only those <pre>s
// (pages without code blocks do no work at all).
(() => {
  const blocks = document.querySelectorAll(".highlight > pre");
  if (blocks.length === 0) return;
  const fix = (pre) => {
    for (const nav of pre.querySelectorAll(":scope > nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "presentation");
    }
  };
  const observer = new MutationObserver((records) => records.forEach((r) => fix(r.target)));
  for (const pre of blocks) {
    fix(pre);
    observer.observe(pre, { childList: true });
  }
})();

// audit: Material wraps each code block's copy button in a <nav>, which makes every code
// block an unnamed "navigation" landmark (axe: landmark-unique). A copy button is not site
// navigation, so take the landmark role away; the button keeps its own name.
(() => {
  const SELECTOR = "nav.md-code__nav:not([role])";
  const fix = (root) => {
    if (root.matches(SELECTOR)) root.setAttribute("role", "presentation");
    for (const nav of root.querySelectorAll(SELECTOR)) nav.setAttribute("role", "presentation");
  };
  fix(document.documentElement);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) fix(node);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
})();

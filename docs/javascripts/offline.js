// Next Round: keep an offline copy of the site (every page loads this file).
//
// Registers sw.js (at the site root, so its scope is the whole site, under any sub-path)
// once the page has loaded, and shows a quiet notice when a newer build has been saved for
// offline use: pressing "Update" opens this page again from the new build. Nothing ever
// reloads by itself. Without service workers (blocked, unsupported, private windows) the
// site works as before; this file then does nothing.
//
// The state is on <html data-nr-offline="...">: "none" (no copy yet), "ready" (this build is
// kept offline) or "update" (a newer build is kept; this page is from the older one).
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  const swURL = new URL("../sw.js", script.src); // this file is javascripts/offline.js
  const root = document.documentElement;
  let pageVersion = null;
  let registration = null;
  let notice = null;

  function ask() {
    const worker = navigator.serviceWorker.controller || (registration && registration.active);
    if (worker) worker.postMessage({ type: "nr-offline-status" });
  }

  function showNotice() {
    if (notice) return;
    notice = document.createElement("div");
    notice.className = "nr-update nr-no-print";
    notice.setAttribute("role", "status");
    const text = document.createElement("p");
    text.textContent = "A newer version of this site is ready. It opens on the next page you visit.";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Update";
    // Only when the person asks: the worksheet saves what was typed as the page goes.
    button.addEventListener("click", () => window.location.reload());
    const close = document.createElement("button");
    close.type = "button";
    close.className = "nr-update__close";
    close.setAttribute("aria-label", "Not now");
    close.textContent = "×";
    close.addEventListener("click", () => notice.remove());
    notice.append(text, button, close);
    document.body.append(notice);
  }

  function update(detail) {
    if (detail.page) pageVersion = pageVersion || detail.page;
    let state = detail.newest ? "ready" : "none";
    if (detail.newest && pageVersion && detail.newest !== pageVersion) state = "update";
    root.dataset.nrOffline = state;
    root.dataset.nrOfflineVersion = pageVersion || "";
    window.dispatchEvent(new CustomEvent("nr-offline", { detail: { state, page: pageVersion, newest: detail.newest } }));
    if (state === "update") showNotice();
  }

  navigator.serviceWorker.addEventListener("message", (event) => {
    const msg = event.data || {};
    if (msg.type === "nr-offline-status") update(msg);
    else if (msg.type === "nr-offline-new") {
      // The new worker names its build, and its copy is complete: that is enough to tell.
      // Asking as well keeps the older question's answer from being the last word; the old
      // worker may be retired before it answers, which is why the news itself counts.
      if (msg.version) update({ newest: msg.version });
      ask();
    }
  });
  // The new worker has taken over: ask it (the old one's answer may never have come).
  navigator.serviceWorker.addEventListener("controllerchange", ask);

  // Ask at once which copy served this page, while the worker that served it is surely
  // still running (registering waits for the page, and on the worksheet for Python).
  if (navigator.serviceWorker.controller) ask();

  let lastCheck = Date.now();
  document.addEventListener("visibilitychange", () => {
    // Coming back to a tab left open for a while: look for a newer build (one small request).
    if (document.visibilityState !== "visible" || !registration || Date.now() - lastCheck < 30 * 60 * 1000) return;
    lastCheck = Date.now();
    registration.update().catch(() => {});
  });

  function start() {
    root.dataset.nrOffline = root.dataset.nrOffline || "none";
    navigator.serviceWorker
      .register(swURL.href, { scope: new URL("./", swURL).href })
      .then((reg) => {
        registration = reg;
        ask();
        return navigator.serviceWorker.ready;
      })
      .then(ask)
      .catch(() => {
        // Blocked or unsupported: the site simply is not kept offline.
      });
  }

  // On the worksheet, wait until Python is ready: the copy then takes the runtime from the
  // browser's HTTP cache instead of downloading it a second time while Python starts.
  function afterPython() {
    if (!document.querySelector('meta[name="nr-pyodide"]')) return Promise.resolve();
    return import(new URL("../assets/worksheet/bridge.js", script.src).href)
      .then((bridge) => bridge.python().ready)
      .catch(() => {});
  }

  function whenLoaded() {
    afterPython().then(start);
  }

  if (document.readyState === "complete") whenLoaded();
  else window.addEventListener("load", whenLoaded, { once: true });
})();

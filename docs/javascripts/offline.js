// Next Round: keep an offline copy of the site (every page loads this file).
//
// Registers sw.js (at the site root, so its scope is the whole site, under any sub-path)
// once the page has loaded, and shows a quiet notice when a newer build has been saved for
// offline use: pressing "Update" opens this page again from the new build. Nothing ever
// reloads by itself. Without service workers (blocked, unsupported, private windows) the
// site works as before, with a connection.
//
// The state is on <html data-nr-offline="...">, and each change is announced as an
// "nr-offline" event on window (the worksheet's install hint says what is true from it):
// - absent: the copy has not been asked for yet (on the worksheet, until Python is ready);
// - "none": no copy yet, one is being saved;
// - "ready": this build is kept offline; "update": a newer build is kept, this page is older;
// - "failed": the copy could not be saved (a file missing or changed on the host, storage
//   full); the next page opened tries again;
// - "unavailable": this browser keeps no copy (service workers unsupported or blocked).
(function () {
  "use strict";
  const script = document.currentScript;
  const root = document.documentElement;

  function setState(state, more = {}) {
    root.dataset.nrOffline = state;
    window.dispatchEvent(new CustomEvent("nr-offline", { detail: { state, ...more } }));
  }

  if (!("serviceWorker" in navigator)) {
    setState("unavailable");
    return;
  }
  if (!script) return;
  const swURL = new URL("../sw.js", script.src); // this file is javascripts/offline.js
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
    root.dataset.nrOfflineVersion = pageVersion || "";
    setState(state, { page: pageVersion, newest: detail.newest });
    if (state === "update") showNotice();
  }

  // No copy and none coming: said only while no copy is known (an older build's copy, still
  // serving, stays "ready").
  function noCopy(state) {
    const known = root.dataset.nrOffline;
    if (known === "ready" || known === "update" || navigator.serviceWorker.controller) return;
    setState(state);
  }

  // A worker whose install fails (a file of the copy missing or not this build's) becomes
  // redundant; with no other worker in the registration, there is no copy.
  function watchInstall(reg) {
    function watch(worker) {
      if (!worker) return;
      worker.addEventListener("statechange", () => {
        if (worker.state !== "redundant") return;
        navigator.serviceWorker
          .getRegistration(reg.scope)
          .then((now) => {
            if (!now || !(now.installing || now.waiting || now.active)) noCopy("failed");
          })
          .catch(() => {});
      });
    }
    if (!(reg.installing || reg.waiting || reg.active)) noCopy("failed"); // already gone
    watch(reg.installing);
    reg.addEventListener("updatefound", () => watch(reg.installing));
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
    if (!root.dataset.nrOffline) setState("none");
    navigator.serviceWorker
      .register(swURL.href, { scope: new URL("./", swURL).href })
      .then((reg) => {
        // Some blockers answer with no registration instead of an error.
        if (!reg) return noCopy("unavailable");
        registration = reg;
        watchInstall(reg);
        ask();
        return navigator.serviceWorker.ready.then(ask);
      })
      .catch(() => noCopy("unavailable")); // blocked (site data refused, private window)
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

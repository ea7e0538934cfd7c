// Help where you live: the place the reader chooses comes first, open; the others stay folded.
// Owns one localStorage key (the build names it in each block's data-storage-key: regions.py's
// STORAGE_KEY), holding a region code. It is never sent
// anywhere: this script makes no request. Without JavaScript (or storage) every place is
// listed, folded, and the chooser stays hidden. A guess from the browser's language or time
// zone is only ever offered as a button, never applied.
(() => {
  const storageKey = () => {
    const block = document.querySelector(".nr-regions[data-storage-key]");
    return block ? block.dataset.storageKey : null;
  };

  const read = () => {
    const key = storageKey();
    if (!key) return "";
    try {
      return localStorage.getItem(key) || "";
    } catch {
      return "";
    }
  };
  const write = (code) => {
    const key = storageKey();
    if (!key) return false;
    try {
      if (code) localStorage.setItem(key, code);
      else localStorage.removeItem(key);
      return true;
    } catch {
      return false;
    }
  };

  // The region whose time zone or language matches this browser, or null.
  const guess = (select) => {
    let zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch {
      zone = "";
    }
    const langs = (navigator.languages || [navigator.language || ""]).map((l) => l.toLowerCase());
    const options = [...select.options].filter((o) => o.value && o.value !== "other");
    const byZone = options.find((o) => o.dataset.zones.split(" ").includes(zone));
    if (byZone) return byZone;
    return options.find((o) => o.dataset.langs.toLowerCase().split(" ").some((l) => l && langs.includes(l))) || null;
  };

  const apply = (root, code, announce) => {
    for (const block of root.querySelectorAll(".nr-regions")) {
      const chooser = block.querySelector(".nr-region-chooser");
      const chosen = code ? block.querySelector(`details[data-region="${CSS.escape(code)}"]`) : null;
      for (const d of block.querySelectorAll("details[data-region]")) {
        if (d !== chosen) d.open = false;
      }
      if (chosen) {
        if (chooser) chooser.after(chosen);
        else block.prepend(chosen);
        chosen.open = true;
      }
      if (!chooser) continue;
      const select = chooser.querySelector("select");
      select.value = chosen ? code : "";
      chooser.querySelector(".nr-region-forget").hidden = !chosen;
      // On a guidance page, once a place is chosen, the picker folds away to one button.
      chooser.querySelector(".nr-region-pick").hidden = Boolean(chosen) && block.dataset.topic !== "all";
      chooser.querySelector(".nr-region-status").textContent =
        announce && chosen ? `${chosen.querySelector("summary").textContent} is shown first.` : "";
      const suggest = chooser.querySelector(".nr-region-suggest");
      const hint = chosen ? null : guess(select);
      suggest.hidden = !hint;
      if (hint) {
        suggest.querySelector(".nr-region-suggest-text").textContent = `Looks like ${hint.textContent}?`;
        const button = suggest.querySelector("button");
        button.textContent = `Choose ${hint.textContent}`;
        button.dataset.region = hint.value;
      }
    }
  };

  const init = () => {
    const blocks = document.querySelectorAll(".nr-regions");
    if (blocks.length === 0) return;
    for (const block of blocks) {
      const chooser = block.querySelector(".nr-region-chooser");
      if (!chooser || chooser.dataset.ready) continue;
      chooser.dataset.ready = "1";
      chooser.hidden = false;
      const choose = (code) => {
        write(code);
        apply(document, code, true);
      };
      chooser.querySelector(".nr-region-save").addEventListener("click", () => {
        choose(chooser.querySelector("select").value);
      });
      chooser.querySelector(".nr-region-forget").addEventListener("click", () => choose(""));
      chooser.querySelector(".nr-region-suggest-button").addEventListener("click", (event) => {
        choose(event.currentTarget.dataset.region);
      });
    }
    apply(document, read(), false);
  };

  // Another tab changed the choice: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key === null || (event.key && event.key === storageKey())) apply(document, read(), false);
  });

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();

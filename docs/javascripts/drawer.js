// The site menu on a narrow screen (Material's navigation drawer, opened by a hidden
// checkbox and a <label> that cannot take focus): while it is closed and off screen its links
// leave the Tab order (inert), and a real <button> takes the label's place (the label stays
// for pages without JavaScript). Open, focus goes to its first link; Escape closes it and
// focus returns to the button.
(() => {
  const toggle = document.getElementById("__drawer");
  const drawer = document.querySelector(".md-sidebar--primary");
  const label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !drawer || !label) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button md-icon nr-menu-button";
  for (const node of label.childNodes) button.append(node.cloneNode(true));
  label.replaceWith(button);
  const narrow = window.matchMedia("(max-width: 76.1875em)"); // Material's drawer width
  drawer.id = drawer.id || "nr-site-menu";
  button.setAttribute("aria-label", "Site menu");
  button.setAttribute("aria-controls", drawer.id);

  const sync = () => {
    const open = toggle.checked;
    button.setAttribute("aria-expanded", String(open));
    const closed = narrow.matches && !open;
    if (closed && drawer.contains(document.activeElement)) button.focus();
    drawer.inert = closed;
  };
  const set = (open) => {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
  };

  button.addEventListener("click", (event) => {
    set(!toggle.checked);
    if (toggle.checked && event.detail === 0) { // by keyboard: into the menu
      const first = drawer.querySelector("a[href], input, button");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle.checked || !narrow.matches) return;
    set(false);
    button.focus();
  });
  toggle.addEventListener("change", sync);
  narrow.addEventListener("change", sync);
  sync();
})();

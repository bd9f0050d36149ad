// Streamlit's own widget texts in the page's language (board/widget_texts.py fills in its configuration from
// data/ui_labels.yaml). Streamlit 1.67 has no setting for them: the calendars take the browser's language
// (navigator.language), and the file uploader, multiselect and input hints are fixed English strings.
// Run on every page language change; the observer is installed once and rereads the current CONF.
(() => {
  const w = window;
  const conf = /*CONF*/null;
  document.documentElement.lang = conf.lang;
  // The calendars' month names and first weekday follow navigator.language, which Streamlit reads on each
  // render: a browser already in the page's language keeps its own variant (de-AT stays de-AT).
  if (w.__zlBrowserLanguage === undefined) w.__zlBrowserLanguage = navigator.language;
  const own = String(w.__zlBrowserLanguage || "");
  w.__zlLocale = conf.locale && !own.toLowerCase().startsWith(conf.lang) ? conf.locale : own;
  if (!w.__zlLocaleSet) {
    w.__zlLocaleSet = true;
    try {
      Object.defineProperty(navigator, "language", {configurable: true, get: () => w.__zlLocale});
      Object.defineProperty(navigator, "languages", {configurable: true, get: () => [w.__zlLocale]});
    } catch (e) { /* a browser that refuses: the calendar stays in the browser's language */ }
  }
  const patterns = conf.patterns.map(([re, out]) => [new RegExp(re), out]);
  const translate = (text) => {
    const key = text.trim();
    if (Object.prototype.hasOwnProperty.call(conf.exact, key)) return text.replace(key, conf.exact[key]);
    for (const [re, out] of patterns) if (re.test(key)) return text.replace(key, key.replace(re, out));
    return text;
  };
  w.__zlTranslate = translate;
  w.__zlShown = w.__zlShown || new Map(); // text node -> [English original, text shown]
  const fix = (node) => {
    // only Streamlit's widgets, never a text of the page's own (an article, a title)
    if (!(node.parentElement && node.parentElement.closest(conf.scope))) return;
    const seen = w.__zlShown.get(node);
    const original = seen && node.data === seen[1] ? seen[0] : node.data; // React may have set a new text
    const shown = w.__zlTranslate(original);
    if (shown !== original || seen) w.__zlShown.set(node, [original, shown]);
    if (node.data !== shown) node.data = shown;
  };
  // Screen-reader labels, tooltips and placeholders of Streamlit's frame ("Main menu", "Help for Akteur",
  // "Choose an option") anywhere on the page: only exact texts and patterns of Streamlit's are replaced, and
  // the page's own attributes are already in its language. Charts keep theirs (plotly's locale says them).
  const ATTRS = ["aria-label", "title", "placeholder"];
  const ATTR_SELECTOR = ATTRS.map((a) => `[${a}]`).join(",");
  w.__zlAttrs = w.__zlAttrs || new Map(); // element -> {attribute: [English original, text shown]}
  const fixAttrs = (el) => {
    let mine = w.__zlAttrs.get(el);
    for (const a of ATTRS) {
      const value = el.getAttribute(a);
      if (value === null) continue;
      const seen = mine && mine[a];
      const original = seen && value === seen[1] ? seen[0] : value;
      const shown = w.__zlTranslate(original);
      if (shown !== original || seen) {
        if (!mine) w.__zlAttrs.set(el, mine = {});
        mine[a] = [original, shown];
      }
      if (value !== shown) el.setAttribute(a, shown);
    }
  };
  const CHARTS = "[data-testid=stPlotlyChart], svg";
  const texts = (root) => {  // every text node under root, none inside an svg
    const it = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => n.nodeType === Node.TEXT_NODE ? NodeFilter.FILTER_ACCEPT
        : n.localName === "svg" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP});
    for (let n = it.nextNode(); n; n = it.nextNode()) fix(n);
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) { fix(root); return; }
    // charts redraw thousands of nodes on every zoom; none of them is Streamlit's fixed text
    if (root.nodeType !== Node.ELEMENT_NODE || root.closest(CHARTS)) return;
    if (root.matches(ATTR_SELECTOR)) fixAttrs(root);
    for (const el of root.querySelectorAll(ATTR_SELECTOR)) if (!el.closest(CHARTS)) fixAttrs(el);
    if (root.closest(conf.scope)) { texts(root); return; }
    // only the widgets' subtrees (the outermost ones) are read, not the page's tables, articles and charts
    for (const el of root.querySelectorAll(conf.scope)) {
      if (!(el.parentElement && el.parentElement.closest(conf.scope))) texts(el);
    }
  };
  // a language switch: texts shown before are said again from their English originals
  for (const node of [...w.__zlShown.keys()]) {
    if (node.isConnected) fix(node); else w.__zlShown.delete(node);
  }
  for (const el of [...w.__zlAttrs.keys()]) {
    if (el.isConnected) fixAttrs(el); else w.__zlAttrs.delete(el);
  }
  walk(document.body);
  if (!w.__zlObserver) {
    w.__zlObserver = new MutationObserver((records) => {
      for (const r of records) {
        // a chart's own redraws (every zoom) are passed over at once: nothing in them is Streamlit's text
        const at = r.type === "characterData" ? r.target.parentElement : r.target;
        if (!at || at.closest(CHARTS)) continue;
        if (r.type === "characterData") fix(r.target);
        else if (r.type === "attributes") fixAttrs(r.target);
        else if (r.addedNodes.length) r.addedNodes.forEach(walk);
      }
    });
    w.__zlObserver.observe(document.body, {subtree: true, childList: true, characterData: true,
                                           attributes: true, attributeFilter: ATTRS});
  }
})();

// Hides the timeline labels that overlap at the chart's real width and zoom.
// The server places labels without overlaps for an assumed plot width (board/figures.py, PLOT_WIDTH_PX); the
// real plot is narrower on small screens, wider on large ones, and every zoom changes the scale. Plotly redraws
// the annotations on each zoom, so after every redraw the labels are checked again in their priority order
// (the annotations' order: most-reported first): a label that touches one kept before it, or leaves the plot,
// is hidden.
(() => {
  const root = window.parent && window.parent.document ? window.parent : window;
  if (root.__zeitleisteDeclutter) return;  // one watcher per page, however often Streamlit reruns
  root.__zeitleisteDeclutter = true;
  const GAP = 2;  // pixels kept free between two labels

  function declutter(gd) {
    const meta = gd.layout && gd.layout.meta;
    if (!meta || !meta.label_scale) return;  // the timeline only (the network's names are not its labels)
    // the labels are layout annotations named "label" (board/figures.py LABEL_NAME), in priority order
    const named = (gd._fullLayout.annotations || []).map(a => a.name === 'label');
    const texts = [...gd.querySelectorAll('g.annotation')].filter(g => named[Number(g.dataset.index)])
      .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    if (!texts.length) return;
    const plot = gd.querySelector('.draglayer .nsewdrag');
    const area = plot ? plot.getBoundingClientRect() : null;
    texts.forEach(t => { t.style.display = ''; });
    const boxes = texts.map(t => t.getBoundingClientRect());  // all reads first: one layout, not one per label
    const kept = [];
    const hide = boxes.map(b => {
      if (!b.width) return true;
      if (area && (b.left < area.left - 1 || b.right > area.right + 1 || b.top < area.top - 1
                   || b.bottom > area.bottom + 1)) return true;
      const clash = kept.some(k => b.left < k.right + GAP && k.left < b.right + GAP
                                   && b.top < k.bottom && k.top < b.bottom);
      if (!clash) kept.push(b);
      return clash;
    });
    texts.forEach((t, i) => { if (hide[i]) t.style.display = 'none'; });
    gd.dataset.labelsShown = String(kept.length);
  }

  function watch() {
    root.document.querySelectorAll('.js-plotly-plot').forEach(gd => {
      if (gd.__zeitleisteWatched || typeof gd.on !== 'function') return;
      gd.__zeitleisteWatched = true;
      gd.on('plotly_afterplot', () => declutter(gd));
      declutter(gd);
    });
  }
  // Streamlit replaces the chart's element on some reruns: look for new charts now and then (cheap).
  watch();
  root.setInterval(watch, 700);
})();

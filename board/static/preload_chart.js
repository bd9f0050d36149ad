// Streamlit fetches and runs plotly.js (its PlotlyChart chunk, several MB) only when the first chart arrives,
// after the server has built the figure. Importing the same module when the page opens lets the browser do that
// work while the server still builds the figure; Streamlit's own import then finds it done (one module per URL).
(() => {
  const w = window;
  if (w.__zlChartPreload) return;  // once per page, however often Streamlit reruns
  w.__zlChartPreload = true;
  const chunk = /*CHUNK*/null;  // the chunk's file name in this Streamlit (board/chart_preload.py)
  const main = document.querySelector('script[type=module][src*="/static/js/index."]');
  if (!chunk || !main) return;  // another Streamlit build: the chart loads as before
  import(new URL("./" + chunk, main.src).href).catch(() => {});
})();

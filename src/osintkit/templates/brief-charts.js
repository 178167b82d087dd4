(function () {
  "use strict";
  var blocks = document.querySelectorAll("script.osintkit-plotly-data");
  for (var i = 0; i < blocks.length; i++) {
    var block = blocks[i];
    var target = block.parentNode.querySelector("div.osintkit-plotly");
    var spec = JSON.parse(block.textContent);
    window.Plotly.newPlot(target, spec.data || [], spec.layout || {}, spec.config || {});
  }
})();

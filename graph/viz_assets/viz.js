// chainkg page behaviour, run after pyvis's drawGraph(): text-only tooltips, find-and-highlight,
// save as PNG, and a ready flag once the layout has settled (for people and for the browser test).
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("ckg-meta").textContent);
  var net = window.network, nodeSet = window.nodes, edgeSet = window.edges;
  var state = { ready: false, meta: meta, found: [] };
  window.chainkg = state;

  // Tooltips: the text becomes a DOM element's textContent, so markup in data stays text.
  function tipElement(text) {
    var div = document.createElement("div");
    div.className = "ckg-tip";
    div.textContent = text;
    return div;
  }
  nodeSet.update(nodeSet.get().filter(function (n) { return n.tip; })
    .map(function (n) { return { id: n.id, title: tipElement(n.tip) }; }));
  edgeSet.update(edgeSet.get().filter(function (e) { return e.tip; })
    .map(function (e) { return { id: e.id, title: tipElement(e.tip) }; }));

  // A white background, so the saved PNG is not transparent.
  net.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  function markReady() {
    if (state.ready || state.settling) return;
    state.settling = true;
    net.setOptions({ physics: { enabled: false } }); // settled: stop any further drift
    if (meta.selected.length) net.selectNodes(meta.selected);
    net.once("afterDrawing", function () {
      state.ready = true;
      document.body.setAttribute("data-ckg-ready", "1");
    });
    net.redraw();
  }
  if (nodeSet.length === 0) {
    markReady();
  } else {
    net.once("stabilizationIterationsDone", markReady);
    net.once("stabilized", markReady);
  }

  // Find and highlight.
  var input = document.getElementById("ckg-search");
  var status = document.getElementById("ckg-status");
  var names = document.getElementById("ckg-names");
  meta.names.forEach(function (name) {
    var option = document.createElement("option");
    option.value = name;
    names.appendChild(option);
  });
  function norm(s) {
    return String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function dim(ids) {
    var keep = new Set(ids);
    nodeSet.update(nodeSet.get().map(function (n) {
      return { id: n.id, opacity: ids.length === 0 || keep.has(n.id) ? 1 : 0.2 };
    }));
  }
  function clear() {
    dim([]);
    net.unselectAll();
    state.found = [];
    status.textContent = "";
    return [];
  }
  function find(query) {
    var q = norm(query);
    if (!q) return clear();
    var all = nodeSet.get();
    var hits = all.filter(function (n) { return n.id === query || norm(n.name) === q || norm(n.name_en) === q; });
    if (hits.length === 0) {
      hits = all.filter(function (n) {
        return norm(n.name).indexOf(q) >= 0 || norm(n.name_en).indexOf(q) >= 0 || norm(n.label).indexOf(q) >= 0;
      });
    }
    var ids = hits.map(function (n) { return n.id; }).sort();
    state.found = ids;
    if (ids.length === 0) {
      dim([]);
      net.unselectAll();
      status.textContent = meta.ui.none;
      return ids;
    }
    dim(ids);
    net.selectNodes(ids);
    if (ids.length === 1) {
      net.focus(ids[0], { scale: 1.3, animation: false });
    } else {
      net.fit({ nodes: ids, animation: false });
    }
    status.textContent = meta.ui.found.replace("{n}", String(ids.length));
    return ids;
  }
  state.find = find;
  state.clear = clear;
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") find(input.value); });
  input.addEventListener("change", function () { find(input.value); });
  document.getElementById("ckg-find").addEventListener("click", function () { find(input.value); });
  document.getElementById("ckg-clear").addEventListener("click", function () { input.value = ""; clear(); });

  // Save as PNG, straight from the network's canvas.
  document.getElementById("ckg-png").addEventListener("click", function () {
    var canvas = document.querySelector("#mynetwork canvas");
    var link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = "chainkg-graph.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  var legend = document.getElementById("ckg-legend");
  var toggle = document.getElementById("ckg-legend-toggle");
  toggle.addEventListener("click", function () {
    var collapsed = legend.classList.toggle("ckg-collapsed");
    toggle.textContent = collapsed ? meta.ui.show : meta.ui.hide;
  });
})();

(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("casegraph-data").textContent);
  // Tooltips are DOM elements filled with textContent: document text is never parsed as HTML.
  function tip(rows, head) {
    var box = document.createElement("div");
    rows.concat([head]).forEach(function (r) {
      var row = document.createElement("div"), b = document.createElement("b"),
          s = document.createElement("span");
      row.className = "tip-row"; b.textContent = r[0] + ":"; s.textContent = r[1];
      row.appendChild(b); row.appendChild(s); box.appendChild(row);
    });
    return box;
  }
  // The case's path stands out; attendance and lane membership recede.
  var FAINT = {color: "#d3d8de", highlight: "#555", hover: "#555"};
  var EDGE_STYLE = {
    CONTINUES: {width: 3, color: {color: "#c98a00", highlight: "#8a5e00", hover: "#8a5e00"}},
    PART_OF: {color: {color: "#d9a400", highlight: "#8a5e00", hover: "#8a5e00"}},
    ATTENDED: {width: 0.8, color: FAINT, font: {color: "#aab2ba", size: 8}},
    ABSENT_FROM: {width: 0.8, color: FAINT, font: {color: "#aab2ba", size: 8}},
    OF_FORUM: {width: 0.8, color: FAINT, font: {color: "#aab2ba", size: 8, align: "top"}}
  };
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var v = {id: n.id, label: n.label, group: n.group, x: n.x, y: n.y,
             title: tip(n.tip, ["key", n.id]),
             color: {background: n.color, border: n.stub ? "#888" : "#444",
                     highlight: {background: n.color, border: "#000"},
                     hover: {background: n.color, border: "#000"}}};
    if (n.stub) { v.shapeProperties = {borderDashes: [4, 3]}; v.opacity = 0.6; }
    return v;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var v = {id: i, from: e[0], to: e[1], label: e[2], arrows: "to",
             title: tip(e[5], ["relation", e[2] + (e[3] ? " (derived)" : "")]),
             dashes: e[3] === 1};
    var style = EDGE_STYLE[e[2]];
    if (style) { Object.keys(style).forEach(function (k) { v[k] = style[k]; }); }
    if (e[4] > 0) { v.smooth = {enabled: true, type: "curvedCW", roundness: 0.15 * e[4]}; }
    return v;
  }));
  var groups = {};
  Object.keys(data.shapes).forEach(function (t) {
    groups[t] = {shape: data.shapes[t], size: data.sizes[t] || 12};
  });
  groups.Person.widthConstraint = {maximum: 120};
  var options = {
    physics: false,
    layout: {improvedLayout: false},
    groups: groups,
    nodes: {font: {size: 12, face: "DejaVu Sans, sans-serif"}, borderWidth: 1.5,
            widthConstraint: {maximum: 160}, shape: "dot", size: 12},
    edges: {smooth: false, color: {color: "#9aa4ae", highlight: "#333"}, width: 1.2,
            font: {size: 9, color: "#666", strokeWidth: 3, align: "middle"},
            arrows: {to: {scaleFactor: 0.5}}},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: true, multiselect: true}
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var state = {network: network, nodes: nodes, edges: edges, expected: data.expected,
               drawn: false, firstDrawMs: null};
  window.casegraph = state;
  // Lanes and the date axis are painted on the canvas, in the network's own coordinates.
  network.on("beforeDrawing", function (ctx) {
    var left = data.minX - 120, right = data.maxX + 260;
    data.lanes.forEach(function (l) {
      ctx.fillStyle = l[3] + "14";
      ctx.fillRect(left, l[0] - 40, right - left, l[1] - l[0] + 20);
    });
    ctx.fillStyle = "#555"; ctx.textAlign = "center";
    ctx.font = "bold 13px DejaVu Sans, sans-serif";
    var top = (data.lanes.length ? data.lanes[0][0] : data.minY) - 70;
    data.columns.forEach(function (c) { ctx.fillText(c[1], c[0], top); });
  });
  network.once("afterDrawing", function () {
    state.firstDrawMs = performance.now();
    state.drawn = true;
    document.body.setAttribute("data-drawn", "1");
  });
})();

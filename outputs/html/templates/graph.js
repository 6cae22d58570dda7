(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("casegraph-data").textContent);
  var container = document.getElementById("network");
  var overlay = document.getElementById("overlay");
  // What is shown: the path always; people and details behind their switches.
  var on = {path: true, people: false, details: false};
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  // The compact path layout while details are folded away (matter views only).
  function compact() { return !!data.geometry.path && !on.details; }
  function geometry() { return compact() ? data.geometry.path : data.geometry.full; }

  // Tooltips are DOM elements filled with textContent: document text is never parsed as HTML.
  function rowsInto(box, rows) {
    rows.forEach(function (r) {
      var row = document.createElement("div"), b = document.createElement("b"),
          s = document.createElement("span");
      row.className = "tip-row"; b.textContent = r[0] + ":"; s.textContent = r[1];
      row.appendChild(b); row.appendChild(s); box.appendChild(row);
    });
    return box;
  }
  function tip(rows, head) { return rowsInto(document.createElement("div"), rows.concat([head])); }

  function shown(n) { return on[n.layer] && (!compact() || n.px !== undefined); }
  function nodeState(n) {
    var c = compact() && n.px !== undefined;
    return {id: n.id, hidden: !shown(n), x: c ? n.px : n.x, y: c ? n.py : n.y,
            label: c ? n.plabel : n.label,
            font: {size: c && n.group !== "Person" ? 14 : 12}};
  }
  function style(e) { return data.edgeStyles[e[2]] || data.defaultEdgeStyle; }
  function edgeState(e, i) {
    var visible = on[e[6]] && shown(byId[e[0]]) && shown(byId[e[1]]);
    return {id: i, hidden: !visible, label: on.details && style(e).label ? e[2] : ""};
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var border = n.deciding ? data.colours.deciding : (n.stub ? "#888" : "#444");
    var v = {id: n.id, group: n.group, title: tip(n.tip, ["key", n.id]),
             borderWidth: n.deciding ? 4 : 1.5,
             color: {background: n.color, border: border,
                     highlight: {background: n.color, border: "#000"},
                     hover: {background: n.color, border: "#000"}}};
    if (n.stub) { v.shapeProperties = {borderDashes: [4, 3]}; v.opacity = 0.6; }
    return Object.assign(v, nodeState(n));
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var st = style(e);
    var v = {from: e[0], to: e[1], arrows: "to",
             title: tip(e[5], ["relation", e[2] + (e[3] ? " (derived)" : "")]),
             dashes: e[3] === 1 || !!st.dashes, width: st.width,
             color: {color: st.color, highlight: "#333", hover: "#333"}};
    if (e[4] > 0) { v.smooth = {enabled: true, type: "curvedCW", roundness: 0.15 * e[4]}; }
    return Object.assign(v, edgeState(e, i));
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
            widthConstraint: {maximum: 150}, shape: "dot", size: 12},
    edges: {smooth: false, width: 1.2,
            font: {size: 9, color: "#666", strokeWidth: 3, align: "middle"},
            arrows: {to: {scaleFactor: 0.5}}},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: true, multiselect: true}
  };
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var state = {network: network, nodes: nodes, edges: edges, expected: data.expected,
               drawn: false, firstDrawMs: null, layers: on};
  window.casegraph = state;

  // The lanes' extent in canvas coordinates: the columns and every node shown, and a margin.
  function extent() {
    var g = geometry(), xs = g.columns.map(function (c) { return c[0]; });
    nodes.get({filter: function (n) { return !n.hidden; }}).forEach(function (n) { xs.push(n.x); });
    if (!xs.length) { xs = [0]; }
    return {left: Math.min.apply(null, xs) - 75, right: Math.max.apply(null, xs) + 75};
  }
  // Lanes are painted on the canvas, in the network's own coordinates.
  network.on("beforeDrawing", function (ctx) {
    var span = extent(), strip = geometry().pad;
    geometry().lanes.forEach(function (l) {
      ctx.fillStyle = l[3] + "16";
      ctx.fillRect(span.left, l[0] - strip, span.right - span.left, l[1] - l[0] + strip);
    });
  });

  // Lane names and dates are DOM text over the canvas: a fixed, readable size at any zoom,
  // held at the left (names) and the top (dates) while the view is panned.
  function place() {
    var g = geometry(), span = extent(), strip = g.pad;
    var width = container.clientWidth, height = container.clientHeight;
    var left = Math.max(network.canvasToDOM({x: span.left, y: 0}).x, 0);
    overlay.textContent = "";
    var firstTop = g.lanes.length ? g.lanes[0][0] - strip : 0;
    var axisY = Math.max(network.canvasToDOM({x: 0, y: firstTop}).y - 20, 2);
    var lastRight = -Infinity;
    g.columns.forEach(function (c) {
      var x = network.canvasToDOM({x: c[0], y: 0}).x;
      if (x < 0 || x > width) { return; }
      var el = document.createElement("div");
      el.className = "axis"; el.textContent = c[1];
      el.style.left = x + "px"; el.style.top = axisY + "px";
      overlay.appendChild(el);
      // Zoomed far out, a date that would overlap the one before it is left out.
      var half = el.offsetWidth / 2;
      if (x - half < lastRight + 6) { overlay.removeChild(el); } else { lastRight = x + half; }
    });
    // A name fits the room at its lane's top: 12 px when there is room, down to 8 px.
    var room = g.room * network.getScale();
    var font = Math.max(8, Math.min(12, Math.floor((room - 3) / 1.35)));
    g.lanes.forEach(function (l) {
      var top = network.canvasToDOM({x: 0, y: l[0] - strip}).y;
      var bottom = network.canvasToDOM({x: 0, y: l[1]}).y;
      if (bottom < 0 || top > height) { return; }
      var el = document.createElement("div");
      el.className = "lane"; el.textContent = l[2];
      el.style.borderLeftColor = l[3];
      el.style.fontSize = font + "px"; el.style.lineHeight = Math.round(font * 1.3) + "px";
      el.style.left = left + "px"; el.style.top = Math.max(top + 1, 0) + "px";
      overlay.appendChild(el);
    });
  }
  network.on("afterDrawing", place);

  // Fit what is shown, lanes and the date axis included, and never zoom in past 1.
  function fit() {
    network.redraw();  // the canvas takes the container's size before it is measured
    var span = extent(), g = geometry(), strip = g.pad;
    var top = Infinity, bottom = -Infinity;
    nodes.get({filter: function (n) { return !n.hidden; }}).forEach(function (n) {
      var b = network.getBoundingBox(n.id);
      if (b) { top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom); }
    });
    g.lanes.forEach(function (l) {
      top = Math.min(top, l[0] - strip); bottom = Math.max(bottom, l[1]);
    });
    if (!isFinite(top)) { top = -50; bottom = 50; }
    var axis = 24, margin = 12;
    var w = container.clientWidth - 2 * margin, h = container.clientHeight - 2 * margin - axis;
    var scale = Math.min(w / (span.right - span.left), h / (bottom - top), 1);
    var centre = {x: (span.left + span.right) / 2,
                  y: (top + bottom) / 2 - axis / 2 / scale};
    network.moveTo({position: centre, scale: scale, animation: false});
  }
  state.fit = fit;
  // A window resized refits the drawing, until the reader zooms or drags it themselves.
  var moved = false;
  network.on("zoom", function () { moved = true; });
  network.on("dragEnd", function () { moved = true; });
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      if (!moved) { window.requestAnimationFrame(fit); }
    }).observe(container);
  }

  function apply() {
    nodes.update(data.nodes.map(nodeState));
    edges.update(data.edges.map(edgeState));
    fit();
  }
  // Switch layers from a test or the console: show({people: true, details: true}).
  state.show = function (layers) {
    Object.keys(layers).forEach(function (k) {
      on[k] = !!layers[k];
      var box = document.getElementById("show-" + k);
      if (box) { box.checked = on[k]; }
    });
    apply();
  };
  ["people", "details"].forEach(function (k) {
    var box = document.getElementById("show-" + k);
    if (box) {
      box.addEventListener("change", function () {
        var layers = {}; layers[k] = box.checked; state.show(layers);
      });
    }
  });
  var fitButton = document.getElementById("fit");
  if (fitButton) { fitButton.addEventListener("click", fit); }

  // A node clicked (or a step of the path list) keeps its details in the side panel.
  var panel = document.getElementById("selected"), rows = document.getElementById("selected-rows");
  var steps = Array.prototype.slice.call(document.querySelectorAll("#steps li"));
  function select(id) {
    rows.textContent = "";
    var n = id !== null ? byId[id] : null;
    panel.hidden = !n;
    if (n) { rowsInto(rows, n.tip.concat([["key", n.id]])); }
    steps.forEach(function (li) { li.classList.toggle("selected", li.dataset.node === id); });
  }
  network.on("click", function (p) { select(p.nodes.length ? p.nodes[0] : null); });
  steps.forEach(function (li) {
    li.addEventListener("click", function () {
      var id = li.dataset.node;
      network.selectNodes([id]);
      network.focus(id, {scale: Math.max(network.getScale(), 1), animation: false});
      select(id);
    });
  });

  network.once("afterDrawing", function () {
    state.firstDrawMs = performance.now();
    fit();
    network.once("afterDrawing", function () {
      state.drawn = true;
      document.body.setAttribute("data-drawn", "1");
    });
    network.redraw();
  });
})();

/* The graph page, part 1: data, the network, what is shown, hover tips, keyboard, URL.
   Everything the page writes goes in as DOM text nodes (never HTML). window.kgGraph
   exposes the network, the full data sets (nodes, edges) and the page's functions;
   <html data-kg-ready="true"> marks the first full draw. panel.js (the inspector) and
   tools.js (search, path, time, export, communities) add to it; tools.js starts it. */
(function () {
  "use strict";
  var K = {
    ready: false, arrows: true, network: null, nodes: null, edges: null, errors: [], data: null,
    shownNodes: null, shownEdges: null,
    view: { limit: Infinity, extra: {}, hidden: {}, collapsed: {}, range: null, undated: true }
  };
  window.kgGraph = K;
  window.addEventListener("error", function (ev) { K.errors.push(String(ev.message)); });

  K.markReady = function () {
    if (K.ready) { return; }
    K.ready = true;
    K.readyAt = performance.now();  // ms since navigation start: time to interactive
    document.documentElement.setAttribute("data-kg-ready", "true");
  };

  K.el = function (tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  };
  K.add = function (parent, tag, cls, text) {
    var node = K.el(tag, cls, text);
    parent.appendChild(node);
    return node;
  };
  K.words = function (predicate) { return String(predicate).replace(/_/g, " "); };
  K.plural = function (n, word) { return n + " " + word + (n === 1 ? "" : "s"); };
  K.clear = function (node) { while (node.firstChild) { node.removeChild(node.firstChild); } };
  K.$ = function (id) { return document.getElementById(id); };

  /* ---------------------------------------------------------------- what is shown */

  /* Mentions of an edge inside the time range (all of them when no range is set). */
  K.weight = function (e) {
    var k = e.kg, v = K.view;
    if (!v.range || (!k.t.length && !k.u)) { return k.mentions; }
    var n = v.undated ? k.u : 0;
    for (var i = 0; i < k.t.length; i++) {
      var day = K.data.days[k.t[i][0]];
      if (day >= v.range[0] && day <= v.range[1]) { n += k.t[i][1]; }
    }
    return n;
  };

  K.nodeAllowed = function (id) {
    var v = K.view;
    return !v.hidden[id] && (K.rank[id] < v.limit || Boolean(v.extra[id]));
  };

  /* The edges and nodes to draw under the current view, communities collapsed. */
  K.compute = function () {
    var nodes = {}, edges = [], merged = {}, v = K.view;
    var stand = function (id) {
      var c = K.byId[id].kg.community;
      return c !== null && v.collapsed[c] ? "community:" + c : id;
    };
    K.edges.forEach(function (e) {
      if (!K.nodeAllowed(e.from) || !K.nodeAllowed(e.to)) { return; }
      var w = K.weight(e);
      if (w <= 0) { return; }
      var a = stand(e.from), b = stand(e.to);
      nodes[a] = true; nodes[b] = true;
      if (a === e.from && b === e.to) { edges.push(e.id); return; }
      if (a === b) { return; }
      var key = a + "\u0000" + b;
      merged[key] = merged[key] || { id: "m:" + key, from: a, to: b, mentions: 0,
                                     arrows: "to", color: { color: "#8c8c8c" } };
      merged[key].mentions += w;
    });
    return { nodes: nodes, edges: edges, merged: merged };
  };

  function communityNode(c) {
    var members = K.data.communities[c - 1] || [], x = 0, y = 0, n = 0, pos = K.positions();
    members.forEach(function (id) {
      if (pos[id]) { x += pos[id].x; y += pos[id].y; n += 1; }
    });
    return { id: "community:" + c, label: "community " + c + " (" + members.length + ")",
             shape: "hexagon", size: 28, color: "#7f7f7f", x: n ? x / n : 0, y: n ? y / n : 0,
             kg: { community: c, members: members.length } };
  }

  /* Bring the drawn data sets in line with the view (adds and removes only what changed). */
  K.refresh = function () {
    var want = K.compute(), drawn = K.shownNodes, pos = K.positions();
    var addNodes = [], dropNodes = [];
    drawn.getIds().forEach(function (id) { if (!want.nodes[id]) { dropNodes.push(id); } });
    Object.keys(want.nodes).forEach(function (id) {
      if (drawn.get(id)) { return; }
      if (id.indexOf("community:") === 0 && !K.byId[id]) {
        addNodes.push(communityNode(Number(id.slice(10))));
        return;
      }
      var node = K.byId[id];
      addNodes.push(pos[id] ? Object.assign({}, node, pos[id]) : node);
    });
    var wantEdges = {};
    want.edges.forEach(function (id) { wantEdges[id] = K.edgeById[id]; });
    Object.keys(want.merged).forEach(function (key) {
      var m = want.merged[key];
      m.width = Math.min(1 + 2 * Math.log2(Math.max(m.mentions, 1)), 12);
      wantEdges[m.id] = m;
    });
    var dropEdges = K.shownEdges.getIds().filter(function (id) { return !wantEdges[id]; });
    K.shownEdges.remove(dropEdges);
    drawn.remove(dropNodes);
    drawn.add(addNodes);
    var merged = Object.keys(wantEdges).map(function (id) { return wantEdges[id]; });
    K.shownEdges.update(merged.filter(function (e) { return e.id.indexOf("m:") === 0; }));
    K.shownEdges.add(merged.filter(function (e) {
      return e.id.indexOf("m:") !== 0 && !K.shownEdges.get(e.id);
    }));
    K.updateSummary();
  };

  /* Node positions: those drawn now, else those remembered from before. */
  K.positions = function () {
    if (K.network) {
      var now = K.network.getPositions();
      Object.keys(now).forEach(function (id) { K.saved[id] = now[id]; });
    }
    return K.saved;
  };

  K.updateSummary = function () {
    var shown = K.$("kg-shown"), total = K.nodes.length;
    var n = K.shownNodes.length, m = K.shownEdges.length;
    shown.textContent = n === total && m === K.edges.length ? ""
      : " (showing " + n + " actors, " + m + " relations)";
    var note = K.$("kg-note");
    var limited = isFinite(K.view.limit) && K.view.limit < total;
    note.hidden = !limited;
    if (limited) {
      K.$("kg-note-text").textContent = "A large graph: starting from the " + K.view.limit +
        " actors with the highest PageRank of " + total + ".";
    }
  };

  /* ---------------------------------------------------------------- hover tips */

  function tipFor(kind, id) {
    var box = K.el("div", "kg-tip");
    if (kind === "node") {
      var node = K.shownNodes.get(id), k = node.kg;
      if (k.members !== undefined) {
        K.add(box, "div", "kg-tip-title", node.label);
        K.add(box, "div", "kg-tip-meta", "click to expand");
        return box;
      }
      K.add(box, "div", "kg-tip-title", k.label);
      K.add(box, "div", "kg-tip-meta", "type: " + (k.type || "unknown") + " · Wikidata: " +
            (k.wikidata || "none"));
      K.add(box, "div", "kg-tip-meta", "PageRank " + Number(k.pagerank).toFixed(4) +
            " · degree " + k.degree + (k.community !== null ? " · community " + k.community : ""));
    } else {
      var e = K.shownEdges.get(id);
      if (!e.kg) {
        K.add(box, "div", "kg-tip-title", K.plural(e.mentions, "mention") + " between communities");
        return box;
      }
      var kg = e.kg;
      K.add(box, "div", "kg-tip-title", kg.subject + " " + K.words(kg.predicate) + " " + kg.object);
      var meta = kg.polarity + " · " + K.plural(kg.mentions, "mention");
      if (kg.documents) { meta += " in " + K.plural(kg.documents, "document"); }
      if (kg.first_seen) {
        meta += " · " + kg.first_seen + (kg.last_seen && kg.last_seen !== kg.first_seen
          ? " – " + kg.last_seen : "");
      }
      K.add(box, "div", "kg-tip-meta", meta);
      if (kg.evidence && kg.evidence.length) { K.add(box, "q", null, kg.evidence[0].sentence); }
    }
    K.add(box, "div", "kg-tip-meta", "click for details");
    return box;
  }

  function showTip(kind, params) {
    var tip = K.$("kg-tip");
    K.clear(tip);
    tip.appendChild(tipFor(kind, kind === "node" ? params.node : params.edge));
    var r = K.$("kg-graph").getBoundingClientRect(), p = params.pointer.DOM;
    tip.style.left = Math.min(r.left + p.x + 12, window.innerWidth - 260) + "px";
    tip.style.top = (r.top + p.y + 12) + "px";
    tip.hidden = false;
  }

  function hideTip() { K.$("kg-tip").hidden = true; }

  /* Zoomed out on thousands of edges, arrowheads are a few pixels wide and cost a third of
     a redraw: leave them out below ARROW_SCALE, draw them again when zooming in. */
  var ARROW_SCALE = 0.5, ARROW_EDGES = 2000;
  function arrowsByZoom() {
    var want = K.network.getScale() >= ARROW_SCALE || K.shownEdges.length < ARROW_EDGES;
    if (want !== K.arrows) {
      K.arrows = want;
      K.network.setOptions({ edges: { arrows: { to: { enabled: want } } } });
    }
  }
  K.arrowsByZoom = arrowsByZoom;

  /* ---------------------------------------------------------------- keyboard */

  K.announce = function (text) { K.$("kg-status").textContent = text; };

  K.select = function (kind, id) {
    K.selected = { kind: kind, id: id };
    if (kind === "node") {
      K.network.selectNodes([id]);
      var k = K.byId[id].kg;
      K.announce(k.label + " (" + (k.type || "actor") + "), " + K.plural(k.degree, "neighbour") +
                 ". Enter: details; ]: its relations.");
    } else {
      K.network.selectEdges([id]);
      var e = K.edgeById[id].kg;
      K.announce(e.subject + " " + K.words(e.predicate) + " " + e.object + ", " +
                 K.plural(e.mentions, "mention") + ". Enter: its mentions.");
    }
  };

  function step(list, current, delta) {
    if (!list.length) { return null; }
    var i = list.indexOf(current);
    if (i < 0) { return delta > 0 ? list[0] : list[list.length - 1]; }
    return list[(i + delta + list.length) % list.length];
  }

  function onKey(ev) {
    var sel = K.selected || {}, keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (keys[ev.key]) {
      var order = K.order.filter(function (id) { return K.shownNodes.get(id); });
      var from = sel.kind === "node" ? sel.id : (sel.kind === "edge" ? K.edgeById[sel.id].from : null);
      var next = step(order, from, keys[ev.key]);
      if (next !== null) { K.select("node", next); }
    } else if (ev.key === "]" || ev.key === "[") {
      var node = sel.kind === "node" ? sel.id : (sel.kind === "edge" ? sel.node : null);
      if (node === null || node === undefined) { return; }
      var mine = K.network.getConnectedEdges(node).filter(function (id) { return K.edgeById[id]; });
      var edge = step(mine, sel.kind === "edge" ? sel.id : null, ev.key === "]" ? 1 : -1);
      if (edge !== null) { K.select("edge", edge); K.selected.node = node; }
    } else if (ev.key === "Enter" && sel.kind) {
      if (sel.kind === "node") { K.openActor(sel.id); } else { K.openEdge(K.edgeById[sel.id]); }
    } else if (ev.key === "Escape") {
      K.closeInspector();
    } else {
      return;
    }
    ev.preventDefault();
  }

  /* ---------------------------------------------------------------- URL and drawer */

  K.writeHash = function (params) {
    var q = new URLSearchParams();
    Object.keys(params).forEach(function (k) {
      if (params[k] !== null && params[k] !== undefined && params[k] !== "") { q.set(k, params[k]); }
    });
    var text = q.toString();
    history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
  };

  K.readHash = function () { return new URLSearchParams(location.hash.slice(1)); };

  K.drawer = function (open) {
    var side = K.$("kg-side");
    side.classList.toggle("kg-open", open);
    K.$("kg-panel-toggle").setAttribute("aria-expanded", String(open));
  };

  /* ---------------------------------------------------------------- start */

  /* Restore what render.py's `_slim` left out of an edge. */
  K.inflate = function (e) {
    var c = e.color;
    e.color = { color: c, highlight: c, hover: c, opacity: 0.85 };
    e.kg.subject = K.byId[e.from].kg.label;
    e.kg.object = K.byId[e.to].kg.label;
    e.kg.first_seen = e.kg.first_seen || null;
    e.kg.last_seen = e.kg.last_seen || null;
  };

  K.startNetwork = function (data) {
    K.byId = {}; K.edgeById = {}; K.rank = {}; K.saved = {}; K.order = [];
    data.nodes.forEach(function (n, i) { K.byId[n.id] = n; K.rank[n.id] = i; K.order.push(n.id); });
    data.edges.forEach(function (e) { K.inflate(e); K.edgeById[e.id] = e; });
    K.nodes = new vis.DataSet(data.nodes);
    K.edges = new vis.DataSet(data.edges);
    K.shownNodes = new vis.DataSet();
    K.shownEdges = new vis.DataSet();
    if (data.nodes.length > data.large) { K.view.limit = data.start; }
    K.applyHash();
    var want = K.compute();
    K.shownNodes.add(data.nodes.filter(function (n) { return want.nodes[n.id]; }));
    K.shownEdges.add(want.edges.map(function (id) { return K.edgeById[id]; }));
    K.updateSummary();
    var container = K.$("kg-graph");
    var network = new vis.Network(container, { nodes: K.shownNodes, edges: K.shownEdges },
                                  data.options);
    K.network = network;
    var settled = !data.physics;
    if (data.physics) {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: false });
        settled = true;
        K.positions();
        network.redraw();
      });
    } else {
      network.fit({ animation: false });
    }
    network.on("afterDrawing", function () {
      if (settled && !K.ready) { K.markReady(); K.afterReady(); }
    });
    network.on("zoom", arrowsByZoom);
    network.on("hoverNode", function (p) { showTip("node", p); });
    network.on("hoverEdge", function (p) { showTip("edge", p); });
    network.on("blurNode", hideTip);
    network.on("blurEdge", hideTip);
    network.on("dragStart", hideTip);
    network.on("click", function (p) {
      hideTip();
      if (p.nodes.length) {
        var id = p.nodes[0];
        if (String(id).indexOf("community:") === 0) { K.collapse(Number(id.slice(10)), false); return; }
        K.selected = { kind: "node", id: id };
        K.openActor(id);
      } else if (p.edges.length && K.edgeById[p.edges[0]]) {
        K.selected = { kind: "edge", id: p.edges[0] };
        K.openEdge(K.edgeById[p.edges[0]]);
      }
    });
    container.addEventListener("keydown", onKey);
  };

  K.wireChrome = function () {
    K.$("kg-panel-toggle").addEventListener("click", function () {
      K.drawer(!K.$("kg-side").classList.contains("kg-open"));
    });
    K.$("kg-drawer-close").addEventListener("click", function () { K.drawer(false); });
  };
}());

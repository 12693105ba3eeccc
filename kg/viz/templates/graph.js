/* The graph page: reads the JSON data, builds tooltips as DOM text nodes (never HTML),
   draws the network with vis-network and wires the filter form. window.kgGraph exposes
   the network and its data sets; <html data-kg-ready="true"> marks the first full draw. */
(function () {
  "use strict";
  var state = { ready: false, network: null, nodes: null, edges: null, errors: [] };
  window.kgGraph = state;
  window.addEventListener("error", function (ev) { state.errors.push(String(ev.message)); });

  function markReady() {
    if (state.ready) { return; }
    state.ready = true;
    document.documentElement.setAttribute("data-kg-ready", "true");
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function add(parent, tag, cls, text) {
    var node = el(tag, cls, text);
    parent.appendChild(node);
    return node;
  }

  function words(predicate) { return String(predicate).replace(/_/g, " "); }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function nodeTip(k) {
    var box = el("div", "kg-tip");
    add(box, "div", "kg-tip-title", k.label);
    add(box, "div", "kg-tip-meta", "type: " + (k.type || "unknown") + " · Wikidata: " +
        (k.wikidata || "none"));
    add(box, "div", "kg-tip-meta", "PageRank " + Number(k.pagerank).toFixed(4) +
        (k.community !== null ? " · community " + k.community : ""));
    if (k.relations.length) {
      add(box, "div", null, "Top relations:");
      var list = add(box, "ul");
      k.relations.forEach(function (r) {
        var text = r.direction === "out"
          ? k.label + " " + words(r.predicate) + " " + r.other
          : r.other + " " + words(r.predicate) + " " + k.label;
        add(list, "li", null, text + " (" + plural(r.mentions, "mention") + ")");
      });
    }
    return box;
  }

  function edgeTip(k) {
    var box = el("div", "kg-tip");
    add(box, "div", "kg-tip-title", k.subject + " " + words(k.predicate) + " " + k.object);
    var meta = k.polarity + " · " + plural(k.mentions, "mention");
    if (k.documents) { meta += " in " + plural(k.documents, "document"); }
    if (k.first_seen) {
      meta += " · " + k.first_seen + (k.last_seen && k.last_seen !== k.first_seen
        ? " – " + k.last_seen : "");
    }
    add(box, "div", "kg-tip-meta", meta);
    if (k.evidence.length) {
      var list = add(box, "ol");
      k.evidence.forEach(function (e) {
        var item = add(list, "li");
        add(item, "q", null, e.sentence);
        var doc = "document " + e.doc;
        if (e.title) { doc += ": " + e.title; }
        if (e.published) { doc += " (" + e.published + ")"; }
        add(item, "div", "kg-doc", doc);
      });
      if (k.evidence.length < k.mentions) {
        add(box, "div", "kg-tip-meta", "showing " + k.evidence.length + " of " +
            plural(k.mentions, "mention"));
      }
    }
    return box;
  }

  function wireForm(form) {
    form.addEventListener("submit", function () {
      var hidden = form.querySelectorAll("input[type=hidden]");
      Array.prototype.forEach.call(hidden, function (input) {
        var boxes = form.querySelectorAll("input[data-join='" + input.name + "']:checked");
        input.value = Array.prototype.map.call(boxes, function (b) { return b.value; }).join(",");
      });
      var actor = form.elements.namedItem("actor");
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name) { return; }
        var dflt = field.getAttribute("data-default");
        var unused = field.value === "" || (dflt !== null && Number(field.value) === Number(dflt))
          || (dflt !== null && field.value === dflt)
          || (field.name === "hops" && actor && actor.value === "");
        if (unused) { field.disabled = true; }
      });
    });
  }

  var form = document.getElementById("kg-filters");
  if (form) { wireForm(form); }

  var data = JSON.parse(document.getElementById("kg-graph-data").textContent);
  if (!data.nodes.length || typeof vis === "undefined") {
    if (typeof vis === "undefined") { state.errors.push("vis-network did not load"); }
    markReady();
    return;
  }
  data.nodes.forEach(function (n) { n.title = nodeTip(n.kg); });
  data.edges.forEach(function (e) { e.title = edgeTip(e.kg); });
  state.nodes = new vis.DataSet(data.nodes);
  state.edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: state.nodes, edges: state.edges },
                                data.options);
  state.network = network;
  var settled = !data.physics;
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      settled = true;
      network.redraw();
    });
  } else {
    network.fit({ animation: false });
  }
  network.on("afterDrawing", function () { if (settled) { markReady(); } });
  if (form) {
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) { return; }
      form.elements.namedItem("actor").value = params.nodes[0];
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  }
}());

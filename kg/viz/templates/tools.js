/* The graph page, part 3: search, neighbourhoods, shortest path, the time slider,
   community collapsing, "show more" for large graphs, exports (PNG, GEXF, CSV), the filter
   form; then it starts the page. */
(function () {
  "use strict";
  var K = window.kgGraph;

  /* ---------------------------------------------------------------- search */

  function norm(s) { return String(s).trim().toLowerCase(); }

  K.findActor = function (name) {
    var key = norm(name);
    if (!key) { return null; }
    if (K.byId[name]) { return name; }
    if (!K.names) {
      K.names = {};
      K.order.slice().reverse().forEach(function (id) {  // the highest PageRank wins
        var k = K.byId[id].kg;
        (k.aliases || []).forEach(function (a) { K.names[norm(a)] = id; });
      });
      K.order.slice().reverse().forEach(function (id) {
        K.names[norm(id)] = id;
        K.names[norm(K.byId[id].kg.label)] = id;
      });
    }
    if (K.names[key]) { return K.names[key]; }
    var hits = K.order.filter(function (id) { return norm(K.byId[id].kg.label).indexOf(key) === 0; });
    return hits.length ? hits[0] : null;
  };

  /* Make actors visible whatever hid them (top-N limit, hidden, a collapsed community). */
  K.reveal = function (ids) {
    ids.forEach(function (id) {
      K.view.extra[id] = true;
      delete K.view.hidden[id];
      var c = K.byId[id].kg.community;
      if (c !== null && K.view.collapsed[c]) { K.collapse(c, false, true); }
    });
    K.refresh();
    K.$("kg-unhide").disabled = !Object.keys(K.view.hidden).length;
  };

  K.search = function (name) {
    var out = K.$("kg-search-out"), id = K.findActor(name);
    if (id === null) {
      out.textContent = "No actor called “" + name + "” in this graph.";
      return null;
    }
    K.reveal([id]);
    var label = K.byId[id].kg.label;
    if (!K.shownNodes.get(id)) {
      out.textContent = label + " has no relations in the selected time range.";
      return id;
    }
    K.network.selectNodes([id]);
    K.network.focus(id, { scale: Math.max(K.network.getScale(), 1.5), animation: false });
    out.textContent = "Found " + label + ".";
    K.openActor(id);
    return id;
  };

  /* ---------------------------------------------------------------- neighbourhoods */

  function neighbours(id) {
    var found = {};
    K.edges.forEach(function (e) {
      if (K.weight(e) <= 0) { return; }
      if (e.from === id && e.to !== id) { found[e.to] = true; }
      if (e.to === id && e.from !== id) { found[e.from] = true; }
    });
    return Object.keys(found);
  }

  K.expand = function (id) { K.reveal([id].concat(neighbours(id))); };

  K.hideNeighbours = function (id) {
    neighbours(id).forEach(function (n) { K.view.hidden[n] = true; delete K.view.extra[n]; });
    K.reveal([id]);
  };

  K.hideActor = function (id) {
    K.view.hidden[id] = true;
    delete K.view.extra[id];
    K.closeInspector();
    K.refresh();
    K.$("kg-unhide").disabled = false;
  };

  /* ---------------------------------------------------------------- shortest path */

  /* The fewest-hops path (relations in either direction, in the time range): actor ids. */
  K.shortestPath = function (a, b) {
    var adj = {};
    K.edges.forEach(function (e) {
      if (K.weight(e) <= 0 || e.from === e.to) { return; }
      (adj[e.from] = adj[e.from] || []).push(e.to);
      (adj[e.to] = adj[e.to] || []).push(e.from);
    });
    var prev = {}, queue = [a];
    prev[a] = null;
    while (queue.length) {
      var cur = queue.shift();
      if (cur === b) { break; }
      (adj[cur] || []).forEach(function (n) {
        if (!(n in prev)) { prev[n] = cur; queue.push(n); }
      });
    }
    if (!(b in prev)) { return null; }
    var path = [];
    for (var n = b; n !== null; n = prev[n]) { path.unshift(n); }
    return path;
  };

  function strongest(a, b) {
    var best = null;
    K.edges.forEach(function (e) {
      var fits = (e.from === a && e.to === b) || (e.from === b && e.to === a);
      if (fits && K.weight(e) > 0 && (!best || K.weight(e) > K.weight(best))) { best = e; }
    });
    return best;
  }

  K.showPath = function (fromName, toName) {
    var out = K.$("kg-path-out"), a = K.findActor(fromName), b = K.findActor(toName);
    K.clear(out);
    if (a === null || b === null) {
      out.textContent = "Unknown actor: " + (a === null ? fromName : toName);
      return null;
    }
    var path = K.shortestPath(a, b);
    if (!path) {
      out.textContent = "No path between " + K.byId[a].kg.label + " and " + K.byId[b].kg.label + ".";
      return null;
    }
    K.reveal(path);
    K.add(out, "p", null, K.plural(path.length - 1, "step") + ":");
    var edges = [], list = K.add(out, "ol", "kg-rels");
    for (var i = 0; i + 1 < path.length; i++) {
      var e = strongest(path[i], path[i + 1]);
      edges.push(e.id);
      var btn = K.add(K.add(list, "li"), "button", "kg-linkish",
                      e.kg.subject + " " + K.words(e.kg.predicate) + " " + e.kg.object);
      btn.type = "button";
      btn.addEventListener("click", K.openEdge.bind(null, e, 0));
    }
    K.network.setSelection({ nodes: path, edges: edges });
    K.network.fit({ nodes: path, animation: false });
    return path;
  };

  /* ---------------------------------------------------------------- time */

  function nextPeriod(key) {
    if (key.length === 4) { return String(Number(key) + 1); }
    var d = new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1,
                              key.length === 10 ? Number(key.slice(8, 10)) + 1 : 1));
    if (key.length === 7) { d.setUTCMonth(d.getUTCMonth() + 1); }
    return d.toISOString().slice(0, key.length);
  }

  function binRange(i) {
    var key = K.time.bins[i];
    if (key.length === 4) { return [key + "-01-01", key + "-12-31"]; }
    if (key.length === 7) { return [key + "-01", key + "-31"]; }
    return [key, key];
  }

  K.setupTime = function (hash) {
    var days = K.data.days, perDay = {}, undated = 0, dated = 0;
    K.edges.forEach(function (e) {
      e.kg.t.forEach(function (t) { perDay[t[0]] = (perDay[t[0]] || 0) + t[1]; dated += t[1]; });
      undated += e.kg.u;
    });
    var t = K.time = { bins: [], counts: [], undated: undated, dated: dated };
    K.$("kg-t-undated-n").textContent = undated;
    if (days.length) {
      var span = (Date.parse(days[days.length - 1]) - Date.parse(days[0])) / 864e5;
      var len = span <= 62 ? 10 : (span <= 1100 ? 7 : 4), last = days[days.length - 1].slice(0, len);
      for (var key = days[0].slice(0, len); key <= last; key = nextPeriod(key)) { t.bins.push(key); }
      t.counts = t.bins.map(function () { return 0; });
      days.forEach(function (d, i) { t.counts[t.bins.indexOf(d.slice(0, len))] += perDay[i] || 0; });
    }
    K.$("kg-time-range").hidden = t.bins.length < 2;  // one period: nothing to slide
    var hist = K.$("kg-hist"), max = Math.max.apply(null, t.counts.concat([1]));
    t.counts.forEach(function (n) { K.add(hist, "span").style.height = (100 * n / max) + "%"; });
    hist.hidden = t.bins.length < 2;
    var from = K.$("kg-t-from"), to = K.$("kg-t-to"), top = Math.max(t.bins.length - 1, 0);
    from.max = to.max = String(top);
    from.value = String(Math.max(0, t.bins.indexOf(hash.get("from"))));
    to.value = String(hash.get("to") && t.bins.indexOf(hash.get("to")) >= 0
      ? t.bins.indexOf(hash.get("to")) : top);
    K.$("kg-t-undated").checked = hash.get("undated") !== "0";
    K.setRange(Number(from.value), Number(to.value), K.$("kg-t-undated").checked, true);
  };

  /* Filter in place to the periods from..to (bin indices); `undated`: keep undated documents. */
  K.setRange = function (from, to, undated, quiet) {
    var t = K.time, top = Math.max(t.bins.length - 1, 0);
    from = Math.max(0, Math.min(from, top));
    to = Math.max(from, Math.min(to, top));
    K.$("kg-t-from").value = String(from);
    K.$("kg-t-to").value = String(to);
    K.$("kg-t-undated").checked = undated;
    var full = from === 0 && to === top;
    K.view.undated = undated;
    K.view.range = full && undated ? null
      : (t.bins.length ? [binRange(from)[0], binRange(to)[1]] : ["~", "~"]);
    var inRange = 0;
    t.counts.forEach(function (n, i) { if (i >= from && i <= to) { inRange += n; } });
    Array.prototype.forEach.call(K.$("kg-hist").children, function (bar, i) {
      bar.className = i >= from && i <= to ? "kg-in" : "";
    });
    var text = t.bins.length
      ? inRange + " of " + t.dated + " dated mentions, " + t.bins[from] + " to " + t.bins[to] + "; "
      : "No document in this view has a date; ";
    K.$("kg-t-summary").textContent = text + t.undated + " mentions from undated documents " +
      (undated ? "included" : "left out") + ".";
    if (!quiet) {
      K.refresh();
      K.writeHash(Object.assign(K.timeHash(), K.inspecting || {}));
    }
  };

  K.timeHash = function () {
    var t = K.time, from = Number(K.$("kg-t-from").value), to = Number(K.$("kg-t-to").value);
    if (!t || !K.view.range) { return {}; }
    return { from: from > 0 ? t.bins[from] : null,
             to: to < t.bins.length - 1 ? t.bins[to] : null,
             undated: K.view.undated ? null : "0" };
  };

  function wireTime() {
    var from = K.$("kg-t-from"), to = K.$("kg-t-to"), und = K.$("kg-t-undated");
    var apply = function () { K.setRange(Number(from.value), Number(to.value), und.checked); };
    from.addEventListener("input", function () {
      if (Number(from.value) > Number(to.value)) { to.value = from.value; }
      apply();
    });
    to.addEventListener("input", function () {
      if (Number(to.value) < Number(from.value)) { from.value = to.value; }
      apply();
    });
    und.addEventListener("change", apply);
  }

  /* ---------------------------------------------------------------- communities, size */

  K.collapse = function (c, on, quiet) {
    K.view.collapsed[c] = on;
    var btn = document.querySelector(".kg-collapse[data-community='" + c + "']");
    if (btn) {
      btn.setAttribute("aria-pressed", String(on));
      btn.textContent = on ? "expand" : "collapse";
    }
    if (!quiet) { K.refresh(); }
  };

  function wireSize() {
    K.$("kg-more").addEventListener("click", function () {
      K.view.limit += K.data.start;
      if (K.view.limit >= K.nodes.length) { K.view.limit = Infinity; }
      K.refresh();
      K.arrowsByZoom();
    });
    K.$("kg-all").addEventListener("click", function () {
      K.view.limit = Infinity;
      K.refresh();
      K.arrowsByZoom();
    });
    Array.prototype.forEach.call(document.querySelectorAll(".kg-collapse"), function (btn) {
      btn.addEventListener("click", function () {
        var c = Number(btn.getAttribute("data-community"));
        K.collapse(c, !K.view.collapsed[c]);
      });
    });
  }

  /* ---------------------------------------------------------------- export */

  function cell(v) {
    if (v === null || v === undefined) { return ""; }
    if (typeof v === "number") { return String(v); }
    v = String(v);
    if (/^[=+\-@\t\r]/.test(v)) { v = "'" + v; }  // not a formula in a spreadsheet
    return "\"" + v.replace(/"/g, "\"\"") + "\"";
  }

  function csv(rows) { return rows.map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n"; }

  function shownActors() { return K.shownNodes.get().filter(function (n) { return K.byId[n.id]; }); }

  function shownRelations() { return K.shownEdges.get().filter(function (e) { return e.kg; }); }

  K.exportActors = function () {
    return csv([["id", "label", "type", "wikidata", "pagerank", "degree", "community"]].concat(
      shownActors().map(function (n) {
        var k = n.kg;
        return [n.id, k.label, k.type, k.wikidata, k.pagerank, k.degree, k.community];
      })));
  };

  K.exportRelations = function () {
    return csv([["subject_id", "subject", "predicate", "object_id", "object", "polarity",
                 "mentions", "mentions_all_time", "first_seen", "last_seen"]].concat(
      shownRelations().map(function (e) {
        var k = e.kg;
        return [e.from, k.subject, k.predicate, e.to, k.object, k.polarity, K.weight(e),
                k.mentions, k.first_seen, k.last_seen];
      })));
  };

  K.exportGexf = function () {
    var NS = "http://gexf.net/1.3", VIZ = "http://gexf.net/1.3/viz";
    var doc = document.implementation.createDocument(NS, "gexf", null), root = doc.documentElement;
    var mk = function (parent, name, attrs, ns) {
      var node = doc.createElementNS(ns || NS, name);
      Object.keys(attrs || {}).forEach(function (a) { node.setAttribute(a, String(attrs[a])); });
      parent.appendChild(node);
      return node;
    };
    root.setAttribute("version", "1.3");
    root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:viz", VIZ);
    var graph = mk(root, "graph", { defaultedgetype: "directed", mode: "static" });
    var na = mk(graph, "attributes", { "class": "node" });
    [["type", "string"], ["pagerank", "double"], ["community", "integer"], ["wikidata", "string"]]
      .forEach(function (a, i) { mk(na, "attribute", { id: i, title: a[0], type: a[1] }); });
    var ea = mk(graph, "attributes", { "class": "edge" });
    mk(ea, "attribute", { id: 0, title: "polarity", type: "string" });
    var nodes = mk(graph, "nodes"), pos = K.positions();
    shownActors().forEach(function (n) {
      var k = n.kg, node = mk(nodes, "node", { id: n.id, label: k.label });
      var values = mk(node, "attvalues");
      [k.type, k.pagerank, k.community, k.wikidata].forEach(function (v, i) {
        if (v !== null && v !== undefined) { mk(values, "attvalue", { "for": i, value: v }); }
      });
      if (pos[n.id]) { mk(node, "viz:position", { x: pos[n.id].x, y: -pos[n.id].y, z: 0 }, VIZ); }
    });
    var edges = mk(graph, "edges");
    shownRelations().forEach(function (e) {
      var edge = mk(edges, "edge", { id: e.id, source: e.from, target: e.to,
                                     label: e.kg.predicate, weight: K.weight(e) });
      mk(mk(edge, "attvalues"), "attvalue", { "for": 0, value: e.kg.polarity });
    });
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + new XMLSerializer().serializeToString(doc);
  };

  /* The drawn graph as a PNG data URL (on white: the canvas itself is transparent). */
  K.exportPng = function () {
    var src = K.$("kg-graph").querySelector("canvas"), out = document.createElement("canvas");
    out.width = src.width; out.height = src.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    return out.toDataURL("image/png");
  };

  function save(name, href) {
    var a = K.el("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    K.lastExport = name;
  }

  function saveText(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    save(name, url);
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  }

  K.exporters = {
    png: function () { save("kg-graph.png", K.exportPng()); },
    gexf: function () { saveText("kg-graph.gexf", "application/gexf+xml", K.exportGexf()); },
    actors: function () { saveText("kg-actors.csv", "text/csv", K.exportActors()); },
    relations: function () { saveText("kg-relations.csv", "text/csv", K.exportRelations()); }
  };

  /* ---------------------------------------------------------------- wiring and start */

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

  function wireTools() {
    var search = K.$("kg-search");
    search.addEventListener("change", function () { K.search(search.value); });
    search.addEventListener("input", function () {  // a suggestion picked, or a whole name typed
      var exact = Array.prototype.some.call(K.$("kg-names").options, function (o) {
        return o.value === search.value;
      });
      if (exact) { K.search(search.value); }
    });
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); K.search(search.value); }
    });
    K.$("kg-path-go").addEventListener("click", function () {
      K.showPath(K.$("kg-path-from").value, K.$("kg-path-to").value);
    });
    K.$("kg-unhide").addEventListener("click", function () {
      K.view.hidden = {};
      K.$("kg-unhide").disabled = true;
      K.refresh();
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-export]"), function (btn) {
      btn.addEventListener("click", function () { K.exporters[btn.getAttribute("data-export")](); });
    });
    wireTime();
    wireSize();
  }

  K.applyHash = function () { K.setupTime(K.readHash()); };
  K.afterReady = function () { K.openFromHash(); };

  var form = K.$("kg-filters");
  if (form) { wireForm(form); }
  K.wireChrome();
  K.wirePanel();
  var data = K.data = JSON.parse(K.$("kg-graph-data").textContent);
  if (!data.nodes.length || typeof vis === "undefined") {
    if (typeof vis === "undefined") { K.errors.push("vis-network did not load"); }
    Array.prototype.forEach.call(document.querySelectorAll("#kg-find, #kg-time, #kg-export"),
                                 function (s) { s.hidden = true; });
    K.markReady();
    return;
  }
  wireTools();
  K.startNetwork(data);
  if (form) {
    K.network.on("doubleClick", function (params) {
      if (!params.nodes.length || String(params.nodes[0]).indexOf("community:") === 0) { return; }
      form.elements.namedItem("actor").value = params.nodes[0];
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  }
}());

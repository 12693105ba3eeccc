/* The graph page, part 2: the inspector. A relation: all its mentions, paged, each with
   its sentence (cue marked), negation, modality, source and document (links to its URL
   and to /documents/{id}). An actor: label, type, Wikidata, metrics, relations grouped by
   predicate, neighbourhood controls. Served by the API, content comes from
   GET /graph/mentions and GET /actors/{id} when opened; the standalone file shows what it
   embeds. The open item is kept in the URL's #fragment. */
(function () {
  "use strict";
  var K = window.kgGraph, PAGE = 10;

  function body() { return K.$("kg-insp-body"); }

  function open(title, hash) {
    var box = K.$("kg-inspector");
    box.hidden = false;
    K.$("kg-insp-title").textContent = title;
    K.clear(body());
    body().removeAttribute("data-loaded");
    K.inspecting = hash;
    K.writeHash(Object.assign({}, K.timeHash ? K.timeHash() : {}, hash));
    K.drawer(true);
    return body();
  }

  K.closeInspector = function () {
    K.$("kg-inspector").hidden = true;
    K.inspecting = null;
    K.writeHash(K.timeHash ? K.timeHash() : {});
    K.drawer(false);
  };

  K.edgeFor = function (s, p, o) {
    if (!K.edgeKey) {
      K.edgeKey = {};
      K.edges.forEach(function (e) {
        K.edgeKey[e.from + "\u0000" + e.kg.predicate + "\u0000" + e.to] = e;
      });
    }
    return K.edgeKey[s + "\u0000" + p + "\u0000" + o] || null;
  };

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function link(parent, text, href, external) {
    var a = K.add(parent, "a", null, text);
    a.href = href;
    if (external) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
    return a;
  }

  function sentence(parent, text, cue) {
    var span = K.add(parent, "span", "kg-sentence");
    var at = cue ? text.toLowerCase().indexOf(String(cue).toLowerCase()) : -1;
    if (at < 0) { span.textContent = text; return; }
    span.appendChild(document.createTextNode(text.slice(0, at)));
    K.add(span, "mark", null, text.slice(at, at + cue.length));
    span.appendChild(document.createTextNode(text.slice(at + cue.length)));
  }

  function mentionItem(list, m) {
    var li = K.add(list, "li", "kg-mention");
    sentence(li, m.evidence.sentence, m.evidence.cue);
    var flags = [];
    if (m.negated) { flags.push("negated"); }
    if (m.modality) { flags.push("modality: " + m.modality); }
    if (m.source) { flags.push("according to " + m.source.label); }
    if (m.confidence !== null && isFinite(m.confidence)) {
      flags.push("confidence " + Number(m.confidence).toFixed(2));
    }
    K.add(li, "span", "kg-flags", flags.join(" · "));
    var d = m.document, doc = K.add(li, "span", "kg-doc");
    doc.appendChild(document.createTextNode((d.title || d.id) + " · " +
                                            (d.published ? d.published.slice(0, 10) : "undated") + " "));
    var url = safeUrl(d.url);
    if (url) { link(doc, "source", url, true).className = "kg-source"; }
    if (d.href) { link(doc, "document JSON", d.href, false).className = "kg-docjson"; }
  }

  function pager(parent, data, edge) {
    var row = K.add(parent, "div", "kg-row kg-pager");
    var last = Math.min(data.offset + data.mentions.length, data.total);
    K.add(row, "span", "kg-small", "mentions " + (data.total ? data.offset + 1 : 0) + "–" + last +
          " of " + data.total);
    var page = Math.floor(data.offset / PAGE);
    [["Previous", page - 1, data.offset > 0], ["Next", page + 1, last < data.total]]
      .forEach(function (b) {
        var btn = K.add(row, "button", null, b[0]);
        btn.type = "button";
        btn.disabled = !b[2];
        btn.addEventListener("click", function () { K.openEdge(edge, b[1]); });
      });
  }

  function edgeMeta(box, k, edge) {
    var w = K.weight(edge), meta = k.polarity + " · " + K.plural(k.mentions, "mention");
    if (w !== k.mentions) { meta += " (" + w + " in the time range)"; }
    if (k.documents) { meta += " in " + K.plural(k.documents, "document"); }
    if (k.first_seen) {
      meta += " · " + k.first_seen + (k.last_seen !== k.first_seen ? " – " + k.last_seen : "");
    }
    K.add(box, "p", "kg-meta", meta);
  }

  K.openEdge = function (edge, page) {
    page = Math.max(0, Number(page) || 0);
    var k = edge.kg, title = k.subject + " " + K.words(k.predicate) + " " + k.object;
    var box = open(title, { s: edge.from, p: k.predicate, o: edge.to, page: page || null });
    edgeMeta(box, k, edge);
    K.network.selectEdges([edge.id]);
    if (!K.data.api) {
      var list = K.add(box, "ol", "kg-mentions");
      (k.evidence || []).forEach(function (e) {
        mentionItem(list, { evidence: { sentence: e.sentence }, confidence: null,
                            document: { id: e.doc, title: e.title, published: e.published } });
      });
      K.add(box, "p", "kg-small", "showing " + (k.evidence || []).length + " of " +
            K.plural(k.mentions, "mention") + " (this file embeds up to 3 per relation; the " +
            "served page lists all)");
      return;
    }
    var q = new URLSearchParams(Object.assign({}, K.data.filter, {
      subject: edge.from, predicate: k.predicate, object: edge.to,
      offset: page * PAGE, limit: PAGE }));
    var status = K.add(box, "p", "kg-small", "loading mentions…");
    fetch("/graph/mentions?" + q.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (data) {
        if (K.inspecting === null || K.inspecting.s !== edge.from || K.inspecting.o !== edge.to) {
          return;
        }
        status.textContent = data.asserted + " asserted" +
          (data.negated ? ", " + data.negated + " negated" : "") +
          (data.modal ? ", " + data.modal + " modal" : "") + " mention(s)";
        var list = K.add(box, "ol", "kg-mentions");
        list.start = data.offset + 1;
        data.mentions.forEach(function (m) { mentionItem(list, m); });
        pager(box, data, edge);
        box.setAttribute("data-loaded", "true");
      })
      .catch(function (err) { status.textContent = "could not load the mentions: " + err.message; });
  };

  function facts(box, k, id) {
    var dl = K.add(box, "dl", "kg-facts");
    var row = function (term, value) {
      K.add(dl, "dt", null, term);
      return K.add(dl, "dd", null, value);
    };
    row("id", id);
    row("type", k.type || "unknown");
    var wd = row("Wikidata", k.wikidata && /^Q[0-9]+$/.test(k.wikidata) ? "" : "none");
    if (wd.textContent === "") {
      link(wd, k.wikidata, "https://www.wikidata.org/wiki/" + k.wikidata, true);
    }
    if (k.aliases && k.aliases.length) { row("also called", k.aliases.join(", ")); }
    row("PageRank (this view)", Number(k.pagerank).toFixed(4));
    row("degree (this view)", k.degree);
    row("community", k.community === null ? "none" : k.community);
  }

  function neighbourButtons(box, id) {
    var row = K.add(box, "div", "kg-row");
    [["Expand neighbours", function () { K.expand(id); }],
     ["Hide neighbours", function () { K.hideNeighbours(id); }],
     ["Hide this actor", function () { K.hideActor(id); }]].forEach(function (b) {
      var btn = K.add(row, "button", null, b[0]);
      btn.type = "button";
      btn.addEventListener("click", b[1]);
    });
  }

  function relationGroups(box, id, rows) {
    var groups = {};
    rows.forEach(function (r) { (groups[r.predicate] = groups[r.predicate] || []).push(r); });
    Object.keys(groups).sort().forEach(function (pred) {
      K.add(box, "h3", "kg-small", K.words(pred));
      var list = K.add(box, "ul", "kg-rels");
      groups[pred].forEach(function (r) {
        var li = K.add(list, "li");
        var text = (r.direction === "out" ? "→ " : "← ") + r.other + " (" +
          K.plural(r.mentions, "mention") + (r.negated ? ", negated" : "") + ")";
        var edge = r.otherId === undefined ? null : (r.direction === "out"
          ? K.edgeFor(id, pred, r.otherId) : K.edgeFor(r.otherId, pred, id));
        if (edge && !r.negated) {
          var btn = K.add(li, "button", "kg-linkish", text);
          btn.type = "button";
          btn.addEventListener("click", function () { K.openEdge(edge); });
        } else {
          li.textContent = text;
        }
      });
    });
  }

  function fromApi(r, direction) {
    return { direction: direction, predicate: r.predicate, other: r.actor.label,
             otherId: r.actor.id, mentions: r.mentions, negated: r.negated };
  }

  K.openActor = function (id) {
    var node = K.byId[id];
    if (!node) { return; }
    var k = node.kg, box = open(k.label, { actor: id });
    K.network.selectNodes([id]);
    facts(box, k, id);
    neighbourButtons(box, id);
    K.add(box, "h3", null, "Relations");
    if (!K.data.api) {
      relationGroups(box, id, (k.relations || []).map(function (r) {
        return { direction: r.direction, predicate: r.predicate, other: r.other,
                 mentions: r.mentions };
      }));
      return;
    }
    var status = K.add(box, "p", "kg-small", "loading relations…");
    fetch("/actors/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.json();
      })
      .then(function (a) {
        if (!K.inspecting || K.inspecting.actor !== id) { return; }
        status.textContent = "in the whole store: " + K.plural(a.mentions, "mention") +
          ", PageRank " + Number(a.pagerank).toFixed(4);
        relationGroups(box, id, a.outgoing.map(function (r) { return fromApi(r, "out"); })
          .concat(a.incoming.map(function (r) { return fromApi(r, "in"); })));
        box.setAttribute("data-loaded", "true");
      })
      .catch(function (err) { status.textContent = "could not load the relations: " + err.message; });
  };

  /* Open what the URL's #fragment names (a shared link). */
  K.openFromHash = function () {
    var h = K.readHash();
    if (h.get("actor") && K.byId[h.get("actor")]) {
      K.openActor(h.get("actor"));
    } else if (h.get("s") && h.get("p") && h.get("o")) {
      var edge = K.edgeFor(h.get("s"), h.get("p"), h.get("o"));
      if (edge) { K.openEdge(edge, h.get("page")); }
    }
  };

  K.wirePanel = function () {
    K.$("kg-insp-close").addEventListener("click", K.closeInspector);
    window.addEventListener("hashchange", function () { if (K.ready) { K.openFromHash(); } });
  };
}());

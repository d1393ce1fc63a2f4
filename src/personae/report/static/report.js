/* personae report: renders the JSON blob in #personae-data.
 * Book text is only ever put into the page as text (textContent, d3 .text(), setAttribute),
 * never parsed as markup, so whatever the book says is shown and nothing in it runs. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("personae-data").textContent);
  var chars = D.characters || [];
  var byId = new Map(chars.map(function (c, i) { c.rank = i + 1; return [c.id, c]; }));
  var bins = D.bins || [];
  var SVG = "http://www.w3.org/2000/svg";
  var fmt = new Intl.NumberFormat("en");

  // ---- small helpers ------------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.setAttribute("class", v);
      else if (k.slice(0, 2) === "on" && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    });
  }
  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function show(id) {
    var s = document.getElementById(id);
    s.hidden = false;
    return s;
  }
  function plural(n, one, many) { return fmt.format(n) + " " + (n === 1 ? one : (many || one + "s")); }
  function binLabel(i) {
    var b = bins[i];
    if (!b) return "";
    return D.binKind === "chapter" ? titleCase(b.label) : b.label + " of the book";
  }
  function titleCase(s) {
    return /[a-z]/.test(s) ? s : s.toLowerCase().replace(/(^|\s)(\S)/g, function (m, a, b) { return a + b.toUpperCase(); })
      .replace(/\b(Ii|Iii|Iv|Vi|Vii|Viii|Ix|Xi|Xii|Xiii|Xiv|Xv|Xvi|Xvii|Xviii|Xix|Xx|[ivxlcdm]+)\b/gi, function (m) { return /^[ivxlcdm]+$/i.test(m) ? m.toUpperCase() : m; });
  }
  function whereText(w) {
    if (!w) return "";
    return (D.binKind === "chapter" ? titleCase(bins[w.bin] ? bins[w.bin].label : "") + " · " : "") + w.pct + "% through";
  }
  // x of an offset on a strip whose unit is one bin: the bin index plus the way through it
  function binX(start) {
    var lo = 0, hi = bins.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (bins[mid].start <= start) lo = mid; else hi = mid - 1; }
    var b = bins[lo];
    return lo + Math.max(0, Math.min(1, (start - b.start) / Math.max(1, b.end - b.start)));
  }
  var tip = document.getElementById("tooltip");
  function showTip(evt, text) {
    tip.textContent = text;
    tip.hidden = false;
    var x = evt.clientX + 14, y = evt.clientY + 14;
    var r = tip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 8) x = evt.clientX - r.width - 10;
    if (y + r.height > window.innerHeight - 8) y = evt.clientY - r.height - 10;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() { tip.hidden = true; }
  function colourOf(c) {
    var g = c && c.gender;
    return g === "she/her" ? "var(--she)" : g === "he/him" ? "var(--he)" : "var(--other)";
  }
  // bars show mentions per 1,000 words of their chapter (a very short one counts as a quarter
  // of the usual length, so a one-line chapter with one name is no spike)
  var usualWords = (function () {
    var w = bins.map(function (b) { return b.words || 0; }).sort(function (a, b) { return a - b; });
    return w.length ? w[w.length >> 1] : 0;
  })();
  function density(bin, count) {
    var words = Math.max((bins[bin] || {}).words || 0, usualWords / 4, 1);
    return 1000 * count / words;
  }
  function presenceStrip(counts, opts) {
    // one rect per bin with mentions, height by density; unit x = one bin
    var n = Math.max(1, bins.length);
    var max = counts.reduce(function (m, p) { return Math.max(m, density(p[0], p[1])); }, 0) || 1;
    var svg = svgEl("svg", { viewBox: "0 0 " + n + " 1", preserveAspectRatio: "none", role: "img",
      "aria-label": opts.label });
    var gap = n <= 120 ? 0.12 : 0;
    counts.forEach(function (p) {
      var d = density(p[0], p[1]);
      var h = Math.max(0.06, d / max);
      var r = svgEl("rect", { class: "cell", x: p[0] + gap / 2, y: 1 - h, width: 1 - gap, height: h });
      r.addEventListener("mousemove", function (e) {
        showTip(e, binLabel(p[0]) + ": " + plural(p[1], opts.unit || "mention") + " (" + d.toFixed(1) + " per 1,000 words)");
      });
      r.addEventListener("mouseleave", hideTip);
      svg.appendChild(r);
    });
    return svg;
  }

  // ---- masthead -----------------------------------------------------------------------------
  var summary = [plural(chars.length, "character")];
  if (D.words) summary.push(plural(D.words, "word"));
  if (D.binKind === "chapter") summary.push(plural(bins.length, "chapter"));
  if (D.quoteTotal) summary.push(plural(D.quoteTotal, "quotation"));
  document.getElementById("summary").textContent = summary.join(" · ");

  // ---- cast table ---------------------------------------------------------------------------
  var hasClarity = chars.some(function (c) { return typeof c.clarity === "number"; });
  var columns = [
    { key: "rank", label: "#", cls: "num id", value: function (c) { return c.rank; } },
    { key: "name", label: "Name", cls: "name", value: function (c) { return fold(c.name); } },
    { key: "aliases", label: "Also called", cls: "aliases", value: function (c) { return c.aliases.length; } },
    { key: "mentions", label: "Mentions", cls: "num", value: function (c) { return (c.mentions || {}).total || 0; }, desc: true },
    hasClarity ? { key: "clarity", label: "Clarity", cls: "num clarity", value: function (c) { return typeof c.clarity === "number" ? c.clarity : -1; }, desc: true } : null,
    { key: "gender", label: "Gender", cls: "gender", value: function (c) { return c.gender || "~"; } },
    { key: "quotes", label: "Quotations", cls: "num quotes", value: function (c) { return c.quoteCount || 0; }, desc: true },
    { key: "first", label: "First seen", cls: "num first", value: function (c) { return c.first ? c.first.start : Infinity; } }
  ].filter(Boolean);
  var sort = { key: "mentions", desc: true };
  var showAll = false;
  var LIMIT = 40;
  var table = document.getElementById("cast-table");
  var headRow = table.tHead.rows[0];
  var tbody = table.tBodies[0];
  var search = document.getElementById("search");
  var maxMentions = chars.reduce(function (m, c) { return Math.max(m, (c.mentions || {}).total || 0); }, 1);

  columns.forEach(function (col) {
    var th = el("th", { scope: "col", class: col.cls, "data-key": col.key },
      el("button", { type: "button", text: col.label, onclick: function () {
        sort = { key: col.key, desc: sort.key === col.key ? !sort.desc : !!col.desc };
        renderCast();
      } }));
    headRow.appendChild(th);
  });

  function matches(c, q) {
    if (!q) return { ok: true, alias: null };
    if (fold(c.name).indexOf(q) >= 0 || fold(c.id) === q) return { ok: true, alias: null };
    for (var i = 0; i < c.aliases.length; i++) {
      if (fold(c.aliases[i]).indexOf(q) >= 0) return { ok: true, alias: c.aliases[i] };
    }
    return { ok: false };
  }
  function highlighted(text, q) {
    var at = q ? fold(text).indexOf(q) : -1;
    if (at < 0) return text;
    return [text.slice(0, at), el("mark", { text: text.slice(at, at + q.length) }), text.slice(at + q.length)];
  }
  function renderCast() {
    var q = fold(search.value.trim());
    var col = columns.filter(function (c) { return c.key === sort.key; })[0];
    var rows = [];
    chars.forEach(function (c) { var m = matches(c, q); if (m.ok) rows.push({ c: c, alias: m.alias }); });
    rows.sort(function (a, b) {
      var x = col.value(a.c), y = col.value(b.c);
      var d = x < y ? -1 : x > y ? 1 : a.c.rank - b.c.rank;
      return sort.desc && x !== y ? -d : d;
    });
    Array.prototype.forEach.call(headRow.cells, function (th) {
      if (th.getAttribute("data-key") === sort.key) th.setAttribute("aria-sort", sort.desc ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    var shown = (showAll || q) ? rows : rows.slice(0, LIMIT);
    clear(tbody);
    shown.forEach(function (r) { tbody.appendChild(castRow(r.c, r.alias, q)); });
    document.getElementById("cast-count").textContent = q
      ? (rows.length ? plural(rows.length, "match", "matches") : "no character is called that")
      : (shown.length < rows.length ? "the first " + shown.length + " of " + rows.length : plural(rows.length, "character"));
    var more = document.getElementById("cast-more");
    more.hidden = !!(showAll || q || rows.length <= LIMIT);
    more.textContent = "Show all " + plural(rows.length, "character");
  }
  function castRow(c, alias, q) {
    var m = c.mentions || {};
    var aliases = c.aliases.slice();
    if (alias) { aliases.splice(aliases.indexOf(alias), 1); aliases.unshift(alias); }
    var aliasNodes = [];
    aliases.slice(0, 4).forEach(function (a, i) {
      if (i) aliasNodes.push(", ");
      aliasNodes.push(highlighted(a, q));
    });
    if (aliases.length > 4) aliasNodes.push(" …");
    var cells = {
      rank: el("td", { class: "num id" }, c.id),
      name: el("td", { class: "name" }, highlighted(c.name, q),
        c.narrator ? [" ", el("span", { class: "mark", title: "the narrator", text: "narrator" })] : null,
        c.protagonist ? [" ", el("span", { class: "mark", title: "a protagonist", text: "protagonist" })] : null),
      aliases: el("td", { class: "aliases" }, aliasNodes),
      mentions: el("td", { class: "num", title: fmt.format(m.proper || 0) + " by name, " + fmt.format(m.nominal || 0) +
        " by description, " + fmt.format(m.pronoun || 0) + " by pronoun" },
        fmt.format(m.total || 0), el("span", { class: "bar", style: "width:" + (3 * Math.sqrt((m.total || 0) / maxMentions)).toFixed(2) + "rem", "aria-hidden": "true" })),
      clarity: el("td", { class: "num clarity" }, typeof c.clarity === "number" ? c.clarity.toFixed(2) : "—"),
      gender: el("td", { class: "gender" }, c.gender || "—"),
      quotes: el("td", { class: "num quotes" }, c.quoteCount ? fmt.format(c.quoteCount) : "—"),
      first: el("td", { class: "num first", title: c.first ? whereText(c.first) : "" }, c.first ? c.first.pct.toFixed(1) + "%" : "—")
    };
    var tr = el("tr", { tabindex: 0, "data-id": c.id, "aria-label": c.name + ", " + plural(m.total || 0, "mention") + "; press Enter for details" });
    columns.forEach(function (col) { tr.appendChild(cells[col.key]); });
    if (openId === c.id) tr.classList.add("open");
    tr.addEventListener("click", function () { openPanel(c.id, tr); });
    tr.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openPanel(c.id, tr); }
      else if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
      else if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
    });
    return tr;
  }
  search.addEventListener("input", renderCast);
  document.getElementById("cast-more").addEventListener("click", function () { showAll = true; renderCast(); });

  // ---- character panel ----------------------------------------------------------------------
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var openId = null, opener = null;
  function openPanel(id, from) {
    var c = byId.get(id);
    if (!c) return;
    openId = id;
    opener = from || document.activeElement;
    Array.prototype.forEach.call(tbody.rows, function (r) { r.classList.toggle("open", r.getAttribute("data-id") === id); });
    clear(panelBody);
    var m = c.mentions || {};
    var facts = [];
    if (c.gender) facts.push(c.gender);
    facts.push(plural(m.total || 0, "mention") + " (" + fmt.format(m.proper || 0) + " by name, " +
      fmt.format(m.nominal || 0) + " by description, " + fmt.format(m.pronoun || 0) + " pronouns)");
    if (c.first) facts.push("first seen " + whereText(c.first));
    if (typeof c.clarity === "number") facts.push("clarity " + c.clarity.toFixed(2));
    append(panelBody, [
      el("p", { class: "kicker", text: c.id + (c.narrator ? " · the narrator" : "") + (c.protagonist ? " · a protagonist" : "") }),
      el("h2", { id: "panel-name", text: c.name }),
      el("p", { class: "facts", text: facts.join(" · ") })
    ]);
    if (c.aliases.length) {
      append(panelBody, [el("h3", { text: "Also called" }),
        el("ul", { class: "chips" }, c.aliases.map(function (a) { return el("li", { class: "chip", text: a }); }))]);
    }
    // presence strip with a marker for "show me where"
    var strip = el("div", { class: "strip", id: "panel-strip" });
    strip.appendChild(presenceStrip(c.presence, { label: "Where " + c.name + " is mentioned, " + (D.binKind === "chapter" ? "by chapter" : "by position") }));
    strip.appendChild(el("div", { class: "axis", "aria-hidden": "true" }, el("span", { text: "beginning" }), el("span", { text: "end" })));
    append(panelBody, [el("h3", { text: "Across the book" }), strip]);

    var p = c.portrait;
    if (p) {
      var dl = el("dl", { class: "portrait" });
      [["does", "Does"], ["undergoes", "Undergoes"], ["described", "Described as"], ["owns", "Owns"]].forEach(function (k) {
        if (!p[k[0]] || !p[k[0]].length) return;
        append(dl, [el("dt", { text: k[1] }), el("dd", null, el("ul", { class: "chips" }, p[k[0]].map(function (w) {
          return el("li", { class: "chip" }, String(w[0]), el("span", { class: "n", text: "×" + w[1] }));
        })))]);
      });
      append(panelBody, [el("h3", { text: "Portrait" }), dl]);
    }
    if (c.evidence.length) {
      append(panelBody, [
        el("h3", { text: c.evidenceKind === "evidence" ? "In the book's words" : "Where the book names them" }),
        el("ol", { class: "evidence" }, c.evidence.map(function (e) {
          return el("li", null, el("p", { text: e.text, style: "margin:0" }), whereButton(e));
        }))]);
    }
    if (c.quotes.length) {
      append(panelBody, [el("h3", { text: "Their words" }),
        el("p", { class: "note", text: c.quoteCount > c.quotes.length
          ? plural(c.quoteCount, "quotation") + " in all; " + c.quotes.length + " shown, from across the book."
          : plural(c.quoteCount, "quotation") + "." }),
        c.quotes.map(function (q) {
          return el("blockquote", null, el("p", { text: "“" + q.text + "”" }), whereButton(q));
        })]);
    }
    if (c.neighbours.length) {
      append(panelBody, [el("h3", { text: "Often with" }), el("ul", { class: "chips" }, c.neighbours.map(function (nb) {
        var o = byId.get(nb[0]);
        if (!o) return null;
        return el("li", null, el("button", { type: "button", class: "chip", onclick: function () { openPanel(o.id, opener); } },
          o.name, el("span", { class: "n", text: fmtWeight(nb[1]) })));
      }))]);
    }
    panel.hidden = false;
    panel.scrollTop = 0;
    panel.focus();
    if (history.replaceState) history.replaceState(null, "", "#" + encodeURIComponent(id));
  }
  function fmtWeight(w) { return Math.round(w) === w ? String(w) : w.toFixed(1); }
  function whereButton(w) {
    return el("div", { class: "where" }, el("button", { type: "button", text: whereText(w),
      title: "Mark this place on the presence strips", onclick: function () { markPlace(w.start); } }));
  }
  function markPlace(start) {
    var x = binX(start);
    document.querySelectorAll("svg .marker").forEach(function (n) { n.remove(); });
    document.querySelectorAll("#panel-strip svg, #presence-plot svg").forEach(function (svg) {
      svg.appendChild(svgEl("line", { class: "marker", x1: x, x2: x, y1: 0, y2: 1 }));
    });
    var s = document.getElementById("panel-strip");
    if (s) s.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }
  function closePanel() {
    if (panel.hidden) return;
    panel.hidden = true;
    openId = null;
    Array.prototype.forEach.call(tbody.rows, function (r) { r.classList.remove("open"); });
    if (history.replaceState) history.replaceState(null, "", location.pathname + location.search);
    if (opener && document.contains(opener)) opener.focus();
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") closePanel(); });

  // ---- presence plot ------------------------------------------------------------------------
  function renderPresence() {
    var top = chars.filter(function (c) { return c.presence.length; }).slice(0, 12);
    if (!top.length || bins.length < 2) return;
    show("presence");
    document.getElementById("presence-note").textContent = "Mentions (names, descriptions and pronouns) of the " +
      top.length + " most-mentioned characters, " + (D.binKind === "chapter" ? "chapter by chapter" : "in " + bins.length + " equal slices of the book") +
      ": mentions per 1,000 words, each row scaled to its own busiest " + (D.binKind === "chapter" ? "chapter" : "slice") + ".";
    var plot = document.getElementById("presence-plot");
    top.forEach(function (c) {
      plot.appendChild(el("div", { class: "who" }, el("button", { type: "button", text: c.name, onclick: function (e) { openPanel(c.id, e.currentTarget); } })));
      var cell = el("div", { "data-id": c.id });
      cell.appendChild(presenceStrip(c.presence, { label: c.name + ": mentions by " + (D.binKind === "chapter" ? "chapter" : "position") }));
      plot.appendChild(cell);
    });
    plot.appendChild(el("div"));
    var axis = el("div", { class: "axis", "aria-hidden": "true" });
    if (D.binKind === "chapter") {
      var step = Math.max(1, Math.ceil(bins.length / 12));
      for (var i = 0; i < bins.length; i += step) axis.appendChild(el("span", { style: "left:" + (100 * (i + 0.5) / bins.length) + "%", text: String(i + 1) }));
    } else {
      [0, 25, 50, 75, 100].forEach(function (p) { axis.appendChild(el("span", { style: "left:" + p + "%", text: p + "%" })); });
    }
    plot.appendChild(axis);
  }

  // ---- network ------------------------------------------------------------------------------
  function renderNetwork() {
    var net = D.network;
    if (!net || !net.edges || !net.edges.length || typeof d3 === "undefined") return;
    var idsInEdges = new Set();
    net.edges.forEach(function (e) { idsInEdges.add(e.source); idsInEdges.add(e.target); });
    var nodes = chars.filter(function (c) { return idsInEdges.has(c.id); }).slice(0, 32)
      .map(function (c) { return { id: c.id, c: c }; });
    var keep = new Set(nodes.map(function (n) { return n.id; }));
    // not a hairball: the strongest links overall, and each person's three strongest
    var among = net.edges.filter(function (e) { return keep.has(e.source) && keep.has(e.target); });
    var chosen = new Set(among.slice(0, 40));
    var perNode = new Map();
    among.forEach(function (e) {
      [e.source, e.target].forEach(function (id) {
        var n = perNode.get(id) || 0;
        if (n < 3) chosen.add(e);
        perNode.set(id, n + 1);
      });
    });
    var links = among.filter(function (e) { return chosen.has(e); })
      .map(function (e) { return { source: e.source, target: e.target, weight: e.weight, e: e }; });
    var linked = new Set();
    links.forEach(function (l) { linked.add(l.source); linked.add(l.target); });
    nodes = nodes.filter(function (n) { return linked.has(n.id); });
    if (!nodes.length) return;
    var section = show("network");
    document.getElementById("network-note").textContent = (net.kind === "paragraphs"
      ? "Characters linked by how often they are mentioned in the same paragraph. "
      : "Characters linked by how much they speak to, act on and appear with each other. ") +
      "The " + nodes.length + " best-connected of the cast and their " + links.length + " strongest links; circle size is the number of mentions. Drag a circle to move it; choose one to read about them.";
    var box = document.getElementById("network-plot");
    var legend = el("div", { class: "legend", "aria-hidden": "true" },
      el("span", null, el("i", { style: "background:var(--she)" }), "she/her"),
      el("span", null, el("i", { style: "background:var(--he)" }), "he/him"),
      el("span", null, el("i", { style: "background:var(--other)" }), "other or unknown"));
    section.insertBefore(legend, box);
    var W = Math.max(320, box.clientWidth || 800), H = W < 600 ? 440 : 580;
    var maxT = d3.max(nodes, function (n) { return (n.c.mentions || {}).total || 1; }) || 1;
    var maxW = d3.max(links, function (l) { return l.weight; }) || 1;
    nodes.forEach(function (n) { n.r = 4 + 16 * Math.sqrt(((n.c.mentions || {}).total || 1) / maxT); });
    var svg = d3.select(box).append("svg").attr("viewBox", [0, 0, W, H]).attr("height", H)
      .attr("role", "group").attr("aria-label", "Network of characters");
    var link = svg.append("g").selectAll("line").data(links).join("line").attr("class", "edge")
      .attr("stroke-width", function (l) { return 0.7 + 5 * Math.sqrt(l.weight / maxW); });
    var node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", "node")
      .attr("tabindex", 0).attr("role", "button").attr("data-id", function (n) { return n.id; })
      .attr("aria-label", function (n) { return n.c.name + ": open details"; });
    node.append("circle").attr("r", function (n) { return n.r; }).attr("fill", function (n) { return colourOf(n.c); });
    // labels in a layer above every circle, so no circle hides a name
    var label = svg.append("g").attr("aria-hidden", "true").selectAll("text").data(nodes).join("text")
      .attr("class", "label").attr("dy", 4).text(function (n) { return n.c.name; });
    var sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; })
        .distance(function (l) { return 60 + 80 * (1 - Math.sqrt(l.weight / maxW)); })
        .strength(function (l) { return 0.1 + 0.5 * Math.sqrt(l.weight / maxW); }))
      .force("charge", d3.forceManyBody().strength(-700).distanceMax(Math.max(W, H)))
      .force("center", d3.forceCenter(W / 2, H / 2))
      .force("x", d3.forceX(W / 2).strength(0.03)).force("y", d3.forceY(H / 2).strength(0.05))
      .force("collide", d3.forceCollide(function (n) { return n.r + 14; }))
      .stop();
    sim.tick(200);  // lay out before the first paint; drags restart it
    function clamp(n) {
      n.x = Math.max(n.r + 2, Math.min(W - n.r - 2, n.x));
      n.y = Math.max(n.r + 2, Math.min(H - n.r - 2, n.y));
    }
    function draw() {
      nodes.forEach(clamp);
      link.attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
        .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
      node.attr("transform", function (n) { return "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"; });
      // a name goes left of its circle in the right third, so it stays inside the frame
      label.attr("x", function (n) { return n.x > W * 0.7 ? n.x - n.r - 3 : n.x + n.r + 3; }).attr("y", function (n) { return n.y; })
        .attr("text-anchor", function (n) { return n.x > W * 0.7 ? "end" : "start"; });
    }
    sim.on("tick", draw);
    draw();
    node.call(d3.drag()
      .on("start", function (ev, n) { if (!ev.active) sim.alphaTarget(0.2).restart(); n.fx = n.x; n.fy = n.y; })
      .on("drag", function (ev, n) { n.fx = ev.x; n.fy = ev.y; })
      .on("end", function (ev, n) { if (!ev.active) sim.alphaTarget(0); n.fx = null; n.fy = null; }));
    var wrap = d3.select(box);
    function light(n, on) {
      wrap.classed("dim", on);
      label.classed("lit", function (o) { return on && (o === n || links.some(function (l) { return (l.source === n && l.target === o) || (l.target === n && l.source === o); })); });
      node.classed("lit", function (o) { return on && (o === n || links.some(function (l) { return (l.source === n && l.target === o) || (l.target === n && l.source === o); })); });
      link.classed("lit", function (l) { return on && (l.source === n || l.target === n); });
    }
    node.on("mouseenter", function (ev, n) {
      light(n, true);
      var deg = links.filter(function (l) { return l.source === n || l.target === n; }).length;
      showTip(ev, n.c.name + " · " + plural((n.c.mentions || {}).total || 0, "mention") + " · " + plural(deg, "link"));
    }).on("mouseleave", function () { light(null, false); hideTip(); })
      .on("focus", function (ev, n) { light(n, true); }).on("blur", function () { light(null, false); })
      .on("click", function (ev, n) { if (ev.defaultPrevented) return; openPanel(n.id, this); })
      .on("keydown", function (ev, n) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openPanel(n.id, this); } });
    link.on("mousemove", function (ev, l) {
      var e = l.e, parts = [];
      if (e.speaks !== undefined) parts.push(plural(e.speaks, "exchange"));
      if (e.acts !== undefined) parts.push(plural(e.acts, "action"));
      if (e.scenes !== undefined) parts.push(plural(e.scenes, net.kind === "paragraphs" ? "shared paragraph" : "shared scene"));
      showTip(ev, l.source.c.name + " — " + l.target.c.name + ": " + parts.join(", "));
    }).on("mouseleave", hideTip);
  }

  // ---- timeline -----------------------------------------------------------------------------
  function dateValue(s) {
    var m = /^(-?\d{1,4})(?:-(\d\d))?(?:-(\d\d))?/.exec(s || "");
    if (!m) return null;
    var y = +m[1], mo = m[2] ? +m[2] : null, d = m[3] ? +m[3] : null;
    return y + (mo ? (mo - 1 + (d ? (d - 0.5) / 31 : 0.5)) / 12 : 0.5);
  }
  function renderTimeline() {
    var t = D.timeline;
    if (!t || !t.length) return;
    show("timeline");
    var dated = t.filter(function (e) { return dateValue(e.date) !== null; });
    document.getElementById("timeline-note").textContent = plural(D.timelineTotal || t.length, "date or time expression") +
      (D.timelineTotal > t.length ? " in the book, " + fmt.format(t.length) + " shown (spread across it), " : " in the book, ") +
      fmt.format(dated.length) + " placed on the calendar" + (t.some(function (e) { return e.relative; }) ? " (lighter dots: worked out from an earlier date)" : "") +
      ". Across: where in the book; up: when.";
    if (dated.length >= 2 && typeof d3 !== "undefined") {
      var box = document.getElementById("timeline-plot");
      var W = Math.max(320, box.clientWidth || 800), H = 280, M = { l: 48, r: 12, t: 10, b: 30 };
      // the middle 96% of the dates set the scale; the few far outside (a memoir's ancestors,
      // a misread number) sit on its edge as open circles instead of squashing the rest
      var ys = dated.map(function (e) { return dateValue(e.date); }).sort(d3.ascending);
      var lo = d3.quantileSorted(ys, 0.02), hi = d3.quantileSorted(ys, 0.98);
      if (hi - lo < 1) { lo -= 0.5; hi += 0.5; }
      var y = d3.scaleLinear().domain([lo, hi]).nice().range([H - M.b, M.t]).clamp(true);
      var outside = function (e) { var v = dateValue(e.date); return v < y.domain()[0] || v > y.domain()[1]; };
      var nOut = dated.filter(outside).length;
      if (nOut) document.getElementById("timeline-note").textContent += " " + plural(nOut, "date") + " far outside the rest " + (nOut === 1 ? "sits" : "sit") + " on the edge as open circles.";
      var x = d3.scaleLinear().domain([0, 100]).range([M.l, W - M.r]);
      var svg = d3.select(box).append("svg").attr("viewBox", [0, 0, W, H]).attr("class", "axis-svg")
        .attr("role", "img").attr("aria-label", "Dates by place in the book").style("width", "100%").style("display", "block");
      svg.append("g").attr("transform", "translate(0," + (H - M.b) + ")")
        .call(d3.axisBottom(x).ticks(W < 500 ? 4 : 10).tickFormat(function (v) { return v + "%"; }));
      svg.append("g").attr("transform", "translate(" + M.l + ",0)")
        .call(d3.axisLeft(y).ticks(6).tickFormat(function (v) { return String(Math.floor(v)); }));
      svg.append("g").selectAll("circle").data(dated).join("circle")
        .attr("class", function (e) { return "dot" + (e.relative ? " relative" : "") + (outside(e) ? " outside" : ""); })
        .attr("cx", function (e) { return x(e.pct); }).attr("cy", function (e) { return y(dateValue(e.date)); }).attr("r", 3.5)
        .on("mousemove", function (ev, e) { showTip(ev, e.date + " — “" + e.text + "” · " + whereText(e)); })
        .on("mouseleave", hideTip);
    } else {
      document.querySelector("#timeline details").open = true;
    }
    var list = document.getElementById("timeline-list");
    t.forEach(function (e) {
      var people = (e.people || []).map(function (id) { return byId.get(id); }).filter(Boolean);
      list.appendChild(el("li", null,
        el("span", { class: "date", text: e.date || "—" }), " ",
        el("span", null, highlightedExact(e.context || e.text, e.text)), " ",
        people.length ? el("span", { class: "muted" }, " — ", people.map(function (c, i) {
          return [i ? ", " : "", el("button", { type: "button", class: "link-button", text: c.name, onclick: function (ev) { openPanel(c.id, ev.currentTarget); } })];
        })) : null,
        (e.places || []).length ? el("span", { class: "muted", text: " · " + e.places.join(", ") }) : null,
        " ", el("span", { class: "where", text: "(" + whereText(e) + ")" })));
    });
  }
  function highlightedExact(text, part) {
    var at = part ? text.indexOf(part) : -1;
    if (at < 0) return text;
    return [text.slice(0, at), el("mark", { text: part }), text.slice(at + part.length)];
  }

  // ---- places and organisations -------------------------------------------------------------
  function renderPlaces(key, plotId, top) {
    var p = D[key];
    if (!p || !p.items || !p.items.length) return;
    show(key);
    if (key === "places") {
      document.getElementById("places-note").textContent = (p.kind === "mentions"
        ? "Places the book names, as the entity recogniser found them; who is named in the same paragraphs."
        : "Places the book names and who is there.") + " The strip shows where in the book each is named.";
    }
    var items = p.items.slice(0, top);
    var maxN = items.reduce(function (m, r) { return Math.max(m, r.mentions); }, 1);
    var grid = el("div", { class: "places", role: "table", "aria-label": key });
    append(grid, [el("div", { class: "head", role: "columnheader", text: key === "places" ? "Place" : "Organisation" }),
      el("div", { class: "head num", role: "columnheader", text: "Named" }),
      el("div", { class: "head", role: "columnheader", text: "Where in the book" }),
      el("div", { class: "head people", role: "columnheader", text: "Who" })]);
    items.forEach(function (r) {
      var who = (r.people || []).map(function (pc) { return byId.get(pc[0]); }).filter(Boolean).slice(0, 4);
      append(grid, [
        el("div", { role: "cell", title: r.type || "" }, r.name),
        el("div", { class: "num", role: "cell" }, fmt.format(r.mentions)),
        el("div", { role: "cell" }, r.presence && r.presence.length && bins.length > 1
          ? presenceStrip(r.presence, { label: r.name + " by " + D.binKind })
          : el("span", { class: "bar", style: "width:" + (8 * r.mentions / maxN).toFixed(2) + "rem" })),
        el("div", { class: "people", role: "cell" }, who.map(function (c, i) {
          return [i ? ", " : "", el("button", { type: "button", class: "link-button", text: c.name, onclick: function (ev) { openPanel(c.id, ev.currentTarget); } })];
        }))]);
    });
    document.getElementById(plotId).appendChild(grid);
  }

  // ---- navigation and start -----------------------------------------------------------------
  function safely(f) { try { f(); } catch (e) { if (window.console) console.error(e); } }
  renderCast();
  safely(renderPresence);
  safely(renderNetwork);
  safely(renderTimeline);
  safely(function () { renderPlaces("places", "places-plot", 25); });
  safely(function () { renderPlaces("organisations", "organisations-plot", 15); });
  var nav = document.getElementById("nav");
  ["cast", "presence", "network", "timeline", "places", "organisations"].forEach(function (id) {
    var s = document.getElementById(id);
    if (s && !s.hidden) nav.appendChild(el("a", { href: "#" + id, text: s.querySelector("h2").textContent }));
  });
  var wanted = decodeURIComponent(location.hash.slice(1));
  if (byId.has(wanted)) openPanel(wanted, null);
  document.documentElement.setAttribute("data-ready", "1");
})();

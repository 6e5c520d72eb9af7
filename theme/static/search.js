/* minsheng search client: exact substring search over a sharded positional bigram index.
   Index format: docs/search.md. No framework, no build step. */
(function () {
  "use strict";
  var app = document.getElementById("search-app");
  if (!app || !window.fetch) return;
  var BASE = app.getAttribute("data-base") || "/";
  var ROOT = BASE + "search/";
  var L = JSON.parse(app.getAttribute("data-labels") || "{}");
  var PAGE = 20;
  var FACETS = ["district", "year", "category", "status", "dept"];
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var B64I = {};
  for (var i = 0; i < 64; i++) B64I[B64.charAt(i)] = i;

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var countEl = document.getElementById("search-count");
  var resultsEl = document.getElementById("search-results");
  var pagesEl = document.getElementById("search-pages");
  var facetsEl = document.getElementById("search-facets");
  var cache = {};
  var meta = null;
  var run = 0;

  function getJSON(path) {
    if (!cache[path]) {
      cache[path] = fetch(ROOT + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function varints(s) {
    var out = [], value = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = B64I[s.charAt(i)];
      value += (d & 31) * Math.pow(2, shift);
      if (d & 32) shift += 5; else { out.push(value); value = 0; shift = 0; }
    }
    return out;
  }

  function fnv(gram) {
    var h = 0x811c9dc5;
    for (var k = 0; k < gram.length; k++) {
      h ^= gram[k].codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  var t2s = null;
  function normalize(text) {
    var s = text.normalize("NFKC").toLowerCase();
    if (t2s) {
      var out = "";
      for (var ch of s) out += t2s[ch] || ch;
      s = out;
    }
    return s.replace(/\s+/g, "");
  }

  function loadMeta() {
    if (meta) return Promise.resolve(meta);
    return getJSON("meta.json").then(function (m) {
      if (meta) return meta;
      var chars = Array.from(m.t2s);
      t2s = {};
      for (var i = 0; i + 1 < chars.length; i += 2) t2s[chars[i]] = chars[i + 1];
      m.docPlan = new Int32Array(m.docs);
      var d = 0;
      m.plans.forEach(function (p, pi) {
        for (var k = 0; k < p[2]; k++) m.docPlan[d++] = pi;
      });
      m.docCat = null;
      m.districtIndex = {};
      m.districts.forEach(function (x, i) { m.districtIndex[x[0]] = i; });
      m.categoryIndex = {};
      m.categories.forEach(function (x, i) { m.categoryIndex[x[0]] = i; });
      m.statusIndex = {};
      m.statuses.forEach(function (x, i) { m.statusIndex[x[0]] = i; });
      meta = m;
      return m;
    });
  }

  /* Category, status and overdue per document: needed for those facets and their counts. */
  function loadFacets() {
    if (meta.docCat) return Promise.resolve(meta);
    return getJSON("facets.json").then(function (f) {
      if (meta.docCat) return meta;
      var cs = varints(f.cs), ns = meta.statuses.length, n = meta.docs;
      var cat = new Int32Array(n), status = new Int32Array(n), overdue = new Uint8Array(n);
      for (var j = 0; j < n; j++) {
        var v = cs[j];
        overdue[j] = v & 1;
        v = (v - (v & 1)) / 2;
        status[j] = v % ns;
        cat[j] = (v - (v % ns)) / ns;
      }
      meta.docStatus = status;
      meta.docOverdue = overdue;
      meta.docCat = cat;
      return meta;
    });
  }

  function shardPath(gram) {
    var n = meta.shards, w = String(n - 1).length;
    var s = String(fnv(Array.from(gram)) % n);
    while (s.length < w) s = "0" + s;
    return "g/" + s + ".json";
  }

  function postings(gram) {
    return getJSON(shardPath(gram)).then(function (shard) {
      return Object.prototype.hasOwnProperty.call(shard, gram) ? shard[gram] : "";
    });
  }

  /* doc -> in title (bool) for every document containing the term. */
  function matchTerm(term) {
    var cps = Array.from(term);
    if (cps.length === 1) {
      return postings(term).then(function (enc) {
        var out = new Map(), doc = -1, nums = varints(enc);
        for (var i = 0; i < nums.length; i++) {
          doc += Math.floor(nums[i] / 2) + 1;
          out.set(doc, (nums[i] & 1) === 1);
        }
        return out;
      });
    }
    var offsets = [];
    for (var o = 0; o + 2 <= cps.length; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1] !== cps.length - 2) offsets.push(cps.length - 2);
    return Promise.all(offsets.map(function (off) {
      return postings(cps[off] + cps[off + 1]);
    })).then(function (encs) {
      var lists = encs.map(decodeBigram);
      var out = new Map();
      var first = lists[0];
      first.forEach(function (entry, doc) {
        var p, title = false, found = false;
        for (var k = 0; k < entry.pos.length; k++) {
          p = entry.pos[k];
          var ok = true;
          for (var j = 1; j < lists.length && ok; j++) {
            var other = lists[j].get(doc);
            ok = !!other && other.pos.indexOf(p + offsets[j]) >= 0;
          }
          if (ok) {
            found = true;
            if (k < entry.nt) { title = true; break; }
          }
        }
        if (found) out.set(doc, title);
      });
      return out;
    });
  }

  function decodeBigram(enc) {
    var nums = varints(enc), out = new Map(), i = 0, doc = -1;
    while (i < nums.length) {
      doc += nums[i] + 1;
      var nt = nums[i + 1], n = nt + nums[i + 2], pos = new Array(n), last = -1;
      i += 3;
      for (var k = 0; k < n; k++) { last += nums[i++] + 1; pos[k] = last; }
      out.set(doc, { pos: pos, nt: nt });
    }
    return out;
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var st = { q: params.get("q") || "", page: Math.max(1, parseInt(params.get("page"), 10) || 1) };
    FACETS.forEach(function (f) { st[f] = params.get(f) || ""; });
    return st;
  }

  function stateURL(st) {
    var params = new URLSearchParams();
    if (st.q) params.set("q", st.q);
    FACETS.forEach(function (f) { if (st[f]) params.set(f, st[f]); });
    if (st.page > 1) params.set("page", String(st.page));
    var qs = params.toString();
    return location.pathname + (qs ? "?" + qs : "");
  }

  function terms(q) {
    var seen = {}, out = [];
    q.normalize("NFKC").split(/\s+/).forEach(function (raw) {
      var t = normalize(raw);
      if (t && !seen[t]) { seen[t] = true; out.push(t); }
    });
    return out;
  }

  /* Ranked query matches: [{doc, tier}] before facets. */
  function query(ts) {
    if (!ts.length) {
      var all = [];
      for (var d = 0; d < meta.docs; d++) all.push({ doc: d, tier: 0 });
      return Promise.resolve(all);
    }
    var phrase = ts.join("");
    var jobs = ts.map(matchTerm);
    if (ts.length > 1) jobs.push(matchTerm(phrase));
    return Promise.all(jobs).then(function (maps) {
      var termMaps = maps.slice(0, ts.length);
      var phraseMap = ts.length > 1 ? maps[ts.length] : maps[0];
      termMaps.sort(function (a, b) { return a.size - b.size; });
      var out = [];
      termMaps[0].forEach(function (t0, doc) {
        var allTitle = t0;
        for (var j = 1; j < termMaps.length; j++) {
          if (!termMaps[j].has(doc)) return;
          allTitle = allTitle && termMaps[j].get(doc);
        }
        var ph = phraseMap.get(doc);
        var tier = ph === true ? 0 : allTitle ? 1 : ph === false ? 2 : 3;
        out.push({ doc: doc, tier: tier });
      });
      out.sort(function (a, b) { return a.tier - b.tier || a.doc - b.doc; });
      return out;
    });
  }

  function deptData(st) {
    var district = st.district || (st.dept ? st.dept.split("/")[0] : "");
    var di = meta.districtIndex[district];
    if (di === undefined || !meta.districts[di][2]) return Promise.resolve(null);
    return getJSON("dept/" + district + ".json").then(function (data) {
      if (!data.byDoc) {
        var nums = varints(data.docs), byDoc = new Map(), i = 0, doc = -1;
        while (i < nums.length) {
          doc += nums[i] + 1;
          var n = nums[i + 1];
          byDoc.set(doc, nums.slice(i + 2, i + 2 + n).map(function (k) { return data.depts[k][0]; }));
          i += 2 + n;
        }
        data.byDoc = byDoc;
        data.district = district;
      }
      return data;
    });
  }

  function facetValues(doc, depts) {
    var plan = meta.plans[meta.docPlan[doc]];
    var st = meta.docCat ? meta.statuses[meta.docStatus[doc]][0] : null;
    return {
      district: [meta.districts[plan[0]][0]],
      year: [String(plan[1])],
      category: meta.docCat ? [meta.categories[meta.docCat[doc]][0]] : [],
      status: !st ? [] : meta.docOverdue[doc] ? [st, "overdue"] : [st],
      dept: depts ? (depts.byDoc.get(doc) || []).map(function (s) { return depts.district + "/" + s; }) : [],
    };
  }

  function filterAndCount(matches, st, depts) {
    var active = FACETS.filter(function (f) { return st[f]; });
    var counts = {};
    FACETS.forEach(function (f) { counts[f] = new Map(); });
    var kept = [];
    matches.forEach(function (m) {
      var vals = facetValues(m.doc, depts);
      var fails = [];
      for (var i = 0; i < active.length; i++) {
        if (vals[active[i]].indexOf(st[active[i]]) < 0) fails.push(active[i]);
      }
      if (!fails.length) kept.push(m);
      if (fails.length > 1) return;
      FACETS.forEach(function (f) {
        if (fails.length && fails[0] !== f) return;
        vals[f].forEach(function (v) { counts[f].set(v, (counts[f].get(v) || 0) + 1); });
      });
    });
    return { kept: kept, counts: counts };
  }

  function facetLabel(f, v, depts) {
    if (f === "district") { var d = meta.districts[meta.districtIndex[v]]; return d ? d[1] : v; }
    if (f === "category") { var c = meta.categories[meta.categoryIndex[v]]; return c ? c[1] : v; }
    if (f === "status") {
      if (v === "overdue") return meta.overdue[0];
      var s = meta.statuses[meta.statusIndex[v]]; return s ? s[1] : v;
    }
    if (f === "dept" && depts) {
      var slug = v.split("/")[1];
      for (var i = 0; i < depts.depts.length; i++) if (depts.depts[i][0] === slug) return depts.depts[i][1];
    }
    return v;
  }

  function renderFacets(st, counts, depts) {
    facetsEl.hidden = false;
    FACETS.forEach(function (f) {
      var select = document.getElementById("facet-" + f);
      var entries = Array.from(counts[f].entries());
      if (f === "year") entries.sort(function (a, b) { return b[0] < a[0] ? -1 : b[0] > a[0] ? 1 : 0; });
      else if (f === "status") {
        var order = meta.statuses.map(function (s) { return s[0]; }).concat(["overdue"]);
        entries.sort(function (a, b) { return order.indexOf(a[0]) - order.indexOf(b[0]); });
      } else entries.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      if (st[f] && !counts[f].has(st[f])) entries.unshift([st[f], 0]);
      var html = '<option value="">' + esc(L.any) + "</option>";
      entries.forEach(function (e) {
        html += '<option value="' + esc(e[0]) + '"' + (e[0] === st[f] ? " selected" : "") + ">" +
          esc(facetLabel(f, e[0], depts)) + " (" + e[1] + ")</option>";
      });
      select.innerHTML = html;
      select.parentNode.hidden = f === "dept" && !depts;
    });
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function highlight(title, ts) {
    var chars = Array.from(title), norm = [], owner = [];
    chars.forEach(function (ch, i) {
      Array.from(normalize(ch)).forEach(function (n) { norm.push(n); owner.push(i); });
    });
    var flat = norm.join(""), marked = new Uint8Array(chars.length);
    ts.forEach(function (t) {
      var tl = Array.from(t).length, from = 0, at;
      while (t && (at = flat.indexOf(t, from)) >= 0) {
        var start = Array.from(flat.slice(0, at)).length;
        for (var k = start; k < start + tl; k++) marked[owner[k]] = 1;
        from = at + 1;
      }
    });
    var html = "", open = false;
    chars.forEach(function (ch, i) {
      if (marked[i] && !open) { html += "<mark>"; open = true; }
      if (!marked[i] && open) { html += "</mark>"; open = false; }
      html += esc(ch);
    });
    return html + (open ? "</mark>" : "");
  }

  function statusBadges(doc) {
    if (!meta.docCat) return "";
    var status = meta.statuses[meta.docStatus[doc]];
    return '<span class="badge status-' + esc(status[0]) + '"><span aria-hidden="true">' +
      esc(status[2]) + "</span> " + esc(status[1]) + "</span>" +
      (meta.docOverdue[doc] ? ' <span class="badge overdue"><span aria-hidden="true">' + esc(meta.overdue[1]) +
        "</span> " + esc(meta.overdue[0]) + "</span>" : "") + " ";
  }

  function renderResults(rows, ts) {
    if (!rows.length) { resultsEl.innerHTML = ""; return; }
    var html = '<ol class="commitments search-list">';
    rows.forEach(function (r) {
      var plan = meta.plans[meta.docPlan[r.doc]];
      var district = meta.districts[plan[0]];
      var planRef = r.plan; /* [id, title] */
      var rec = r.rec; /* [no, title, lead, deadline] */
      var id = planRef[0] + "/" + rec[0];
      html += '<li class="commitment" data-id="' + esc(id) + '">' +
        '<h2 class="commitment-title"><a href="' + esc(BASE + "plans/" + planRef[0] + "/" + rec[0] + "/") + '">' +
        '<span class="no">' + rec[0] + ".</span> " + highlight(rec[1], ts) + "</a></h2>" +
        '<div class="commitment-meta">' + statusBadges(r.doc) +
        "<span>" + esc(district[1]) + " · " + plan[1] + " " + esc(planRef[1]) + "</span></div>" +
        '<dl class="facts">' +
        (rec[2] ? "<div><dt>" + esc(L.lead) + "</dt><dd>" + esc(rec[2]) + "</dd></div>" : "") +
        "<div><dt>" + esc(L.deadline) + "</dt><dd>" + esc(rec[3]) + "</dd></div></dl></li>";
    });
    resultsEl.innerHTML = html + "</ol>";
  }

  function renderPages(st, total) {
    var last = Math.max(1, Math.ceil(total / PAGE));
    if (last === 1) { pagesEl.hidden = true; pagesEl.innerHTML = ""; return; }
    var html = "";
    function link(p, text, rel) {
      var s = Object.assign({}, st, { page: p });
      return '<a href="' + esc(stateURL(s)) + '" data-page="' + p + '"' + (rel ? ' rel="' + rel + '"' : "") + ">" + text + "</a>";
    }
    if (st.page > 1) html += link(st.page - 1, "←", "prev") + " ";
    html += "<span>" + st.page + " / " + last + "</span>";
    if (st.page < last) html += " " + link(st.page + 1, "→", "next");
    pagesEl.innerHTML = html;
    pagesEl.hidden = false;
  }

  function search(st) {
    var mine = ++run;
    input.value = st.q;
    app.setAttribute("aria-busy", "true");
    countEl.textContent = L.loading;
    var ts;
    return loadMeta().then(function () {
      ts = terms(st.q);
      /* Status badges and the category/status facets need facets.json; results are shown
         without waiting for it unless the URL filters on them. */
      var facets = st.category || st.status ? loadFacets() : null;
      return Promise.all([query(ts), deptData(st), facets]);
    }).then(function (res) {
      var depts = res[1];
      var fc = filterAndCount(res[0], st, depts);
      var total = fc.kept.length;
      var page = Math.min(st.page, Math.max(1, Math.ceil(total / PAGE)));
      var shown = fc.kept.slice((page - 1) * PAGE, page * PAGE);
      var chunkIds = [];
      shown.forEach(function (m) {
        var c = Math.floor(m.doc / meta.chunk);
        if (chunkIds.indexOf(c) < 0) chunkIds.push(c);
      });
      return Promise.all(chunkIds.map(function (c) { return getJSON("docs/" + c + ".json"); })).then(function (chunks) {
        if (mine !== run) return;
        var t0 = performance.now();
        shown.forEach(function (m) {
          var c = Math.floor(m.doc / meta.chunk);
          var chunk = chunks[chunkIds.indexOf(c)];
          m.rec = chunk.rows[m.doc % meta.chunk];
          m.plan = chunk.plans[String(meta.docPlan[m.doc])];
        });
        renderFacets(st, fc.counts, depts);
        renderResults(shown, ts);
        renderPages(Object.assign({}, st, { page: page }), total);
        countEl.setAttribute("data-count", String(total));
        countEl.textContent = total ? L.count.replace("{n}", String(total)) : L.empty;
        app.removeAttribute("aria-busy");
        app.setAttribute("data-render-ms", (performance.now() - t0).toFixed(1));
        app.setAttribute("data-ready", String(mine));
        if (!meta.docCat) {
          return loadFacets().then(function () {
            if (mine !== run) return;
            var again = filterAndCount(res[0], st, depts);
            renderFacets(st, again.counts, depts);
            renderResults(shown, ts);
            app.setAttribute("data-facets", String(mine));
          });
        }
        app.setAttribute("data-facets", String(mine));
      });
    }).catch(function (err) {
      if (mine !== run) return;
      app.removeAttribute("aria-busy");
      countEl.textContent = String(err && err.message || err);
    });
  }

  function go(st) {
    history.pushState(null, "", stateURL(st));
    return search(st);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var st = readState();
    st.q = input.value.trim();
    st.page = 1;
    go(st);
  });
  FACETS.forEach(function (f) {
    document.getElementById("facet-" + f).addEventListener("change", function (e) {
      var st = readState();
      st[f] = e.target.value;
      if (f === "district" && st.dept && st.dept.split("/")[0] !== st.district) st.dept = "";
      st.page = 1;
      go(st);
    });
  });
  pagesEl.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-page]");
    if (!a) return;
    e.preventDefault();
    var st = readState();
    st.page = parseInt(a.getAttribute("data-page"), 10);
    go(st).then(function () {
      /* the activated link is replaced: keep keyboard focus at the new results */
      resultsEl.setAttribute("tabindex", "-1");
      resultsEl.focus();
    });
  });
  document.getElementById("search-clear").addEventListener("click", function (e) {
    e.preventDefault();
    go({ q: readState().q, page: 1, district: "", year: "", category: "", status: "", dept: "" });
  });
  window.addEventListener("popstate", function () { search(readState()); });
  search(readState());
})();

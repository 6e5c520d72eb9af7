/* minsheng search page: reads the URL, asks the index (search-index.js) and draws the
   results from the row <template> of search.html, the markup every list of commitments
   uses. Index format: docs/search.md. No framework, no build step. */

const app = document.getElementById("search-app");
const PAGE = 20;
const FEW = 3; /* fewer exact results than this: offer suggestions */
const FACETS = ["district", "year", "category", "status", "dept"];

async function main() {
  const { SearchIndex, query, fillURL } = await import(app.dataset.indexModule);
  const BASE = app.dataset.base || "/";
  const L = JSON.parse(app.dataset.labels || "{}");
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");
  const countEl = document.getElementById("search-count");
  const resultsEl = document.getElementById("search-results");
  const suggestionsEl = document.getElementById("search-suggestions");
  const pagesEl = document.getElementById("search-pages");
  const facetsEl = document.getElementById("search-facets");
  const rowTemplate = document.getElementById("search-row");
  let opening = null;
  let run = 0;

  const open = () => (opening ??= SearchIndex.open(BASE + "search/").catch((err) => { opening = null; throw err; }));
  input.addEventListener("focus", () => { open().catch(() => {}); }, { once: true });

  const readState = () => {
    const params = new URLSearchParams(location.search);
    const st = { q: params.get("q") || "", page: Math.max(1, parseInt(params.get("page"), 10) || 1) };
    for (const f of FACETS) st[f] = params.get(f) || "";
    return st;
  };

  const stateURL = (st) => {
    const params = new URLSearchParams();
    if (st.q) params.set("q", st.q);
    for (const f of FACETS) if (st[f]) params.set(f, st[f]);
    if (st.page > 1) params.set("page", String(st.page));
    const qs = params.toString();
    return location.pathname + (qs ? "?" + qs : "");
  };

  const link = (href, text, attrs = {}) => {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    for (const [k, v] of Object.entries(attrs)) a.setAttribute(k, v);
    return a;
  };

  const facetValues = (index, doc, depts) => {
    const plan = index.meta.plans[index.docPlan[doc]];
    const status = index.docCat ? index.meta.statuses[index.docStatus[doc]][0] : null;
    return {
      district: [index.meta.districts[plan[0]][0]],
      year: [String(plan[1])],
      category: index.docCat ? [index.meta.categories[index.docCat[doc]][0]] : [],
      status: !status ? [] : index.docOverdue[doc] ? [status, "overdue"] : [status],
      dept: depts ? (depts.byDoc.get(doc) || []).map((s) => depts.district + "/" + s) : [],
    };
  };

  /* The matches passing every facet, and for each facet the counts with the others applied. */
  const filterAndCount = (index, matches, st, depts) => {
    const active = FACETS.filter((f) => st[f]);
    const counts = Object.fromEntries(FACETS.map((f) => [f, new Map()]));
    const kept = [];
    for (const m of matches) {
      const vals = facetValues(index, m.doc, depts);
      const fails = active.filter((f) => !vals[f].includes(st[f]));
      if (!fails.length) kept.push(m);
      if (fails.length > 1) continue;
      for (const f of FACETS) {
        if (fails.length && fails[0] !== f) continue;
        for (const v of vals[f]) counts[f].set(v, (counts[f].get(v) || 0) + 1);
      }
    }
    return { kept, counts };
  };

  const facetLabel = (index, f, v, depts) => {
    const m = index.meta;
    if (f === "district") { const d = m.districts[index.districtIndex.get(v)]; return d ? d[1] : v; }
    if (f === "category") { const c = m.categories[index.categoryIndex.get(v)]; return c ? c[1] : v; }
    if (f === "status") {
      if (v === "overdue") return m.overdue[0];
      const s = m.statuses[index.statusIndex.get(v)];
      return s ? s[1] : v;
    }
    if (f === "dept" && depts) {
      const found = depts.depts.find((d) => d[0] === v.split("/")[1]);
      if (found) return found[1];
    }
    return v;
  };

  const renderFacets = (index, st, counts, depts) => {
    facetsEl.hidden = false;
    const statusOrder = [...index.meta.statuses.map((s) => s[0]), "overdue"];
    for (const f of FACETS) {
      const select = document.getElementById("facet-" + f);
      const entries = [...counts[f].entries()];
      if (f === "year") entries.sort((a, b) => (b[0] < a[0] ? -1 : b[0] > a[0] ? 1 : 0));
      else if (f === "status") entries.sort((a, b) => statusOrder.indexOf(a[0]) - statusOrder.indexOf(b[0]));
      else entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (st[f] && !counts[f].has(st[f])) entries.unshift([st[f], 0]);
      const options = [new Option(L.any, "")];
      for (const [value, n] of entries) {
        options.push(new Option(facetLabel(index, f, value, depts) + " (" + n + ")", value, false, value === st[f]));
      }
      select.replaceChildren(...options);
      select.parentNode.hidden = f === "dept" && !depts;
    }
  };

  /* Text with every occurrence of the marked strings in <mark>, as DOM nodes (never HTML). */
  const highlighted = (index, text, marks, from = 0, to = Infinity) => {
    const chars = Array.from(text), norm = [], owner = [];
    chars.forEach((ch, i) => { for (const n of Array.from(index.normalize(ch))) { norm.push(n); owner.push(i); } });
    const marked = new Uint8Array(chars.length);
    for (const t of marks) {
      const tl = Array.from(t);
      for (let at = 0; at + tl.length <= norm.length; at++) {
        let ok = true;
        for (let k = 0; k < tl.length && ok; k++) ok = norm[at + k] === tl[k];
        if (ok) for (let k = 0; k < tl.length; k++) marked[owner[at + k]] = 1;
      }
    }
    const nodes = [];
    let run = "", open = false;
    const flush = () => {
      if (!run) return;
      if (open) { const m = document.createElement("mark"); m.textContent = run; nodes.push(m); }
      else nodes.push(document.createTextNode(run));
      run = "";
    };
    for (let i = Math.max(0, from); i < Math.min(chars.length, to); i++) {
      if (!!marked[i] !== open) { flush(); open = !!marked[i]; }
      run += chars[i];
    }
    flush();
    return { nodes, marked };
  };

  /* The passage of the text around its first highlighted character. */
  const snippet = (index, text, marks) => {
    if (!text) return null;
    const { marked } = highlighted(index, text, marks);
    const first = marked.indexOf(1);
    if (first < 0) return null;
    const chars = Array.from(text), from = Math.max(0, first - 20), to = Math.min(chars.length, first + 60);
    const p = document.createElement("p");
    p.className = "search-snippet";
    p.append(from > 0 ? "…" : "", ...highlighted(index, text, marks, from, to).nodes, to < chars.length ? "…" : "");
    return p;
  };

  const badge = (cls, text) => {
    const span = document.createElement("span");
    span.className = "badge " + cls;
    span.textContent = text;
    return span;
  };

  const renderRow = (index, r, marks) => {
    const m = index.meta;
    const plan = m.plans[index.docPlan[r.doc]], district = m.districts[plan[0]];
    const [planId, planTitle] = r.plan, [no, title, lead, deadline, text] = r.rec;
    const li = rowTemplate.content.firstElementChild.cloneNode(true);
    li.dataset.id = planId + "/" + no;
    li.dataset.tier = r.tier;
    if (r.via) li.dataset.via = r.via;
    const a = li.querySelector(".commitment-title a");
    a.href = BASE + fillURL(m.urls.commitment, { plan: planId, no });
    a.querySelector(".no").textContent = no + ".";
    a.replaceChildren(a.querySelector(".no"), " ", ...highlighted(index, title, marks).nodes);
    const metaEl = li.querySelector(".commitment-meta");
    const status = li.querySelector(".badge[class*='status-']"), overdue = li.querySelector(".badge.overdue");
    if (index.docCat) {
      const s = m.statuses[index.docStatus[r.doc]];
      status.className = "badge status-" + s[0];
      status.replaceChildren(status.firstElementChild, " " + s[1]);
      status.firstElementChild.textContent = s[2];
      if (index.docOverdue[r.doc]) overdue.lastChild.textContent = " " + m.overdue[0];
      else overdue.remove();
    } else {
      status.remove();
      overdue.remove();
    }
    const [districtLink, planLink] = metaEl.querySelectorAll("a");
    districtLink.href = BASE + fillURL(m.urls.district, { district: district[0] });
    districtLink.textContent = district[1];
    planLink.href = BASE + fillURL(m.urls.plan, { plan: planId });
    // a plan title that names its year (2017年…) is not preceded by it again; an unverified
    // plan shows its year_text instead of a year
    const yearText = plan[3] || String(plan[1]);
    planLink.textContent = planTitle.indexOf(yearText) >= 0 ? planTitle : yearText + " " + planTitle;
    const unverified = li.querySelector(".badge.unverified");
    if (plan[3] === undefined) unverified.remove();
    else unverified.textContent = m.unverified;
    if (r.tier !== "exact") metaEl.append(" ", badge("match match-" + r.tier, L["tier_" + r.tier]));
    if (r.via) metaEl.append(" ", badge("match match-" + r.via, L["via_" + r.via]));
    const facts = li.querySelectorAll(".facts > div");
    if (lead) facts[0].querySelector("dd").textContent = lead;
    else facts[0].remove();
    facts[facts.length - 1].querySelector("dd").textContent = deadline;
    const passage = snippet(index, text, marks);
    if (passage) metaEl.after(passage);
    return li;
  };

  const renderResults = (index, rows, marks) => {
    if (!rows.length) { resultsEl.replaceChildren(); return; }
    const list = document.createElement("ol");
    list.className = "commitments search-list";
    list.append(...rows.map((r) => renderRow(index, r, marks)));
    resultsEl.replaceChildren(list);
  };

  const renderPages = (st, total) => {
    const last = Math.max(1, Math.ceil(total / PAGE));
    if (last === 1) { pagesEl.hidden = true; pagesEl.replaceChildren(); return; }
    const nodes = [];
    const to = (p, text, rel) => link(stateURL({ ...st, page: p }), text, { "data-page": String(p), rel });
    if (st.page > 1) nodes.push(to(st.page - 1, "←", "prev"), " ");
    const here = document.createElement("span");
    here.textContent = st.page + " / " + last;
    nodes.push(here);
    if (st.page < last) nodes.push(" ", to(st.page + 1, "→", "next"));
    pagesEl.replaceChildren(...nodes);
    pagesEl.hidden = false;
  };

  const renderSuggestions = (index, st, found, exact) => {
    const items = [];
    const line = (label, links) => {
      const p = document.createElement("p");
      p.append(label, " ");
      links.forEach((a, i) => p.append(...(i ? ["、", a] : [a])));
      items.push(p);
    };
    const m = index.meta;
    for (const s of found.synonyms) {
      if (s.kind === "department") {
        const links = s.places.slice(0, 8).map(([district, slug]) => {
          const d = m.districts[index.districtIndex.get(district)];
          return link(BASE + fillURL(m.urls.department, { district, department: slug }), s.label + (s.places.length > 1 ? L.aside.replace("{text}", d[1]) : ""));
        });
        line(L.suggest_department, links);
      } else {
        line(L.suggest_category, [link(BASE + fillURL(m.urls.category, { category: s.slug }), s.label)]);
      }
    }
    if (exact < FEW && st.q) {
      if (found.split) line(L.suggest_split, [link(stateURL({ ...st, q: found.split.join(" "), page: 1 }), found.split.join(" "))]);
      const words = st.q.trim().split(/\s+/);
      if (words.length > 1) {
        line(L.suggest_fewer, words.map((w, i) => link(stateURL({ ...st, q: words.filter((_, j) => j !== i).join(" "), page: 1 }), "−" + w)));
      } else if (!found.results.length) {
        const p = document.createElement("p");
        p.textContent = L.suggest_shorter;
        items.push(p);
      }
    }
    suggestionsEl.replaceChildren(...items);
    suggestionsEl.hidden = !items.length;
  };

  const search = async (st) => {
    const mine = ++run;
    input.value = st.q;
    app.setAttribute("aria-busy", "true");
    countEl.textContent = L.loading;
    try {
      const index = await open();
      const district = st.district || (st.dept ? st.dept.split("/")[0] : "");
      /* status badges and facet counts need facets.json: asked for at once, awaited
         before the results only when the URL filters on them */
      const facets = index.facets();
      const [found, depts] = await Promise.all([
        query(index, st.q),
        index.departments(district),
        st.category || st.status ? facets : null,
      ]);
      const fc = filterAndCount(index, found.results, st, depts);
      const total = fc.kept.length;
      const exact = fc.kept.filter((r) => r.tier === "exact").length;
      const page = Math.min(st.page, Math.max(1, Math.ceil(total / PAGE)));
      const shown = fc.kept.slice((page - 1) * PAGE, page * PAGE);
      const rows = await index.rows(shown.map((r) => r.doc));
      if (mine !== run) return;
      const t0 = performance.now();
      rows.forEach((row, i) => Object.assign(row, shown[i]));
      const draw = () => {
        renderFacets(index, st, filterAndCount(index, found.results, st, depts).counts, depts);
        renderResults(index, rows, found.marks);
      };
      draw();
      renderSuggestions(index, st, found, exact);
      renderPages({ ...st, page }, total);
      countEl.dataset.count = String(exact);
      countEl.dataset.total = String(total);
      countEl.textContent = exact ? L.count.replace("{n}", String(exact)) : L.empty;
      if (total > exact) countEl.textContent += " " + L.more.replace("{n}", String(total - exact));
      app.removeAttribute("aria-busy");
      app.dataset.renderMs = (performance.now() - t0).toFixed(1);
      app.dataset.ready = String(mine);
      await facets;
      if (mine !== run) return;
      draw();
      app.dataset.facets = String(mine);
    } catch (err) {
      if (mine !== run) return;
      app.removeAttribute("aria-busy");
      countEl.textContent = String((err && err.message) || err);
    }
  };

  const go = (st) => {
    history.pushState(null, "", stateURL(st));
    return search(st);
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go({ ...readState(), q: input.value.trim(), page: 1 });
  });
  for (const f of FACETS) {
    document.getElementById("facet-" + f).addEventListener("change", (e) => {
      const st = { ...readState(), [f]: e.target.value, page: 1 };
      if (f === "district" && st.dept && st.dept.split("/")[0] !== st.district) st.dept = "";
      go(st);
    });
  }
  const followLink = (e, patch) => {
    e.preventDefault();
    return go({ ...readState(), ...patch });
  };
  pagesEl.addEventListener("click", async (e) => {
    const a = e.target.closest("a[data-page]");
    if (!a) return;
    await followLink(e, { page: parseInt(a.dataset.page, 10) });
    /* the activated link is replaced: keep keyboard focus at the new results */
    resultsEl.setAttribute("tabindex", "-1");
    resultsEl.focus();
  });
  suggestionsEl.addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (!a || a.pathname !== location.pathname) return;
    followLink(e, { q: new URL(a.href).searchParams.get("q") || "", page: 1 });
  });
  document.getElementById("search-clear").addEventListener("click", (e) => {
    e.preventDefault();
    go({ q: readState().q, page: 1, district: "", year: "", category: "", status: "", dept: "" });
  });
  window.addEventListener("popstate", () => search(readState()));
  search(readState());
}

if (app && window.fetch) main();

/* minsheng search index: reads the files of docs/search.md and answers queries.
   No DOM here: search.js draws the page. */

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64I = new Map(Array.from(B64, (ch, i) => [ch, i]));

export function varints(s) {
  const out = [];
  let value = 0, shift = 0;
  for (const ch of s) {
    const d = B64I.get(ch);
    value += (d & 31) * 2 ** shift;
    if (d & 32) shift += 5; else { out.push(value); value = 0; shift = 0; }
  }
  return out;
}

function fnv(gram) {
  let h = 0x811c9dc5;
  for (const ch of gram) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function decodeBigram(enc) {
  const nums = varints(enc), out = new Map();
  let i = 0, doc = -1;
  while (i < nums.length) {
    doc += nums[i] + 1;
    const nt = nums[i + 1], n = nt + nums[i + 2], pos = new Array(n);
    let last = -1;
    i += 3;
    for (let k = 0; k < n; k++) { last += nums[i++] + 1; pos[k] = last; }
    out.set(doc, { pos, set: new Set(pos), nt });
  }
  return out;
}

function decodeUnigram(enc) {
  const out = new Map();
  let doc = -1;
  for (const n of varints(enc)) {
    doc += Math.floor(n / 2) + 1;
    out.set(doc, { pos: [], set: new Set(), nt: n & 1 });
  }
  return out;
}

/* Fill a URL pattern of meta.urls ("plans/{plan}/{no}/"). */
export function fillURL(pattern, values) {
  return pattern.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(values[k]));
}

export class SearchIndex {
  constructor(root, meta) {
    this.root = root;
    this.meta = meta;
    this.cache = new Map();
    this.t2s = new Map();
    const chars = Array.from(meta.t2s);
    for (let i = 0; i + 1 < chars.length; i += 2) this.t2s.set(chars[i], chars[i + 1]);
    this.docPlan = new Int32Array(meta.docs);
    let d = 0;
    meta.plans.forEach((p, pi) => { for (let k = 0; k < p[2]; k++) this.docPlan[d++] = pi; });
    this.districtIndex = new Map(meta.districts.map((x, i) => [x[0], i]));
    this.categoryIndex = new Map(meta.categories.map((x, i) => [x[0], i]));
    this.statusIndex = new Map(meta.statuses.map((x, i) => [x[0], i]));
    this.docCat = null;
    this.decoded = new Map();
    if (meta.single) {
      this.planStart = new Int32Array(meta.plans.length);
      let s = 0;
      meta.plans.forEach((p, pi) => { this.planStart[pi] = s; s += p[2]; });
      this.readFacets(meta.cs);
    }
  }

  static async open(root, fetcher = (url) => fetch(url)) {
    const response = await fetcher(root + "meta.json");
    if (!response.ok) throw new Error("meta.json: HTTP " + response.status);
    const index = new SearchIndex(root, await response.json());
    index.fetcher = fetcher;
    return index;
  }

  json(path) {
    if (!this.cache.has(path)) {
      const promise = this.fetcher(this.root + path).then((r) => {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      });
      promise.catch(() => this.cache.delete(path));
      this.cache.set(path, promise);
    }
    return this.cache.get(path);
  }

  normalize(text) {
    let s = text.normalize("NFKC").toLowerCase();
    if (this.t2s.size) s = Array.from(s, (ch) => this.t2s.get(ch) || ch).join("");
    return s.replace(/\s+/g, "");
  }

  terms(q) {
    return [...new Set(q.normalize("NFKC").split(/\s+/).map((t) => this.normalize(t)).filter(Boolean))];
  }

  shardPath(gram) {
    const n = this.meta.shards, w = String(n - 1).length;
    return "g/" + String(fnv(gram) % n).padStart(w, "0") + ".json";
  }

  /* gram -> Map(doc -> {pos, set, nt}); every shard needed is fetched at once. */
  async postings(grams) {
    const wanted = [...new Set(grams)].filter((g) => !this.decoded.has(g));
    const shards = this.meta.single ? null : await Promise.all(wanted.map((g) => this.json(this.shardPath(g))));
    wanted.forEach((g, i) => {
      const table = shards ? shards[i] : this.meta.g;
      const enc = Object.prototype.hasOwnProperty.call(table, g) ? table[g] : "";
      this.decoded.set(g, Array.from(g).length === 1 ? decodeUnigram(enc) : decodeBigram(enc));
    });
    return new Map(grams.map((g) => [g, this.decoded.get(g)]));
  }

  readFacets(cs) {
    const nums = varints(cs), ns = this.meta.statuses.length, n = this.meta.docs;
    const cat = new Int32Array(n), status = new Int32Array(n), overdue = new Uint8Array(n);
    for (let j = 0; j < n; j++) {
      let v = nums[j];
      overdue[j] = v & 1;
      v = (v - (v & 1)) / 2;
      status[j] = v % ns;
      cat[j] = (v - (v % ns)) / ns;
    }
    this.docStatus = status;
    this.docOverdue = overdue;
    this.docCat = cat;
  }

  /* Category, status and overdue of every document (facets.json). */
  async facets() {
    if (!this.docCat) {
      const f = await this.json("facets.json");
      if (!this.docCat) this.readFacets(f.cs);
    }
    return this;
  }

  async pinyin() {
    return this.meta.single ? this.meta.pinyin : this.json("pinyin.json");
  }

  /* The department lists of one district's documents, or null. */
  async departments(district) {
    const di = this.districtIndex.get(district);
    if (di === undefined || !this.meta.districts[di][2]) return null;
    const data = this.meta.single ? this.meta.dept[district] : await this.json("dept/" + district + ".json");
    if (!data.byDoc) {
      const nums = varints(data.docs), byDoc = new Map();
      let i = 0, doc = -1;
      while (i < nums.length) {
        doc += nums[i] + 1;
        const n = nums[i + 1];
        byDoc.set(doc, nums.slice(i + 2, i + 2 + n).map((k) => data.depts[k][0]));
        i += 2 + n;
      }
      data.byDoc = byDoc;
      data.district = district;
    }
    return data;
  }

  /* {doc, plan: [id, title], rec: [no, title, lead, deadline, text]} per document asked for */
  async rows(docs) {
    const m = this.meta;
    if (m.single) {
      return docs.map((doc) => ({ doc, plan: m.refs[this.docPlan[doc]], rec: m.rows[doc] }));
    }
    const ids = [...new Set(docs.map((d) => Math.floor(d / m.chunk)))];
    const chunks = new Map(await Promise.all(ids.map(async (c) => [c, await this.json("docs/" + c + ".json")])));
    return docs.map((doc) => {
      const chunk = chunks.get(Math.floor(doc / m.chunk));
      return { doc, plan: chunk.plans[String(this.docPlan[doc])], rec: chunk.rows[doc % m.chunk] };
    });
  }

  /* Every department page and category a term names (synonyms from the content). */
  synonymsOf(term) {
    const out = [];
    const near = (form) => form === term ||
      (Array.from(term).length >= 2 && form.includes(term) && 3 * Array.from(term).length >= Array.from(form).length);
    for (const [label, forms, slug, districts] of this.meta.synonyms.d) {
      if (!forms.some(near)) continue;
      let di = -1;
      const places = varints(districts).map((gap) => (di += gap + 1));
      out.push({ kind: "department", label, forms, places: places.map((i) => [this.meta.districts[i][0], slug]) });
    }
    for (const [slug, label, forms] of this.meta.synonyms.c) {
      if (forms.includes(term)) out.push({ kind: "category", label, forms: forms.slice(0, 1), slug, byName: forms[0] === term });
    }
    return out;
  }
}

/* Where the term occurs in a document: 2 in the title, 1 elsewhere, 0 not at all. */
function occurs(lists, from, to, doc) {
  /* chars from..to (inclusive, to > from) via bigrams from..to-1 */
  const first = lists[from].get(doc);
  if (!first) return 0;
  let found = 0;
  for (let k = 0; k < first.pos.length; k++) {
    const p = first.pos[k];
    let ok = true;
    for (let j = from + 1; j < to && ok; j++) {
      const other = lists[j].get(doc);
      ok = !!other && other.set.has(p + j - from);
    }
    if (ok) {
      if (k < first.nt) return 2;
      found = 1;
    }
  }
  return found;
}

/* A term's fewest pieces of two or more characters, each found in the document, or null. */
function pieces(cps, lists, doc) {
  const n = cps.length, best = new Array(n + 1).fill(null);
  best[0] = { count: 0, cuts: [], title: true };
  for (let end = 2; end <= n; end++) {
    for (let start = 0; start + 2 <= end; start++) {
      const prev = best[start];
      if (!prev) continue;
      const where = occurs(lists, start, end - 1, doc);
      if (!where) continue;
      const cand = { count: prev.count + 1, cuts: [...prev.cuts, [start, end]], title: prev.title && where === 2 };
      const cur = best[end];
      if (!cur || cand.count < cur.count || (cand.count === cur.count && cand.title && !cur.title)) best[end] = cand;
    }
  }
  return best[n];
}

function bigramsOf(cps) {
  const out = [];
  for (let i = 0; i + 1 < cps.length; i++) out.push(cps[i] + cps[i + 1]);
  return out;
}

/* Documents containing the term exactly: doc -> in title. */
async function exactly(index, term) {
  const cps = Array.from(term);
  if (cps.length === 1) {
    const map = (await index.postings([term])).get(term);
    return new Map(Array.from(map, ([doc, e]) => [doc, e.nt === 1]));
  }
  const grams = bigramsOf(cps), got = await index.postings(grams), lists = grams.map((g) => got.get(g));
  const out = new Map();
  for (const doc of lists[0].keys()) {
    const where = occurs(lists, 0, cps.length - 1, doc);
    if (where) out.set(doc, where === 2);
  }
  return out;
}

/* Latin letters spelled as Chinese words: the most frequent chain of pinyin keys. */
async function fromPinyin(index, term) {
  if (!/^[a-z]{2,}$/.test(term)) return [];
  const table = await index.pinyin();
  const found = [];
  for (const kind of ["full", "initials"]) {
    const keys = table[kind], n = term.length, best = new Array(n + 1).fill(null);
    best[0] = [];
    for (let end = 1; end <= n; end++) {
      for (let start = Math.max(0, end - 24); start < end; start++) {
        const words = best[start] && keys[term.slice(start, end)];
        if (words && (!best[end] || best[start].length + 1 < best[end].length)) best[end] = [...best[start], words[0]];
      }
    }
    if (best[n]) found.push(best[n].join(""));
    if (kind === "full" && keys[term]) found.push(...keys[term]);
    if (kind === "initials" && keys[term]) found.push(...keys[term]);
  }
  return [...new Set(found)];
}

/* Ranked matches of a query, in tiers:
   exact   - every term (for an unspaced query: the phrase) occurs as typed;
   words   - every term occurs as pieces of two or more characters, in any order; or a
             synonym (department alias, category) or the pinyin of the query occurs;
   partial - at least two thirds of the query's bigrams occur.
   Returns {results: [{doc, tier, via, title, gaps, missing}], exact, terms, marks, split, synonyms}. */
export async function query(index, q) {
  const terms = index.terms(q);
  if (!terms.length) {
    const results = [];
    for (let d = 0; d < index.meta.docs; d++) results.push({ doc: d, tier: "exact", rank: 0 });
    return { results, exact: results.length, terms, marks: [], split: null, synonyms: [] };
  }
  const cpsOf = terms.map((t) => Array.from(t));
  const allGrams = cpsOf.flatMap((cps) => (cps.length === 1 ? [cps[0]] : bigramsOf(cps)));
  const phrase = terms.join("");
  const synonyms = terms.length === 1 ? index.synonymsOf(terms[0]) : [];
  const byCategory = synonyms.filter((s) => s.kind === "category" && s.byName);
  const [got, , pinyinWords] = await Promise.all([
    index.postings(allGrams.concat(terms.length > 1 ? bigramsOf(Array.from(phrase)) : [])),
    byCategory.length ? index.facets() : null,
    terms.length === 1 ? fromPinyin(index, terms[0]) : [],
  ]);
  const results = new Map();
  const marks = new Set(terms);

  /* exact: every term; ranked phrase-in-title, terms-in-title, phrase, scattered */
  const termMaps = await Promise.all(terms.map((t) => exactly(index, t)));
  const phraseMap = terms.length > 1 ? await exactly(index, phrase) : termMaps[0];
  const smallest = [...termMaps].sort((a, b) => a.size - b.size);
  for (const [doc, t0] of smallest[0]) {
    let allTitle = t0, every = true;
    for (const m of smallest.slice(1)) {
      if (!m.has(doc)) { every = false; break; }
      allTitle = allTitle && m.get(doc);
    }
    if (!every) continue;
    const ph = phraseMap.get(doc);
    results.set(doc, { doc, tier: "exact", rank: ph === true ? 0 : allTitle ? 1 : ph === false ? 2 : 3 });
  }
  const exact = results.size;

  /* words: each term in pieces */
  const lists = cpsOf.map((cps) => (cps.length === 1 ? null : bigramsOf(cps).map((g) => got.get(g))));
  const candidates = new Map(); /* doc -> how many of the query's grams it has */
  allGrams.forEach((g) => { for (const doc of got.get(g).keys()) candidates.set(doc, (candidates.get(doc) || 0) + 1); });
  let split = null;
  for (const [doc, have] of candidates) {
    if (results.has(doc)) continue;
    let gaps = 0, title = true, ok = true;
    const cuts = [];
    for (let t = 0; t < terms.length && ok; t++) {
      if (!lists[t]) { ok = got.get(terms[t]).has(doc); title = title && ok && got.get(terms[t]).get(doc).nt === 1; continue; }
      const best = pieces(cpsOf[t], lists[t], doc);
      if (!best) { ok = false; break; }
      gaps += best.count - 1;
      title = title && best.title;
      cuts.push(...best.cuts.map(([a, b]) => cpsOf[t].slice(a, b).join("")));
    }
    if (ok) {
      results.set(doc, { doc, tier: "words", rank: (title ? 0 : 1000) + gaps, gaps });
      cuts.forEach((c) => marks.add(c));
      if (!split || cuts.length < split.length) split = cuts;
    } else if (allGrams.length >= 2 && 3 * have >= 2 * allGrams.length) {
      const title = allGrams.some((g) => { const e = got.get(g).get(doc); return e && e.nt > 0; });
      results.set(doc, { doc, tier: "partial", rank: (allGrams.length - have) * 2 + (title ? 0 : 1) });
    }
  }
  if (!exact) allGrams.filter((g) => Array.from(g).length === 2).forEach((g) => marks.add(g));

  /* synonyms and pinyin: other words for the same thing, found exactly */
  const alternatives = [];
  for (const s of synonyms) {
    if (s.kind === "department") s.forms.filter((f) => !f.includes(terms[0])).forEach((f) => alternatives.push([f, "synonym"]));
  }
  pinyinWords.forEach((w) => alternatives.push([w, "pinyin"]));
  for (const [word, via] of alternatives) {
    const found = await exactly(index, word);
    if (found.size) marks.add(word);
    for (const [doc, inTitle] of found) {
      const had = results.get(doc);
      if (had && had.tier !== "partial") continue;
      results.set(doc, { doc, tier: "words", rank: inTitle ? 0 : 1000, via });
    }
  }
  for (const s of byCategory) {
    const ci = index.categoryIndex.get(s.slug);
    for (let doc = 0; doc < index.meta.docs; doc++) {
      const had = results.get(doc);
      if (index.docCat[doc] === ci && (!had || had.tier === "partial")) {
        results.set(doc, { doc, tier: "words", rank: 2000, via: "synonym" });
      }
    }
  }
  const order = { exact: 0, words: 1, partial: 2 };
  const ranked = [...results.values()].sort((a, b) => order[a.tier] - order[b.tier] || a.rank - b.rank || a.doc - b.doc);
  return { results: ranked, exact, terms, marks: [...marks], split: terms.length === 1 && split && split.length > 1 ? split : null, synonyms, pinyin: pinyinWords };
}

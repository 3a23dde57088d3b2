// Browser test of the try-it page (GET /), in Debian's headless chromium.
//
// Needs a running `attache serve` (tests/browser/run.sh starts one) and:
//   BASE_URL        the service, e.g. http://127.0.0.1:8080/
//   ARTIFACTS       where screenshots go (created)
//   API_KEY         set when the service was started with this API key
//   CHROMIUM        the browser binary (default /usr/bin/chromium)
//
// Four parts, each on a fresh page:
//   live     — the real service: paste the seed article, Analyze, and check
//              that what the page shows matches the JSON the service sent;
//              a real problem document; "copy as curl" run for real.
//   fixture  — /v1/analyze answered by fixtures/seed.full.json (every list
//              full) through request routing: highlights, tooltips, facts,
//              evidence on click, clutter toggle, raw JSON, keyboard.
//   edge     — synthetic answers: overlapping spans, markup in the article
//              (must stay text), astral characters, code-point offsets,
//              problem documents; then a narrow (phone) viewport.
//   archive  — the real service: the seed stored, the Archive view's pair
//              picker, timeline chart (uPlot) and facts with their links.
// Prints one line per check and exits 1 when any check fails.

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.BASE_URL || "http://127.0.0.1:8080/";
const OUT = process.env.ARTIFACTS || join(HERE, "..", "..", "target", "browser-artifacts");
const KEY = process.env.API_KEY || "";
const SEED = readFileSync(join(HERE, "fixtures", "seed.txt"), "utf8");
const FULL = JSON.parse(readFileSync(join(HERE, "fixtures", "seed.full.json"), "utf8"));
const STEP = 15000; // bound on any one wait
mkdirSync(OUT, { recursive: true });

let failures = 0;
function check(name, cond, detail) {
  if (cond) console.log(`ok   ${name}`);
  else { failures++; console.log(`FAIL ${name}${detail !== undefined ? ": " + JSON.stringify(detail).slice(0, 400) : ""}`); }
}
async function part(name, fn) {
  console.log(`# ${name}`);
  try { await fn(); } catch (e) { failures++; console.log(`FAIL ${name} aborted: ${e && e.stack || e}`); }
}

const watchdog = setTimeout(() => { console.log("FAIL the whole test ran over 150 s"); process.exit(1); }, 150000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  timeout: 30000,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const ctx = await browser.newContext({ viewport, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await ctx.newPage();
  page.setDefaultTimeout(STEP);
  page.on("pageerror", (e) => check(`no script error on the page`, false, String(e)));
  page.on("console", (m) => { if (m.type() === "error") console.log(`     (console error: ${m.text()})`); });
  return page;
}

/** Serves `answer` (or a function of the request body) for /v1/analyze. */
async function routeAnswer(page, answer, status = 200, headers = {}) {
  const seen = [];
  await page.route("**/v1/analyze", async (route) => {
    const req = route.request();
    seen.push({ headers: req.headers(), body: JSON.parse(req.postData() || "null") });
    const body = typeof answer === "function" ? answer(seen[seen.length - 1].body) : answer;
    await route.fulfill({
      status,
      headers: { "content-type": status < 400 ? "application/json" : "application/problem+json", ...headers },
      body: JSON.stringify(body),
    });
  });
  return seen;
}

async function analyze(page, text) {
  await page.fill("#article", text);
  await page.click("#analyze");
}

/** The article view's text without the clutter markers (which only have CSS content). */
const viewText = (page) => page.$eval("#article-view", (v) => v.textContent);

/**
 * For each entity id, the text of every highlighted mention in mention order,
 * rebuilt from its pieces (a mention crossing a quote or another mention is
 * split into several elements sharing one data-m).
 */
const mentionTexts = (page) => page.$eval("#article-view", (v) => {
  const parts = {};
  const walker = document.createTreeWalker(v, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let el = n.parentElement; el && el !== v; el = el.parentElement) {
      if (el.dataset.m) parts[el.dataset.m] = (parts[el.dataset.m] || "") + n.data;
    }
  }
  const out = {};
  const keys = Object.keys(parts).sort((x, y) => Number(x.split(":")[1]) - Number(y.split(":")[1]));
  for (const k of keys) (out[k.split(":")[0]] = out[k.split(":")[0]] || []).push(parts[k]);
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
});

/** Waits (up to 3 s, for smooth scrolling) until the first element matching `sel` is in the viewport. */
const inViewport = (page, sel) => page.waitForFunction((sel) => {
  const el = document.querySelector(sel);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
}, sel, { timeout: 3000 }).then(() => true, () => false);

// ---------------------------------------------------------------- live
await part("live: the real service", async () => {
  const page = await newPage();
  const resp = await page.goto(BASE, { waitUntil: "load" });
  check("GET / answers 200", resp && resp.status() === 200, resp && resp.status());
  check("GET / is text/html; charset=utf-8", /text\/html;\s*charset=utf-8/i.test((resp && resp.headers()["content-type"]) || ""),
    resp && resp.headers()["content-type"]);
  check("page title", (await page.title()).includes("Attaché"));
  const unlabeled = await page.$$eval("input:not([type=radio]):not([type=hidden]), textarea", (els) =>
    els.filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")).map((el) => el.id));
  check("every field has a label", unlabeled.length === 0, unlabeled);
  check("a live region announces results", (await page.getAttribute("#status", "aria-live")) === "polite");

  if (KEY) {
    await analyze(page, SEED);
    await page.waitForSelector("#problem:not([hidden])");
    const p = await page.textContent("#problem");
    check("without the key: the 401 problem is shown readably", p.includes("401") && /unauthorized/i.test(p) && /API key/.test(p), p);
    await page.fill("#apikey", KEY);
    check("the key is kept in sessionStorage", (await page.evaluate(() => sessionStorage.getItem("attache.apiKey"))) === KEY);
    check("the key is not in localStorage", (await page.evaluate(() => localStorage.length)) === 0);
  }

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/v1/analyze") && r.request().method() === "POST"),
    analyze(page, SEED),
  ]);
  const req = response.request();
  const sent = JSON.parse(req.postData());
  check("the article is sent as {text} JSON with offset_unit utf16",
    sent.text === SEED && sent.options && sent.options.offset_unit === "utf16" && !("html" in sent), Object.keys(sent));
  if (KEY) check("the key is sent as a Bearer token", (await req.allHeaders()).authorization === `Bearer ${KEY}`);
  check("the service answers 200", response.status() === 200, response.status());
  const doc = await response.json();
  await page.waitForSelector("#results:not([hidden])");
  await page.waitForFunction(() => /^Done/.test(document.getElementById("status").textContent));
  check("status says what was found", /entities.*quotes.*relation/.test(await page.textContent("#status")));
  check("headline shown", (await page.textContent("#doc-title")) === (doc.document.title || "(no headline found)"),
    await page.textContent("#doc-title"));
  const text = typeof doc.source_text === "string" ? doc.source_text : SEED;
  check("the article is shown whole, exactly once", (await viewText(page)) === text);

  const mentions = (doc.entities || []).reduce((n, e) => n + e.mentions.length, 0);
  check(`one focusable highlight per entity mention (${mentions})`,
    (await page.$$("#article-view mark.ent[tabindex='0']")).length === mentions);
  const got = await mentionTexts(page);
  const bad = (doc.entities || []).filter((e) => JSON.stringify(got[e.id] || []) !== JSON.stringify(e.mentions.map((m) => m.text)));
  check("each highlight covers its mention's text", bad.length === 0, bad.map((e) => e.id));
  check(`one underline per quote (${(doc.quotes || []).length})`,
    (await page.$$("#article-view .q[tabindex='0']")).length === (doc.quotes || []).length);
  const qbad = [];
  for (const q of doc.quotes || []) {
    const t = await page.$$eval(`#article-view .q[data-q="${q.id}"]`, (els) => els.map((e) => e.textContent).join(""));
    if (t !== q.text) qbad.push([q.id, t]);
  }
  check("each underline covers its quote's words", qbad.length === 0, qbad);
  check(`one card per relation (${(doc.relations || []).length})`,
    (await page.$$("#facts button.fact")).length === (doc.relations || []).length);
  check("removed clutter greyed", (await page.$$("#article-view .rm")).length >= (doc.removed || []).length);
  check("entity list matches", (await page.$$("#ents button")).length === (doc.entities || []).length);
  if ((doc.relations || []).length) {
    await page.click("#facts button.fact >> nth=0");
    const ev = await page.$$eval("#article-view .ev.active", (els) => els.map((e) => e.textContent).join(""));
    check("clicking a fact highlights its evidence", ev === doc.relations[0].evidence.text, ev);
  }
  await page.screenshot({ path: join(OUT, "live.png"), fullPage: true });

  // copy as curl, then run the command it copied against the same service
  await page.click("#copy-curl");
  await page.waitForSelector("#curl-box:not([hidden])");
  const cmd = await page.textContent("#curl-out");
  check("copy as curl: command shown", cmd.startsWith("curl ") && cmd.includes("/v1/analyze"));
  const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
  check("copy as curl: command on the clipboard", clip === cmd, clip && clip.slice(0, 80));
  check("copy as curl: the key itself is not in the command", !KEY || !cmd.includes(KEY));
  try {
    const out = execFileSync("bash", ["-c", cmd], { env: { ...process.env, ATTACHE_API_KEY: KEY }, timeout: 20000, maxBuffer: 1 << 24 });
    const viaCurl = JSON.parse(out.toString("utf8"));
    check("copy as curl: running it gives the page's answer", JSON.stringify(viaCurl.entities) === JSON.stringify(doc.entities)
      && viaCurl.document.title === doc.document.title);
  } catch (e) {
    check("copy as curl: running it gives the page's answer", false, String(e.message || e));
  }

  // the same article as a web page: offsets then point into the extracted source_text
  const paras = SEED.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const esc = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const pageHtml = `<!doctype html><html><head><title>${esc(paras[0])}</title></head><body>` +
    `<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>${esc(paras[0])}</h1>` +
    paras.slice(1, 9).map((p) => `<p>${esc(p)}</p>`).join("") + `</article><footer>${esc(paras[paras.length - 1])}</footer></body></html>`;
  await page.check("input[name=mode][value=auto]");
  const [htmlResp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/v1/analyze") && r.request().method() === "POST"),
    analyze(page, pageHtml),
  ]);
  const hdoc = await htmlResp.json();
  check("pasted HTML is auto-detected and sent as {html}", typeof JSON.parse(htmlResp.request().postData()).html === "string");
  await page.waitForFunction(() => /^Done/.test(document.getElementById("status").textContent));
  check("HTML: the service returns source_text", htmlResp.status() === 200 && typeof hdoc.source_text === "string", htmlResp.status());
  check("HTML: the extracted text is shown, not the markup", (await viewText(page)) === hdoc.source_text);
  const hgot = await mentionTexts(page);
  const hbad = (hdoc.entities || []).filter((e) => JSON.stringify(hgot[e.id] || []) !== JSON.stringify(e.mentions.map((m) => m.text)));
  check("HTML: each highlight covers its mention's text", hbad.length === 0, hbad.map((e) => e.id));

  // a real problem document: HTML with no text in it
  await page.check("input[name=mode][value=html]");
  const [bad422] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/v1/analyze")),
    analyze(page, "<html><body><p> </p></body></html>"),
  ]);
  await page.waitForFunction(() => !/Analyzing/.test(document.getElementById("status").textContent));
  const sentHtml = JSON.parse(bad422.request().postData());
  check("HTML mode sends {html}", typeof sentHtml.html === "string" && !("text" in sentHtml));
  const ptext = await page.textContent("#problem");
  check("an error answer is shown as a readable problem", bad422.status() >= 400 && ptext.includes(String(bad422.status())), ptext);
  check("results hidden after an error", await page.$eval("#results", (e) => e.hidden));
  await page.screenshot({ path: join(OUT, "live-problem.png") });
  await page.context().close();
});

// ---------------------------------------------------------------- fixture
await part("fixture: every list full (seed.full.json)", async () => {
  const page = await newPage();
  await page.goto(BASE);
  const seen = await routeAnswer(page, FULL);
  await page.fill("#apikey", "test-key-123");
  await page.fill("#published", "2025-10-25");
  await page.fill("#article", SEED);
  await page.focus("#article");
  await page.keyboard.press("Control+Enter");
  await page.waitForSelector("#results:not([hidden])");
  await page.screenshot({ path: join(OUT, "fixture.png"), fullPage: true });
  check("Ctrl+Enter in the text area analyzes", seen.length === 1);
  check("the key goes in the Authorization header", seen[0].headers.authorization === "Bearer test-key-123");
  check("the published date is sent", seen[0].body.published === "2025-10-25", seen[0].body.published);
  check("the article is shown whole, exactly once", (await viewText(page)) === SEED);

  const mentions = FULL.entities.reduce((n, e) => n + e.mentions.length, 0);
  check(`${mentions} mention highlights`, (await page.$$("#article-view mark.ent[tabindex='0']")).length === mentions);
  const got = await mentionTexts(page);
  const bad = FULL.entities.filter((e) => JSON.stringify(got[e.id] || []) !== JSON.stringify(e.mentions.map((m) => m.text)));
  check("each highlight covers its mention's text", bad.length === 0, bad.map((e) => [e.id, got[e.id]]));
  const types = await page.$$eval("#article-view mark.ent", (els) => [...new Set(els.map((e) => e.dataset.type))].sort());
  check("highlights carry every entity type", JSON.stringify(types) === JSON.stringify([...new Set(FULL.entities.map((e) => e.type))].sort()), types);
  const colours = await page.$$eval("#article-view mark.ent[data-type=PERSON], #article-view mark.ent[data-type=GPE]",
    (els) => new Set(els.map((e) => getComputedStyle(e).backgroundColor)).size);
  check("types are coloured apart", colours === 2, colours);

  // quotes: underlined, with the speaker; entities inside quotes still highlighted
  const qs = await page.$$eval("#article-view .q.qend", (els) => els.map((e) => e.dataset.speaker));
  check("every quote ends with its speaker", qs.length === FULL.quotes.length && qs.every((s) => s === "Marco Rubio"), qs);
  const underline = await page.$eval("#article-view .q", (e) => getComputedStyle(e).borderBottomStyle);
  check("quotes are underlined", underline !== "none", underline);
  const q5 = FULL.quotes.find((q) => q.kind === "direct");
  const inside = await page.$$eval(`#article-view .q[data-q=${q5.id}] mark.ent`, (els) => els.map((e) => e.textContent));
  check("entities inside a quote are highlighted in it", inside.includes("Pakistan") && inside.includes("India"), inside);
  const qtext = await page.$$eval(`#article-view .q[data-q=${q5.id}]`, (els) => els.map((e) => e.textContent).join(""));
  check("the quote's underline covers exactly its words", qtext === q5.text, qtext);

  // tooltip on keyboard focus
  const rubio = FULL.entities.find((e) => e.name === "Marco Rubio");
  await page.focus(`#article-view mark.ent[data-ent=${rubio.id}][tabindex='0']`);
  await page.waitForSelector("#tip:not([hidden])");
  let tip = await page.textContent("#tip");
  check("focus on a name shows canonical name, title and country", tip.includes("Marco Rubio") && tip.includes("Secretary of State") && tip.includes("US"), tip);
  const pk = FULL.entities.find((e) => e.name === "Pakistan");
  await page.hover(`#article-view .q[data-q=${q5.id}] mark.ent[data-ent=${pk.id}]`);
  tip = await page.textContent("#tip");
  check("hover inside a quote shows the entity and the quote's speaker", tip.includes("Pakistan") && tip.includes("direct quote") && tip.includes("asserted"), tip);
  await page.keyboard.press("Escape");

  // relations
  const cards = await page.$$eval("#facts button.fact", (els) => els.map((e) => ({ cls: e.className, text: e.textContent })));
  check(`${FULL.relations.length} fact cards`, cards.length === FULL.relations.length);
  check("polarity coloured", cards.every((c, i) => c.cls.includes(FULL.relations[i].polarity)), cards.map((c) => c.cls));
  const fact = FULL.relations.find((r) => r.location && r.date);
  const card = cards[FULL.relations.indexOf(fact)].text;
  const flags = (await page.getAttribute("html", "data-flags")) === "yes";
  console.log(`     (flag emoji ${flags ? "drawn" : "not drawn here: codes only"})`);
  check("a card shows codes, flags, type, status, date, place",
    card.includes(fact.source.actor) && card.includes(fact.target.actor) && card.includes("🇺🇸") === flags && card.includes(fact.type)
    && card.includes(fact.status) && card.includes(fact.date.text) && card.includes("White House"), card);
  const claimed = FULL.relations.find((r) => r.attributed_to);
  check("a claimed fact names its claimant", cards[FULL.relations.indexOf(claimed)].text.includes("Claimed byMarco Rubio"));
  const last = FULL.relations[FULL.relations.length - 1];
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click(`#facts button.fact[data-rel=${last.id}]`);
  const ev = await page.$$eval("#article-view .ev.active", (els) => els.map((e) => e.textContent).join(""));
  check("clicking a fact highlights its whole evidence sentence", ev === last.evidence.text, ev);
  check("the evidence is scrolled into view", await inViewport(page, "#article-view .ev.active"));
  check("focus moves to the evidence", await page.evaluate(() => document.activeElement.classList.contains("ev")));
  await page.screenshot({ path: join(OUT, "fixture-evidence.png") });
  // the same by keyboard
  await page.focus(`#facts button.fact[data-rel=${fact.id}]`);
  await page.keyboard.press("Enter");
  const ev2 = await page.$$eval("#article-view .ev.active", (els) => els.map((e) => e.textContent).join(""));
  check("Enter on a fact card works like a click", ev2 === fact.evidence.text, ev2);
  check("the focused card says it is pressed", (await page.getAttribute(`#facts button.fact[data-rel=${fact.id}]`, "aria-pressed")) === "true");

  // removed clutter: greyed, collapsible
  const rm = await page.$$("#article-view .rm");
  check(`${FULL.removed.length} clutter spans greyed`, rm.length === FULL.removed.length);
  const grey = await page.$eval("#article-view .rm", (e) => {
    const [r, g, b] = getComputedStyle(e).color.match(/\d+/g).map(Number);
    const [r0] = getComputedStyle(document.getElementById("article-view")).color.match(/\d+/g).map(Number);
    return Math.abs(r - g) < 20 && Math.abs(g - b) < 20 && r > r0 + 40;
  });
  check("clutter is grey, lighter than the article", grey);
  await page.click("#toggle-removed");
  check("collapse hides clutter", !(await page.isVisible("#article-view .rm")) && (await page.isVisible("#article-view .rm-marker")));
  check("collapse is announced as pressed", (await page.getAttribute("#toggle-removed", "aria-pressed")) === "true");
  await page.screenshot({ path: join(OUT, "fixture-collapsed.png"), fullPage: true });
  await page.click("#toggle-removed");
  check("expand shows clutter again", await page.isVisible("#article-view .rm"));

  // raw JSON
  await page.click("#toggle-raw");
  const raw = JSON.parse(await page.textContent("#raw"));
  check("raw JSON shows the answer", JSON.stringify(raw) === JSON.stringify(FULL));
  check("raw JSON toggle is expanded", (await page.getAttribute("#toggle-raw", "aria-expanded")) === "true");
  await page.click("#toggle-raw");
  check("raw JSON hides again", !(await page.isVisible("#raw")) && (await page.isVisible("#article-view")));

  // entity and quote lists
  await page.click(`#ents button[data-ent=${pk.id}]`);
  check("an entity in the list highlights all its mentions", (await page.$$("#article-view mark.ent.hl")).length === pk.mentions.length);

  // keyboard: a skip link jumps over the article's many highlights to the facts
  await page.focus("#toggle-raw");
  await page.keyboard.press("Tab");
  check("after the view buttons, a skip link to the facts", await page.evaluate(() => document.activeElement.id === "skip-article"));
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  check("the skip link lands on the first fact", await page.evaluate(() => document.activeElement.classList.contains("fact")),
    await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80)));

  // filters: relations by polarity, type and status; entities by type
  const polarities = [...new Set(FULL.relations.map((r) => r.polarity))];
  const visibleFacts = () => page.$$eval("#facts > li", (els) => els.filter((e) => !e.hidden).length);
  await page.selectOption("#f-polarity", polarities[0]);
  const wantPol = FULL.relations.filter((r) => r.polarity === polarities[0]).length;
  check("the polarity filter keeps only that polarity", (await visibleFacts()) === wantPol, await visibleFacts());
  check("the count says how many are shown", (await page.textContent("#facts-count")).includes(`${wantPol} of ${FULL.relations.length}`),
    await page.textContent("#facts-count"));
  await page.selectOption("#f-polarity", "");
  const aType = FULL.relations[0].type;
  await page.selectOption("#f-type", aType);
  check("the type filter keeps only that type", (await visibleFacts()) === FULL.relations.filter((r) => r.type === aType).length);
  await page.selectOption("#f-type", "");
  const statusOptions = await page.$$eval("#f-status option", (os) => os.map((o) => o.value).filter(Boolean));
  check("the status filter offers the statuses present", JSON.stringify(statusOptions) === JSON.stringify([...new Set(FULL.relations.map((r) => r.status))].sort()), statusOptions);
  await page.selectOption("#f-etype", "PERSON");
  const visibleEnts = await page.$$eval("#ents > li", (els) => els.filter((e) => !e.hidden).length);
  check("the entity type filter keeps only that type", visibleEnts === FULL.entities.filter((e) => e.type === "PERSON").length, visibleEnts);
  await page.selectOption("#f-etype", "");

  // the actor graph: one node per actor, one line per related pair
  const actors = new Set(FULL.relations.flatMap((r) => [r.source.actor, r.target.actor]));
  const pairs = new Set(FULL.relations.map((r) => [r.source.actor, r.target.actor].sort().join("|")));
  check("the actor graph has a node per actor", (await page.$$("#graph-wrap circle")).length === actors.size);
  check("the actor graph has a line per related pair", (await page.$$("#graph-wrap line")).length === pairs.size);

  // downloads: the JSON answer and the relations and entities as CSV
  for (const [button, name, test] of [
    ["#dl-json", "attache-analysis.json", (t) => JSON.stringify(JSON.parse(t)) === JSON.stringify(FULL)],
    ["#dl-rel-csv", "attache-relations.csv", (t) => t.startsWith("date,source_actor,") && t.trim().split(/\r\n/).length === FULL.relations.length + 1],
    ["#dl-ent-csv", "attache-entities.csv", (t) => t.startsWith("id,type,name,") && t.includes("Marco Rubio")],
  ]) {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    const path = await dl.path();
    const content = readFileSync(path, "utf8");
    check(`${button} downloads ${name}`, dl.suggestedFilename() === name && test(content), content.slice(0, 200));
  }
  check("the status uses the right plurals", !/\b1 (entities|quotes|relation facts)\b/.test(await page.textContent("#status")),
    await page.textContent("#status"));

  // keyboard: Tab from the Analyze button reaches the other buttons, focus is visible
  await page.focus("#analyze");
  await page.keyboard.press("Tab");
  check("Tab moves from Analyze to Copy as curl", await page.evaluate(() => document.activeElement.id === "copy-curl"));
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check("keyboard focus is visible", ring !== "none", ring);
  await page.context().close();
});

// ---------------------------------------------------------------- edge cases
await part("edge: overlaps, markup, astral characters, problems, narrow screen", async () => {
  const page = await newPage();
  await page.goto(BASE);
  // markup in the article must stay text; spans cross each other
  const text = 'Ann 🇺🇦 said "<img src=x onerror="window.__pwned=1"> Kyiv <b>Rome</b>" and left. Kyiv.';
  const at = (s, from = 0) => text.indexOf(s, from); // UTF-16 offsets, as the page asks
  const qS = at("<img"), qE = at('" and');
  const crossing = { start: at("Rome</b>"), end: at(" and") + 4 }; // starts inside the quote, ends after it
  const answer = {
    schema_version: "1", language: "en", warnings: ["language detected as \"xx\" <b>not</b> English"],
    document: { title: "<script>window.__pwned=2</script>", authors: [], dateline: null, reference_date: null, word_count: 9 },
    clean_text: text, removed: [{ start: at("Kyiv.", qE), end: text.length, kind: "footer" }],
    entities: [
      { id: "E1", type: "PERSON", name: "Ann <i>", country: null, mentions: [{ start: 0, end: 3, text: "Ann" }], salience: 1 },
      { id: "E2", type: "GPE", name: "Kyiv", country: "UA", mentions: [{ start: at("Kyiv"), end: at("Kyiv") + 4, text: "Kyiv" }], salience: 1 },
      { id: "E3", type: "GPE", name: "Rome", country: "IT", mentions: [{ ...crossing, text: text.slice(crossing.start, crossing.end) }], salience: 1 },
      // overlaps two other mentions: holds E2's, and E3's starts inside it
      { id: "E4", type: "EVENT", name: "Kyiv–Rome talks", country: null, mentions: [{ start: at("Kyiv"), end: at("</b>"), text: text.slice(at("Kyiv"), at("</b>")) }], salience: 1 },
    ],
    quotes: [{ id: "Q1", kind: "direct", text: text.slice(qS, qE), start: qS, end: qE, speaker: "E1", speaker_text: "Ann", cue: "said" }],
    relations: [{ id: "R1", type: "CONSULT", polarity: "cooperative", quad_class: "verbal_cooperation", score: 2.5,
      source: { actor: "UA", entities: ["E2"] }, target: { actor: "NATO", entities: [] }, trigger: "said", status: "hypothetical",
      date: null, location: null, attributed_to: "E1", evidence: { start: at("said"), end: at("Kyiv") + 4, text: text.slice(at("said"), at("Kyiv") + 4) } }],
  };
  await routeAnswer(page, answer);
  await analyze(page, text);
  await page.waitForSelector("#results:not([hidden])");
  check("markup in the article, title and warnings stays text",
    (await page.$$("#results img, #results b, #results script, #results i")).length === 0 && (await page.evaluate(() => window.__pwned)) === undefined);
  check("the headline is shown as text", (await page.textContent("#doc-title")) === answer.document.title);
  check("crossing spans: the text is shown whole, once", (await viewText(page)) === text, await viewText(page));
  const got = await mentionTexts(page);
  check("crossing spans: each mention rebuilt from its pieces",
    JSON.stringify(got) === JSON.stringify({ E1: ["Ann"], E2: ["Kyiv"], E3: [text.slice(crossing.start, crossing.end)], E4: ["Kyiv <b>Rome"] }), got);
  const q = await page.$$eval("#article-view .q", (els) => els.map((e) => e.textContent).join(""));
  check("crossing spans: the quote is underlined exactly", q === answer.quotes[0].text, q);
  check("crossing spans: the DOM nests (quote pieces never inside entity marks)",
    (await page.$$("#article-view mark.ent .q")).length === 0);
  await page.click("#facts button.fact");
  const ev = await page.$$eval("#article-view .ev.active", (els) => els.map((e) => e.textContent).join(""));
  check("evidence across a quote boundary highlights whole", ev === answer.relations[0].evidence.text, ev);
  const card = await page.textContent("#facts button.fact");
  const flags = (await page.getAttribute("html", "data-flags")) === "yes";
  check("an organisation actor is shown by its code", card.includes("NATO") && card.includes("🇺🇦") === flags, card);

  // a service that answers in code points: the page notices and maps them
  const cp = (i) => [...text.slice(0, i)].length;
  const cpAnswer = JSON.parse(JSON.stringify(answer));
  for (const e of cpAnswer.entities) for (const m of e.mentions) { m.start = cp(m.start); m.end = cp(m.end); }
  for (const x of [...cpAnswer.quotes, ...cpAnswer.removed, cpAnswer.relations[0].evidence]) { x.start = cp(x.start); x.end = cp(x.end); }
  await page.unroute("**/v1/analyze");
  await routeAnswer(page, cpAnswer);
  await page.click("#analyze");
  await page.waitForFunction(() => /^Done/.test(document.getElementById("status").textContent));
  const got2 = await mentionTexts(page);
  check("code-point offsets are mapped after an astral character",
    JSON.stringify(got2) === JSON.stringify({ E1: ["Ann"], E2: ["Kyiv"], E3: [text.slice(crossing.start, crossing.end)], E4: ["Kyiv <b>Rome"] }), got2);

  // a file: .html switches to HTML mode; auto-detect sends pasted HTML as {html}
  await page.setInputFiles("#file", { name: "story.html", mimeType: "text/html", buffer: Buffer.from("<p>Rome &amp; Kyiv</p>") });
  await page.waitForFunction(() => document.getElementById("article").value === "<p>Rome &amp; Kyiv</p>");
  check("opening an .html file fills the text area and picks HTML", await page.isChecked("input[name=mode][value=html]"));
  await page.setInputFiles("#file", join(HERE, "fixtures", "seed.txt"));
  await page.waitForFunction((n) => document.getElementById("article").value.length === n, SEED.length);
  check("opening a .txt file fills the text area and picks plain text", await page.isChecked("input[name=mode][value=text]"));
  await page.check("input[name=mode][value=auto]");
  await page.unroute("**/v1/analyze");
  const bodies = await routeAnswer(page, answer);
  await analyze(page, "<!doctype html>\n<html><body><article><p>Kyiv.</p></article></body></html>");
  await page.waitForFunction(() => /^Done/.test(document.getElementById("status").textContent));
  check("auto-detect sends pasted HTML as {html}", bodies.length === 1 && typeof bodies[0].body.html === "string" && !("text" in bodies[0].body));
  await analyze(page, "Plain words about <b> tags in prose.");
  for (let i = 0; i < 100 && bodies.length < 2; i++) await page.waitForTimeout(50);
  check("auto-detect sends prose as {text}", bodies.length === 2 && typeof bodies[1].body.text === "string");

  // problem documents
  for (const [status, problem, headers] of [
    [413, { type: "https://attache.dev/problems/body_too_large", title: "Request body too large", status: 413, detail: "the body is over 1048576 bytes", code: "body_too_large" }, {}],
    [422, { type: "about:blank", title: "Invalid request", status: 422, detail: "unknown field `foo`", code: "invalid_request", field: "foo" }, {}],
    [503, { type: "about:blank", title: "Service overloaded", status: 503, detail: "all analysis slots are busy", code: "overloaded" }, { "retry-after": "2" }],
  ]) {
    await page.unroute("**/v1/analyze");
    await routeAnswer(page, problem, status, headers);
    await page.click("#analyze");
    await page.waitForSelector("#problem:not([hidden])");
    const p = await page.textContent("#problem");
    check(`problem ${status} shown with title, detail and code`, p.includes(problem.title) && p.includes(problem.detail) && p.includes(problem.code)
      && (!problem.field || p.includes("Field" + problem.field)) && (!headers["retry-after"] || p.includes("2 s")), p);
    check(`problem ${status} announced`, (await page.textContent("#status")).includes(String(status)));
  }
  await page.screenshot({ path: join(OUT, "problem.png") });
  // a service that is down
  await page.unroute("**/v1/analyze");
  await page.route("**/v1/analyze", (route) => route.abort("connectionrefused"));
  await page.click("#analyze");
  await page.waitForSelector("#problem:not([hidden])");
  check("a network failure is shown readably", (await page.textContent("#problem")).includes("Could not reach the service"));
  check("Analyze is usable again after a failure", await page.isEnabled("#analyze"));
  await page.context().close();

  // narrow screen, full answer
  const phone = await newPage({ width: 390, height: 844 });
  await phone.goto(BASE);
  await routeAnswer(phone, FULL);
  await analyze(phone, SEED);
  await phone.waitForSelector("#results:not([hidden])");
  check("narrow screen: Analyze scrolls to the results", await inViewport(phone, "#doc-title"));
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check("narrow screen: nothing scrolls sideways", overflow <= 0, overflow);
  // Both boxes read in one go: the page may still be scrolling to the results.
  const [art, facts] = await phone.evaluate(() => ["#article-card", "aside.panel"].map((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, width: r.width };
  }));
  check("narrow screen: facts panel stacks under the article", facts.top >= art.bottom && facts.width > 300, { art, facts });
  const small = await phone.$$eval("button", (els) => els.filter((b) => b.offsetParent && b.getBoundingClientRect().height < 32).map((b) => b.textContent.slice(0, 20)));
  check("narrow screen: buttons are big enough to tap", small.length === 0, small);
  await phone.screenshot({ path: join(OUT, "narrow.png"), fullPage: true });
  await phone.click(`#facts button.fact[data-rel=${FULL.relations[2].id}]`);
  check("narrow screen: a fact scrolls its evidence into view", await inViewport(phone, "#article-view .ev.active"));
  await phone.screenshot({ path: join(OUT, "narrow-evidence.png") });
  await phone.click("#to-facts");
  check("narrow screen: 'Back to the facts' returns to the fact", await inViewport(phone, `#facts button.fact[data-rel=${FULL.relations[2].id}]`)
    && (await phone.evaluate(() => document.activeElement.dataset.rel)) === FULL.relations[2].id);
  await phone.context().close();
});

await part("archive: store the seed, pick the pair, see its timeline and facts", async () => {
  const page = await newPage();
  const headers = { "content-type": "text/plain", ...(KEY ? { authorization: `Bearer ${KEY}` } : {}) };
  const stored = await page.request.post(new URL("v1/articles?id=browser-seed&published=2025-10-25", BASE).toString(), { headers, data: SEED });
  check("archive: the seed is stored", stored.ok(), await stored.text());
  await page.goto(BASE);
  if (KEY) await page.fill("#apikey", KEY);
  await page.fill("#arch-actor", "us");
  await page.click("#arch-load");
  await page.waitForFunction(() => document.querySelectorAll("#arch-counterpart option").length > 1);
  const options = await page.$$eval("#arch-counterpart option", (os) => os.map((o) => o.value));
  check("archive: the counterparts of US are listed", options.includes("PK"), options);
  await page.selectOption("#arch-counterpart", "PK");
  await page.click("#arch-show");
  await page.waitForSelector("#arch-facts li");
  check("archive: the timeline is drawn", (await page.$$("#arch-chart canvas")).length > 0);
  const facts = await page.$$eval("#arch-facts li", (ls) => ls.map((l) => l.textContent));
  check("archive: the pair's facts are listed with their evidence", facts.length > 0 && facts.every((t) => /US|PK/.test(t) && t.length > 40), facts);
  const href = await page.$eval("#arch-facts li a", (a) => a.getAttribute("href"));
  const linked = await page.request.get(new URL(href, BASE).toString(), { headers });
  check("archive: a fact links to its stored article", linked.ok() && (await linked.json()).text === SEED, href);
  await page.screenshot({ path: join(OUT, "archive.png"), fullPage: true });
  await page.context().close();
});

await browser.close();
clearTimeout(watchdog);
console.log(failures ? `${failures} check(s) failed; screenshots in ${OUT}` : `all checks passed; screenshots in ${OUT}`);
process.exit(failures ? 1 : 0);

import { SCANNER_SOURCE } from "./scanner";
import { OUT_OF_HAND_STATES } from "../app/domain/lifecycle";

/** UI labels; messages about work come from the kiosk in both languages. */
export const LABELS = {
  en: {
    title: "Loupe — intake",
    signIn: "Sign in with your PIN",
    ok: "OK",
    clear: "Clear",
    signOut: "Sign out",
    scanHint: "Scan a tag anywhere on this page, or type its code",
    codeLabel: "Tag code",
    price: "Price",
    metals: "Metal",
    stones: "Stones",
    noStones: "No stones",
    noMetal: "No metal entered",
    find: "Find",
    receiving: "Receiving today",
    nothingReceiving: "Nothing waiting to be received.",
    print: "Print tag",
    reprint: "Reprint tag",
    tagged: "Tag attached",
    chooseLocation: "Where does it go?",
    nextLocation: "Next pieces go to (scanned label)",
    receive: "Receive here",
    online: "Online",
    offline: "Offline — work is kept and sent later",
    printer: "Printer",
    queued: "waiting",
    problems: "Needs attention",
    state: "State",
    location: "Location",
    offlineCopy: "(kept on this kiosk)",
    template: "Tag template",
    rfid: "RFID",
    epc: "EPC written",
    epcParts: "GTIN {gtin} · serial {serial}",
    epcProvisional: "EPC if printed now",
    epcProvisionalNote: "provisional: the piece gets its serial when the tag is printed",
    labels: "Location labels",
    labelsHint:
      "Print the label of a place of this shop on this kiosk's printer. Scanning a label sets where the next pieces go.",
    labelsSearch: "Search a place (name or code)",
    printLabel: "Print label",
    printLabelOf: "Print the label of {path}",
    labelsMore: "{n} more: refine the search.",
    labelsNone: "No place matches.",
    cannotPrint: "Your role cannot print tags or labels — ask a manager.",
    cannotReceive: "Your role cannot receive pieces — ask a manager.",
    printerStates: {
      ready: "ready",
      "paper-out": "out of labels",
      "head-open": "head open",
      paused: "paused",
      "ribbon-out": "ribbon out",
      offline: "offline",
      error: "not answering right",
    },
  },
  fr: {
    title: "Loupe — réception",
    signIn: "Identifiez-vous avec votre code PIN",
    ok: "OK",
    clear: "Effacer",
    signOut: "Se déconnecter",
    scanHint: "Scannez une étiquette n'importe où sur la page, ou saisissez son code",
    codeLabel: "Code de l'étiquette",
    price: "Prix",
    metals: "Métal",
    stones: "Pierres",
    noStones: "Sans pierre",
    noMetal: "Métal non saisi",
    find: "Chercher",
    receiving: "À réceptionner aujourd'hui",
    nothingReceiving: "Rien en attente de réception.",
    print: "Imprimer l'étiquette",
    reprint: "Réimprimer l'étiquette",
    tagged: "Étiquette posée",
    chooseLocation: "Où va-t-elle\u202f?",
    nextLocation: "Les prochaines pièces vont dans (étiquette scannée)",
    receive: "Réceptionner ici",
    online: "En ligne",
    offline: "Hors ligne — tout est gardé et envoyé plus tard",
    printer: "Imprimante",
    queued: "en attente",
    problems: "À vérifier",
    state: "État",
    location: "Emplacement",
    offlineCopy: "(copie gardée sur ce poste)",
    template: "Modèle d'étiquette",
    rfid: "RFID",
    epc: "EPC écrit",
    epcParts: "GTIN {gtin} · série {serial}",
    epcProvisional: "EPC si imprimée maintenant",
    epcProvisionalNote: "provisoire\u202f: la pièce reçoit son numéro de série à l'impression de l'étiquette",
    labels: "Étiquettes d'emplacement",
    labelsHint:
      "Imprimez l'étiquette d'un emplacement de cette boutique sur l'imprimante de ce poste. Scanner une étiquette choisit où vont les prochaines pièces.",
    labelsSearch: "Chercher un emplacement (nom ou code)",
    printLabel: "Imprimer",
    printLabelOf: "Imprimer l'étiquette de {path}",
    labelsMore: "Encore {n}\u202f: précisez la recherche.",
    labelsNone: "Aucun emplacement ne correspond.",
    cannotPrint: "Votre rôle ne permet pas d'imprimer d'étiquettes — demandez à un responsable.",
    cannotReceive: "Votre rôle ne permet pas de réceptionner des pièces — demandez à un responsable.",
    printerStates: {
      ready: "prête",
      "paper-out": "plus d'étiquettes",
      "head-open": "tête ouverte",
      paused: "en pause",
      "ribbon-out": "ruban épuisé",
      offline: "hors ligne",
      error: "répond mal",
    },
  },
};

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:18px/1.4 system-ui,sans-serif;background:#f6f6f7;color:#202223}
header{display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:10px 16px;background:#1a1a1a;color:#fff}
header h1{font-size:20px;margin:0 12px 0 0}.pill{padding:4px 10px;border-radius:14px;background:#444;font-size:15px}
.pill.ok{background:#2e7d32}.pill.bad{background:#c62828}.spacer{flex:1}
main{max-width:980px;margin:0 auto;padding:16px;display:grid;gap:16px}
section{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 3px #0002}
button{font:inherit;font-size:20px;min-height:56px;min-width:56px;padding:8px 18px;border-radius:10px;border:1px solid #8c9196;background:#fff;cursor:pointer}
button.primary{background:#008060;color:#fff;border-color:#008060}button:disabled{opacity:.5}
.keypad{display:grid;grid-template-columns:repeat(3,88px);gap:10px}.keypad button{font-size:28px;min-height:72px}
input{font:inherit;font-size:24px;padding:10px;border-radius:10px;border:1px solid #8c9196;width:100%}
.row{display:flex;gap:10px;align-items:center;flex-wrap:wrap}.list{display:grid;gap:8px}
.list button{text-align:left;width:100%}.msg{padding:12px 16px;border-radius:10px;font-size:20px}
.msg.ok{background:#e3f1df}.msg.err{background:#fbeae5}.hidden{display:none}
.place{display:flex;gap:10px;align-items:center;justify-content:space-between;border-bottom:1px solid #e1e3e5;padding:4px 0}
.place code{color:#6d7175;font-size:15px}.note{color:#6d7175;font-style:italic}
.pin{font-size:32px;letter-spacing:8px;min-height:48px}#work{display:grid;gap:16px}.pill:empty{display:none}
select{font:inherit;font-size:20px;min-height:56px;min-width:56px;padding:8px 12px;border-radius:10px;border:1px solid #8c9196;background:#fff}
label.field{display:grid;gap:6px;font-weight:600}.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:12px 0}
.facts dt{color:#5c5f62}.facts dd{margin:0}.facts ul{margin:0;padding-left:20px}.where{font-size:20px}
.actmsg{flex:1 1 240px;margin:0}.actmsg:empty{display:none}#lang{min-width:120px}
`;

const SCRIPT = `
var LABELS = ${JSON.stringify(LABELS)};
// Sold, returned or written off: the shop no longer holds the piece, so its card offers no print.
var OUT_OF_HAND = ${JSON.stringify(OUT_OF_HAND_STATES)};
var lang = (localStorage.getItem("loupe-kiosk-lang") || (navigator.language || "fr").slice(0, 2)) === "en" ? "en" : "fr";
var state = null, current = null, pin = "", chosenTemplate = null;
function L(k) { return LABELS[lang][k]; }
// "État : …" with a no-break space before the colon in French, "State: …" in English.
function Lc(k) { return L(k) + (lang === "fr" ? "\u00a0: " : ": "); }
function $(id) { return document.getElementById(id); }
function text(m) { if (!m) return ""; if (m.error) return lang === "fr" ? m.error.messageFr : m.error.message; return lang === "fr" ? (m.fr || m.en) : m.en; }
function show(m, ok) { var el = $("msg"); el.textContent = text(m); el.className = "msg " + (ok ? "ok" : "err"); }
function api(method, path, body) {
  var init = { method: method, headers: { "x-loupe-kiosk": "1" } };
  if (body) { init.headers["content-type"] = "application/json"; init.body = JSON.stringify(body); }
  return fetch(path, init).then(function (r) { return r.json().then(function (j) { if (!r.ok) throw j; return j; }); });
}
function fail(e) { show(e && e.error ? e : { en: String(e), fr: String(e) }, false); refresh(); }
function labels() {
  document.querySelectorAll("[data-l]").forEach(function (el) { el.textContent = L(el.getAttribute("data-l")); });
  $("lang").textContent = lang === "fr" ? "English" : "Français";
  document.documentElement.lang = lang;
}
function render() {
  if (!state) return;
  var s = state;
  $("net").textContent = s.online ? L("online") : L("offline");
  $("net").className = "pill " + (s.online ? "ok" : "bad");
  $("prn").textContent = L("printer") + ": " + (L("printerStates")[s.printer.state] || s.printer.state) + (s.pendingPrints ? " · " + s.pendingPrints + " " + L("queued") : "");
  $("prn").className = "pill " + (s.printer.state === "ready" ? "ok" : "bad");
  $("ops").textContent = s.pendingOperations ? "↑ " + s.pendingOperations + " " + L("queued") : "";
  $("shop").textContent = s.context ? s.context.shopName + " · " + s.context.locationName : "";
  $("who").textContent = s.staff ? s.staff.name : "";
  // Signed out (here, idle, or the session ended): the piece and the arrivals go with the person.
  if (!s.staff && current) { current = null; $("piece").classList.add("hidden"); $("receivingList").innerHTML = ""; }
  $("signin").classList.toggle("hidden", !!s.staff);
  $("work").classList.toggle("hidden", !s.staff);
  $("signout").classList.toggle("hidden", !s.staff);
  var pr = $("problems"); pr.innerHTML = "";
  var list = s.problems.slice();
  if (s.printer.state !== "ready" && s.printer.message) list.unshift({ message: s.printer.message });
  if (s.appProblem && !s.online) list.unshift({ message: s.appProblem });
  $("problemsBox").classList.toggle("hidden", list.length === 0);
  list.forEach(function (p) { var li = document.createElement("li"); li.textContent = (p.tagCode ? p.tagCode + ": " : "") + text(p.message); pr.appendChild(li); });
  var sel = $("template");
  if (s.templates && (sel.options.length !== s.templates.length || sel.dataset.lang !== lang)) {
    sel.innerHTML = ""; sel.dataset.lang = lang;
    s.templates.forEach(function (t) { var o = document.createElement("option"); o.value = t.id; o.textContent = t.name[lang] + (t.rfid ? " · " + L("rfid") : ""); sel.appendChild(o); });
    sel.value = chosenTemplate || s.templateId;
  }
  $("nextLocation").textContent = s.currentLocation ? L("nextLocation") + " : " + s.currentLocation.path + " (" + s.currentLocation.code + ")" : "";
  if (current && !current.locationId) $("receive").disabled = !s.currentLocation;
  renderRights();
  renderLabels();
  $("labelSearch").placeholder = L("labelsSearch");
  $("labelSearch").setAttribute("aria-label", L("labelsSearch"));
  var locs = $("locations"); locs.innerHTML = "";
  ((s.context && s.context.locations) || []).forEach(function (l) {
    var b = document.createElement("button"); b.textContent = l.path; b.dataset.id = l.id;
    b.onclick = function () { document.querySelectorAll("#locations button").forEach(function (x) { x.classList.remove("primary"); }); b.classList.add("primary"); current && (current.locationId = l.id); $("receive").disabled = false; };
    locs.appendChild(b);
  });
}
// What the signed-in person's role may do: the app sends it at sign-in (an older app sends nothing:
// then everything shows, and the server still refuses what the role may not do).
function can(p) { return !state || !state.staff || !state.staff.permissions || state.staff.permissions.indexOf(p) >= 0; }
function renderRights() {
  var print = can("pieces.print"), receive = can("pieces.receive");
  var gone = !!(current && current.piece && OUT_OF_HAND.indexOf(current.piece.state) >= 0);
  $("tagged").classList.toggle("hidden", !print || gone);
  renderPiece();
  $("cannotPrint").classList.toggle("hidden", print);
  $("receiveBox").classList.toggle("hidden", !receive);
  $("cannotReceive").classList.toggle("hidden", receive);
  $("labelsBox").classList.toggle("hidden", !print);
  $("labelsDenied").classList.toggle("hidden", print);
}
var labelsKey = "";
// This kiosk's places (its site's tree, from the context), filtered by name or code; at most 40 shown.
function renderLabels() {
  var places = ((state && state.context && state.context.locations) || []).slice().sort(function (a, b) { return a.path.localeCompare(b.path); });
  var q = $("labelSearch").value.trim().toLowerCase();
  var key = lang + "|" + q + "|" + places.map(function (p) { return p.id + p.path; }).join(",");
  if (key === labelsKey) return;
  labelsKey = key;
  var found = places.filter(function (p) { return !q || p.path.toLowerCase().indexOf(q) >= 0 || (p.code || "").toLowerCase().indexOf(q) >= 0; });
  var box = $("labelList"); box.innerHTML = "";
  found.slice(0, 40).forEach(function (p) {
    var row = document.createElement("div"); row.className = "place";
    var depth = p.path.split(" > ").length - 1;
    var name = document.createElement("span"); name.style.paddingLeft = (depth * 18) + "px";
    name.textContent = p.path + " "; var code = document.createElement("code"); code.textContent = p.code || ""; name.appendChild(code);
    var b = document.createElement("button"); b.textContent = L("printLabel");
    b.setAttribute("aria-label", L("printLabelOf").replace("{path}", p.path));
    b.onclick = function () {
      b.disabled = true;
      api("POST", "/api/location-label", { locationId: p.id }).then(function (r) { show(r.message, r.printed !== false); refresh(); })
        .catch(fail).finally(function () { b.disabled = false; });
    };
    row.appendChild(name); row.appendChild(b); box.appendChild(row);
  });
  $("labelsMore").textContent = found.length > 40 ? L("labelsMore").replace("{n}", String(found.length - 40)) : found.length === 0 ? L("labelsNone") : "";
}
function refresh() { return api("GET", "/api/state").then(function (s) { state = s; render(); }).catch(function () {}); }
function loadReceiving() {
  api("GET", "/api/receiving").then(function (r) {
    var box = $("receivingList"); box.innerHTML = "";
    if (!r.pieces.length) { box.textContent = L("nothingReceiving"); return; }
    r.pieces.forEach(function (p) {
      var b = document.createElement("button"); b.textContent = p.tagCode + " — " + p.title;
      b.onclick = function () { lookup(p.tagCode, true); }; box.appendChild(b);
    });
  }).catch(function () {});
}
function lookup(code, scroll) {
  if (!state || !state.staff) { show({ en: "Sign in with your PIN first.", fr: "Identifiez-vous d'abord avec votre code PIN." }, false); return; }
  api("GET", "/api/piece?code=" + encodeURIComponent(code) + "&template=" + encodeURIComponent($("template").value || "")).then(function (r) {
    if (r.location) { show(r.message, true); refresh(); return; }
    current = { code: r.piece.tagCode, piece: r.piece, fromCache: r.fromCache, locationId: null };
    $("piece").classList.remove("hidden");
    renderPiece();
    showEpc(r.rfid);
    renderRights();
    $("receive").disabled = !(state && state.currentLocation);
    document.querySelectorAll("#locations button").forEach(function (x) { x.classList.remove("primary"); });
    $("msg").className = "msg hidden";
    $("printMsg").textContent = ""; $("receiveMsg").textContent = "";
    // Tapped in the arrivals list (further down): bring its card into view.
    if (scroll) { $("piece").scrollIntoView({ block: "start" }); $("pieceTitle").focus({ preventScroll: true }); }
  }).catch(fail);
}
// The card: what staff check the piece in hand against, where it is and in what state, in the reader's language.
function renderPiece() {
  if (!current) return;
  var p = current.piece, c = (p.cardText && p.cardText[lang]) || { state: p.state, price: "", metals: [], stones: [] };
  $("pieceTitle").textContent = p.title + (current.fromCache ? " " + L("offlineCopy") : "");
  $("pieceCode").textContent = p.tagCode;
  $("pieceState").textContent = Lc("state") + c.state;
  $("pieceWhere").textContent = p.locationPath ? " · " + Lc("location") + p.locationPath : "";
  var facts = $("facts"); facts.innerHTML = "";
  function row(label, values, empty) {
    var dt = document.createElement("dt"); dt.textContent = label; facts.appendChild(dt);
    var dd = document.createElement("dd");
    if (values.length > 1) { var ul = document.createElement("ul"); values.forEach(function (v) { var li = document.createElement("li"); li.textContent = v; ul.appendChild(li); }); dd.appendChild(ul); }
    else dd.textContent = values[0] || empty;
    facts.appendChild(dd);
  }
  if (p.cardText) { row(L("price"), [c.price], ""); row(L("metals"), c.metals, L("noMetal")); row(L("stones"), c.stones, L("noStones")); }
  // Print the first time; after that only an explicit reprint. A sold piece is not printed.
  var printed = !!p.tagPrinted, print = can("pieces.print") && OUT_OF_HAND.indexOf(p.state) < 0;
  $("print").classList.toggle("hidden", !print || printed);
  $("reprint").classList.toggle("hidden", !print || !printed);
}
// On RFID stock: the EPC the tag carries. Before printing it may be provisional (the shop's next
// serial, which another piece may take first); after printing it is the one written.
function showEpc(rfid) {
  $("epc").textContent = rfid ? L(rfid.provisional ? "epcProvisional" : "epc") + ": " + rfid.epcHex + " — " + L("epcParts").replace("{gtin}", rfid.gtin).replace("{serial}", rfid.serial) + (rfid.provisional ? " (" + L("epcProvisionalNote") + ")" : "") : "";
}
// The answer shows beside the button pressed ("where"), and the card takes the piece as it now is.
function act(path, body, where) {
  document.querySelectorAll("#piece button").forEach(function (b) { b.disabled = true; });
  $("printMsg").textContent = ""; $("receiveMsg").textContent = "";
  function say(m, ok) { var el = $(where); el.textContent = text(m); el.className = "actmsg msg " + (ok ? "ok" : "err"); }
  return api("POST", path, body).then(function (r) {
    say(r.message, r.printed !== false);
    if (r.piece && current && r.piece.tagCode === current.code) { current.piece = r.piece; current.fromCache = false; renderPiece(); }
    if (r.rfid) showEpc(r.rfid); loadReceiving(); refresh();
  })
    .catch(function (e) { say(e && e.error ? e : { en: String(e), fr: String(e) }, false); refresh(); }).finally(function () { document.querySelectorAll("#piece button").forEach(function (b) { b.disabled = false; }); $("receive").disabled = !(current && (current.locationId || (state && state.currentLocation))); });
}
function pinKey(k) {
  if (k === "C") pin = ""; else if (k === "OK") { var p = pin; pin = ""; api("POST", "/api/sign-in", { pin: p }).then(function (r) { show(r.message, true); refresh().then(loadReceiving); }).catch(fail); }
  else if (pin.length < 8) pin += k;
  $("pinShown").textContent = pin.replace(/./g, "•");
}
${SCANNER_SOURCE}
var scanner = createScannerDetector({ maxGapMs: 50, minLength: 4 });
document.addEventListener("keydown", function (e) {
  var at = performance.now();
  var wasBurst = scanner.inBurst(at);
  var code = scanner.key(e.key, at);
  if (code) {
    e.preventDefault();
    var f = document.activeElement;
    // The burst's characters also went into a focused field: take them back out.
    if (f && f.tagName === "INPUT" && f.value.slice(-code.length) === code) f.value = f.value.slice(0, -code.length);
    lookup(code, true);
  } else if (wasBurst && e.key === "Enter") e.preventDefault();
}, true);
window.addEventListener("DOMContentLoaded", function () {
  labels();
  $("lang").onclick = function () { lang = lang === "fr" ? "en" : "fr"; localStorage.setItem("loupe-kiosk-lang", lang); labels(); render(); renderPiece(); };
  var kp = $("keypad");
  ["1","2","3","4","5","6","7","8","9","C","0","OK"].forEach(function (k) { var b = document.createElement("button"); b.textContent = k; if (k === "OK") b.className = "primary"; b.onclick = function () { pinKey(k); }; kp.appendChild(b); });
  $("signout").onclick = function () { api("POST", "/api/sign-out").then(refresh); $("piece").classList.add("hidden"); };
  $("labelSearch").oninput = renderLabels;
  $("findForm").onsubmit = function (e) { e.preventDefault(); var v = $("code").value.trim(); if (v) { lookup(v, true); $("code").value = ""; } };
  $("template").onchange = function () { chosenTemplate = $("template").value; if (current) lookup(current.code); };
  $("print").onclick = function () { current && act("/api/print", { code: current.code, templateId: $("template").value }, "printMsg"); };
  $("reprint").onclick = function () { current && act("/api/print", { code: current.code, reprint: true, templateId: $("template").value }, "printMsg"); };
  $("tagged").onclick = function () { current && act("/api/tagged", { code: current.code }, "printMsg"); };
  $("receive").onclick = function () { current && (current.locationId || (state && state.currentLocation)) && act("/api/receive", current.locationId ? { code: current.code, locationId: current.locationId } : { code: current.code }, "receiveMsg"); };
  // A tap or a key is the person still at the counter: the kiosk's idle sign-out starts again (at most every 20 s).
  var lastActivity = 0;
  function activity() { var t = Date.now(); if (state && state.staff && t - lastActivity > 20000) { lastActivity = t; api("POST", "/api/activity").catch(function () {}); } }
  document.addEventListener("pointerdown", activity, true);
  document.addEventListener("keydown", activity, true);
  refresh().then(function () { if (state && state.staff) loadReceiving(); });
  setInterval(refresh, 2000);
});
`;

export function pageHtml(): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Loupe kiosk</title><style>${STYLE}</style></head>
<body>
<header><h1 data-l="title"></h1><span id="shop"></span><span class="spacer"></span>
<span id="net" class="pill"></span><span id="prn" class="pill"></span><span id="ops" class="pill"></span>
<span id="who"></span><button id="signout" class="hidden" data-l="signOut"></button><button id="lang"></button></header>
<main>
<div id="msg" class="msg hidden" role="status" aria-live="polite"></div>
<section id="problemsBox" class="hidden"><h2 data-l="problems"></h2><ul id="problems"></ul></section>
<section id="signin"><h2 data-l="signIn"></h2><div id="pinShown" class="pin"></div><div id="keypad" class="keypad"></div></section>
<div id="work" class="hidden">
<section><p data-l="scanHint"></p><p><label class="field"><span data-l="template"></span><select id="template"></select></label></p><form id="findForm"><label class="field" for="code" data-l="codeLabel"></label><div class="row"><input id="code" autocomplete="off" autocapitalize="characters" inputmode="text" style="flex:1"><button class="primary" data-l="find"></button></div></form><p id="nextLocation"></p></section>
<section id="piece" class="hidden"><h2 id="pieceTitle" tabindex="-1"></h2><p class="where"><strong id="pieceCode"></strong> · <span id="pieceState"></span> <span id="pieceWhere"></span></p>
<dl id="facts" class="facts"></dl><p id="epc" style="font-family:monospace"></p>
<div class="row"><button id="print" class="primary" data-l="print"></button><button id="reprint" class="hidden" data-l="reprint"></button><button id="tagged" data-l="tagged"></button><p id="printMsg" class="actmsg" role="status" aria-live="polite"></p></div>
<p id="cannotPrint" class="note hidden" data-l="cannotPrint"></p>
<div id="receiveBox"><h3 data-l="chooseLocation"></h3><div id="locations" class="row"></div>
<div class="row" style="margin-top:12px"><button id="receive" class="primary" data-l="receive" disabled></button><p id="receiveMsg" class="actmsg" role="status" aria-live="polite"></p></div></div>
<p id="cannotReceive" class="note hidden" data-l="cannotReceive"></p></section>
<section><h2 data-l="receiving"></h2><div id="receivingList" class="list"></div></section>
<section><h2 data-l="labels"></h2><div id="labelsBox"><p data-l="labelsHint"></p><input id="labelSearch" autocomplete="off"><div id="labelList" class="list"></div><p id="labelsMore" class="note"></p></div>
<p id="labelsDenied" class="note hidden" data-l="cannotPrint"></p></section>
</div>
</main>
<script>${SCRIPT}</script>
</body></html>`;
}

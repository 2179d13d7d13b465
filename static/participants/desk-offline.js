// The offline check-in desk. Everything a check-in needs is on the device: the roster
// (IndexedDB, through idb), the outbox of scans not yet sent, the last check-ins. A scan
// is resolved here and shown at once; the outbox goes to the server's sync endpoint
// when the network allows (on "online", on focus, every 30 s, and on "Kirim sekarang").
// See the README, "Offline check-in desk", for the JSON API.
(function () {
  "use strict";

  const root = document.getElementById("desk");
  if (!root) return;
  const cfg = root.dataset;
  const T = JSON.parse(document.getElementById("desk-text").textContent);
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? values[key] : whole));
  const CODE_ALPHABET = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/;
  const BATCH = 200; // the server takes at most 200 scans a request
  const FLUSH_EVERY_MS = 30000;

  let db = null;
  let roster = new Map(); // id -> {id, code, name, unit, status, days: []}
  let byCode = new Map();
  let signedOut = false;

  const normaliseCode = (text) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const day = () => $("day").value;
  const newNonce = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16)
        );

  // ---- storage -------------------------------------------------------------------
  async function openDb() {
    db = await idb.openDB("bimtek-hadir-" + cfg.slug, 1, {
      upgrade(d) {
        d.createObjectStore("meta");
        d.createObjectStore("roster", { keyPath: "id" });
        d.createObjectStore("outbox", { keyPath: "nonce" });
        d.createObjectStore("log", { keyPath: "nonce" }).createIndex("at", "at");
      },
    });
    if (!(await db.get("meta", "device"))) await db.put("meta", newNonce(), "device");
  }

  async function loadRoster() {
    roster = new Map();
    byCode = new Map();
    for (const row of await db.getAll("roster")) {
      roster.set(row.id, row);
      byCode.set(row.code, row);
    }
  }

  // What a person's registration holds about the account that downloaded it: another
  // account on this device starts with an empty roster. Unsent scans stay: they are
  // the device's, and whoever signs in next sends them.
  async function forgetPeople() {
    const tx = db.transaction(["roster", "log", "meta"], "readwrite");
    await Promise.all([
      tx.objectStore("roster").clear(),
      tx.objectStore("log").clear(),
      tx.objectStore("meta").delete("version"),
      tx.objectStore("meta").delete("rosterAt"),
      tx.done,
    ]);
    roster = new Map();
    byCode = new Map();
  }

  // ---- checking in ---------------------------------------------------------------
  function presentHere(registrationId, onDay, log) {
    return log.some(
      (entry) =>
        entry.registration === registrationId &&
        entry.day === onDay &&
        ["saved", "recorded", "duplicate"].includes(entry.state)
    );
  }

  function show(text, tone) {
    const box = $("result");
    box.textContent = text;
    box.className = "desk-result " + tone;
  }

  async function record(person, raw, how) {
    const onDay = day();
    const log = await db.getAll("log");
    if (person && (person.days.includes(onDay) || presentHere(person.id, onDay, log))) {
      show(fmt(T.already, { name: person.name }), "warn");
      return;
    }
    const scan = {
      nonce: newNonce(),
      code: person ? person.code : raw,
      day: onDay,
      at: new Date().toISOString(),
      how: how,
    };
    const entry = {
      ...scan,
      registration: person ? person.id : null,
      name: person ? person.name : raw,
      unit: person ? person.unit : "",
      state: "saved",
      message: "",
    };
    const tx = db.transaction(["outbox", "log"], "readwrite");
    await Promise.all([tx.objectStore("outbox").put(scan), tx.objectStore("log").put(entry), tx.done]);
    if (!person) show(fmt(T.unknown, { code: raw }), "bad");
    else if (person.status !== "verified") {
      const status = T["status_" + person.status] || person.status;
      show(fmt(T.not_active, { name: person.name, status: status }), "warn");
    } else show(person.name + " · " + person.unit + " — " + T.saved, "ok");
    await render();
    flush();
  }

  function chooseAmong(people) {
    const list = $("matches");
    list.replaceChildren();
    for (const person of people.slice(0, 10)) {
      const item = document.createElement("li");
      item.className = "list-group-item";
      const label = document.createElement("span");
      label.textContent = person.name + " · " + person.unit + " · " + person.code;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-success";
      button.textContent = "✓";
      button.setAttribute("aria-label", person.name);
      button.addEventListener("click", () => {
        list.replaceChildren();
        record(person, person.code, "name");
      });
      item.append(label, button);
      list.append(item);
    }
  }

  async function checkIn(text, how) {
    text = text.trim();
    $("matches").replaceChildren();
    if (!text) return;
    const code = normaliseCode(text.includes("/r/") ? text.split("/r/")[1] : text);
    const person = byCode.get(code);
    if (person) return record(person, code, how);
    if (how === "typed") {
      const needle = text.toLowerCase().replace(/\s+/g, " ");
      const people = [...roster.values()].filter((p) => p.name.toLowerCase().includes(needle));
      if (people.length === 1) return record(people[0], text, "name");
      if (people.length > 1) {
        show(T.choose, "warn");
        return chooseAmong(people);
      }
      if (!CODE_ALPHABET.test(code)) return show(fmt(T.nobody, { text: text }), "bad");
    }
    return record(null, code || text, how);
  }

  // ---- the network ---------------------------------------------------------------
  const goneOut = (response) =>
    response.type === "opaqueredirect" || response.status === 401 || response.status === 403;

  function markSignedOut() {
    signedOut = true;
    show(T.signed_out, "bad");
  }

  let flushing = false;
  async function flush() {
    if (flushing || !navigator.onLine) return render();
    flushing = true;
    let sent = 0;
    try {
      for (;;) {
        const outbox = (await db.getAll("outbox")).sort((a, b) => a.at.localeCompare(b.at));
        if (!outbox.length) break;
        const batch = outbox.slice(0, BATCH);
        const response = await fetch(cfg.syncUrl, {
          method: "POST",
          credentials: "same-origin",
          redirect: "manual",
          headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf },
          body: JSON.stringify({ device: await db.get("meta", "device"), scans: batch }),
        });
        if (goneOut(response)) return markSignedOut();
        if (!response.ok) throw new Error("sync " + response.status);
        const answer = await response.json();
        await applyResults(answer);
        sent += answer.results.length;
        if (outbox.length <= BATCH) break;
      }
      signedOut = false;
      if (sent) show(fmt(T.sent, { n: sent }), "ok");
    } catch (error) {
      if (sent === 0 && (await db.count("outbox"))) show(T.send_failed, "warn");
    } finally {
      flushing = false;
      await render();
    }
  }

  async function applyResults(answer) {
    const tx = db.transaction(["outbox", "log", "roster", "meta"], "readwrite");
    for (const result of answer.results) {
      if (!result.nonce) continue;
      await tx.objectStore("outbox").delete(result.nonce);
      const entry = await tx.objectStore("log").get(result.nonce);
      if (entry) {
        entry.state = result.result;
        entry.message = result.message;
        await tx.objectStore("log").put(entry);
      }
    }
    for (const other of answer.others || []) {
      const person = await tx.objectStore("roster").get(other.registration);
      if (person && !person.days.includes(other.day)) {
        person.days.push(other.day);
        await tx.objectStore("roster").put(person);
      }
    }
    await tx.objectStore("meta").put(answer.version, "version");
    await tx.done;
    await loadRoster();
  }

  async function refreshRoster() {
    if (!navigator.onLine) return;
    const known = roster.size ? (await db.get("meta", "version")) || 0 : 0;
    const query = new URLSearchParams({
      since: String(known),
      device: await db.get("meta", "device"),
      pending: String(await db.count("outbox")),
    });
    let response;
    try {
      response = await fetch(cfg.rosterUrl + "?" + query, {
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      return;
    }
    if (goneOut(response)) {
      await forgetPeople();
      return markSignedOut();
    }
    if (!response.ok) return;
    const data = await response.json();
    if (String(data.account) !== String(await db.get("meta", "account"))) {
      // Another account than the page was kept for: start again with its full roster.
      await forgetPeople();
      await db.put("meta", String(data.account), "account");
      if (!data.full) return refreshRoster();
    }
    const tx = db.transaction(["roster", "meta"], "readwrite");
    if (data.full) await tx.objectStore("roster").clear();
    for (const row of data.registrations) await tx.objectStore("roster").put(row);
    await tx.objectStore("meta").put(data.version, "version");
    await tx.objectStore("meta").put(new Date().toISOString(), "rosterAt");
    await tx.objectStore("meta").put(data.last_day, "lastDay");
    await tx.done;
    await loadRoster();
    signedOut = false;
    // The event is over and everything is sent: the names leave this device.
    if (new Date().toISOString().slice(0, 10) > data.last_day && !(await db.count("outbox"))) {
      await forgetPeople();
    }
  }

  async function sync() {
    await flush();
    await refreshRoster();
    await render();
  }

  // ---- what the page shows -------------------------------------------------------
  async function render() {
    const onDay = day();
    const log = (await db.getAll("log")).sort((a, b) => b.at.localeCompare(a.at));
    const pending = await db.count("outbox");
    let present = 0;
    let expected = 0;
    for (const person of roster.values()) {
      if (person.status !== "verified") continue;
      expected += 1;
      if (person.days.includes(onDay) || presentHere(person.id, onDay, log)) present += 1;
    }
    $("count-present").textContent = present;
    $("count-expected").textContent = expected;
    $("count-pending").textContent = pending;
    $("bar-pending").textContent = pending;
    const online = navigator.onLine && !signedOut;
    $("net").textContent = navigator.onLine ? T.online : T.offline;
    $("net").className = "badge net-badge " + (online ? "text-bg-success" : "text-bg-warning");
    const rosterAt = await db.get("meta", "rosterAt");
    $("no-roster").textContent = T.no_roster;
    $("no-roster").classList.toggle("d-none", roster.size > 0);
    $("roster-info").textContent = rosterAt
      ? fmt(T.roster_at, { n: roster.size, time: new Date(rosterAt).toLocaleString("id-ID") })
      : "";
    const recent = $("recent");
    recent.replaceChildren();
    for (const entry of log.filter((e) => e.day === onDay).slice(0, 10)) {
      const item = document.createElement("li");
      const when = document.createElement("span");
      when.className = "when";
      when.textContent = new Date(entry.at).toLocaleTimeString("id-ID", {
        hour: "2-digit",
        minute: "2-digit",
      });
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = entry.name + (entry.unit ? " · " + entry.unit : "");
      const state = document.createElement("span");
      state.className = "state-" + entry.state;
      state.textContent = T[entry.state] || entry.state;
      if (entry.message) state.title = entry.message;
      item.append(when, who, state);
      recent.append(item);
    }
    if (!recent.children.length) {
      const item = document.createElement("li");
      item.className = "text-muted";
      item.textContent = T.nobody_yet;
      recent.append(item);
    }
    root.dataset.ready = "1"; // for the browser test: the first render is done
  }

  // ---- camera --------------------------------------------------------------------
  let stream = null;
  async function toggleCamera() {
    const box = $("camera-box");
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
      stream = null;
      box.classList.add("d-none");
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return show(T.camera_none, "warn");
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (error) {
      return show(T.camera_denied, "bad");
    }
    const video = $("camera");
    video.srcObject = stream;
    box.classList.remove("d-none");
    await video.play();
    const detector =
      "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    const canvas = $("camera-canvas");
    let last = "";
    let lastAt = 0;
    const tick = async () => {
      if (!stream) return;
      let text = "";
      if (detector) {
        const found = await detector.detect(video).catch(() => []);
        text = found.length ? found[0].rawValue : "";
      } else if (window.jsQR && video.videoWidth) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = window.jsQR(image.data, image.width, image.height);
        text = found ? found.data : "";
      }
      // One code held in front of the camera is one scan, not one per frame.
      if (text && (text !== last || Date.now() - lastAt > 5000)) {
        last = text;
        lastAt = Date.now();
        await checkIn(text, "camera");
      }
      setTimeout(tick, 250);
    };
    tick();
  }

  // ---- start ---------------------------------------------------------------------
  async function start() {
    if (!window.isSecureContext) $("insecure").classList.remove("d-none");
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register(cfg.swUrl).catch(() => {});
    }
    await openDb();
    // The page names the account it was served to: another one starts with no names.
    if (String(await db.get("meta", "account")) !== cfg.account) {
      await forgetPeople();
      await db.put("meta", cfg.account, "account");
    }
    await loadRoster();
    await render();
    $("checkin-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const text = $("query").value;
      $("query").value = "";
      checkIn(text, "typed");
      $("query").focus();
    });
    $("day").addEventListener("change", render);
    $("send-now").addEventListener("click", sync);
    $("camera-button").addEventListener("click", toggleCamera);
    $("sign-out").addEventListener("submit", async (event) => {
      event.preventDefault();
      await forgetPeople();
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget-page");
      }
      event.target.submit();
    });
    window.addEventListener("online", sync);
    window.addEventListener("offline", render);
    window.addEventListener("focus", sync);
    setInterval(sync, FLUSH_EVERY_MS);
    await sync();
  }

  document.addEventListener("DOMContentLoaded", start);
})();

// The operator console: every view and action is a call to the same /zstack/v1 API as ZStack's SDK, with the
// session in an OAuth header. Failures are shown as plain words with their ErrorCode, never as the raw answer.
"use strict";
(function () {
  const API = "/zstack/v1";
  const ADMIN_SESSION_KEY = "backupsync.console.session";
  // Below a second, so that a slow answer still leaves the bars updated at least once a second.
  const PROGRESS_PERIOD_MS = 750;
  const PLAIN = {
    "ID.1000": "The account name or the password is wrong",
    "ID.1001": "Your session has expired or was closed",
    "ID.1002": "This account may not do that",
    "SYS.1000": "The service failed internally",
    "SYS.1001": "The operation took too long",
    "SYS.1003": "It does not exist (any more)",
    "SYS.1006": "It cannot be done in the current state",
    "SYS.1007": "The request is not valid",
    "SYS.1010": "The service's database is not available",
    "SYS.1016": "A store could not be read or written",
    "BS.1500": "The store cannot be reached or is not connected"
  };

  let session = null;     // {uuid, accountName, admin}
  let stores = [];
  const backupNames = new Map();
  let progressTimer = null;
  let progressLoop = 0;     // one polling loop per login: a loop from an earlier session stops by itself

  const $ = id => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.substring(2), value);
      // Through the CSSOM: a style attribute is inline style, which the page's Content-Security-Policy refuses.
      else if (key === "width") node.style.width = value;
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  };

  // ---- formatting ----
  function bytes(n) {
    if (n === null || n === undefined) return "unknown";
    const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let value = Number(n), unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return (unit === 0 ? value.toFixed(0) : value.toFixed(1)) + " " + units[unit];
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "estimating";
    seconds = Math.max(0, Math.round(seconds));
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    return (h ? h + " h " : "") + (h || m ? m + " min " : "") + s + " s";
  }
  const storeName = uuid => (stores.find(s => s.uuid === uuid) || {}).name || uuid;
  const backupName = uuid => backupNames.get(uuid) || uuid;

  // ---- the API ----
  class ApiFailure extends Error {
    constructor(code, words) { super(words); this.code = code; this.words = words; }
  }
  function plainError(error, status) {
    if (!error || typeof error !== "object") {
      return new ApiFailure(null, "The service answered with an unexpected status (HTTP " + status + ")");
    }
    const words = PLAIN[error.code] || error.description || "The operation failed";
    const details = typeof error.details === "string" && error.details ? ": " + error.details : "";
    return new ApiFailure(error.code || null, words + details + (error.code ? " (" + error.code + ")" : ""));
  }
  async function call(method, path, body, headers) {
    const init = { method, headers: Object.assign({}, headers || {}) };
    if (session) init.headers["Authorization"] = "OAuth " + session.uuid;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json;charset=UTF-8";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (networkFailure) {
      throw new ApiFailure(null, "The service cannot be reached; check that it runs and try again");
    }
    let json = null;
    try { json = await response.json(); } catch (notJson) { json = null; }
    if (response.status === 200 || response.status === 202) return { status: response.status, json: json || {} };
    const failure = plainError(json && json.error, response.status);
    if (failure.code === "ID.1001" && session) sessionExpired();
    throw failure;
  }
  const randomUuid = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

  function say(target, text, kind) {
    const node = typeof target === "string" ? $(target) : target;
    node.textContent = text || "";
    node.className = "message" + (kind ? " " + kind : "");
  }

  // ---- login and logout ----
  async function hashPassword(password) {
    if (window.crypto && crypto.subtle && window.isSecureContext) {
      const digest = await crypto.subtle.digest("SHA-512", new TextEncoder().encode(password));
      return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, "0")).join("");
    }
    return window.sha512Hex(password);
  }
  async function logIn(event) {
    event.preventDefault();
    const button = $("login-submit");
    button.disabled = true;
    say("login-message", "Logging in...");
    try {
      const accountName = $("login-name").value.trim();
      const answer = await call("PUT", API + "/accounts/login",
          { logInByAccount: { accountName, password: await hashPassword($("login-password").value) } });
      session = { uuid: answer.json.inventory.uuid, accountName, admin: false };
      try {
        await call("GET", API + "/database-backups/replication-policies");
        session.admin = true;
      } catch (failure) {
        if (failure.code !== "ID.1002") throw failure;
      }
      sessionStorage.setItem(ADMIN_SESSION_KEY, JSON.stringify(session));
      $("login-password").value = "";
      say("login-message", "");
      await enterApp();
    } catch (failure) {
      showLogin(failure.words || "Logging in failed");
    } finally {
      button.disabled = false;
    }
  }
  function showLogin(message) {
    clearTimeout(progressTimer);
    progressTimer = null;
    progressLoop++;
    session = null;
    sessionStorage.removeItem(ADMIN_SESSION_KEY);
    forgetShownData();
    $("app").hidden = true;
    $("who").hidden = true;
    $("login-view").hidden = false;
    say("login-message", message || "", message ? "bad" : "");
    $("login-name").focus();
  }
  // Whoever logs in next in this tab sees nothing of the previous account.
  function forgetShownData() {
    stores = [];
    backupNames.clear();
    document.querySelectorAll("#app tbody, #syncs-list, #sync-results, #report-body").forEach(node => node.replaceChildren());
    ["notice", "sync-message", "add-store-message"].forEach(id => say(id, ""));
    ["sync-backup", "sync-src", "sync-dst"].forEach(id => $(id).replaceChildren());
    $("run-report").hidden = true;
    $("backup-search").value = "";
    $("backup-store").value = "";
  }
  function sessionExpired() {
    showLogin("Your session has expired or was closed. Log in again.");
  }
  async function logOut() {
    // ZStack's LogOut: the session stops working for every client, not only this page.
    try { await call("DELETE", API + "/accounts/sessions/" + session.uuid); } catch (alreadyGone) { /* ended anyway */ }
    showLogin("");
    say("login-message", "You are logged out.", "good");
  }
  async function enterApp() {
    $("login-view").hidden = true;
    $("app").hidden = false;
    $("who").hidden = false;
    $("who-name").textContent = session.accountName + (session.admin ? " (admin)" : "");
    document.querySelectorAll(".admin-only").forEach(node => { node.hidden = !session.admin; });
    document.querySelectorAll(".tenant-only").forEach(node => { node.hidden = session.admin; });
    // Stores are admin only in the API (ID.1002 for a tenant): a tenant's copies are named by their store's uuid.
    if (session.admin) await loadStores();
    await loadBackups();
    selectTab(session.admin ? "tab-stores" : "tab-backups", false);
    pollProgress(++progressLoop);
  }

  // ---- tabs ----
  const TABS = ["tab-stores", "tab-backups", "tab-syncs", "tab-replication", "tab-verify"];
  function selectTab(id, reload = true) {
    for (const tab of TABS) {
      const selected = tab === id;
      $(tab).setAttribute("aria-selected", String(selected));
      $(tab).tabIndex = selected ? 0 : -1;
      $($(tab).getAttribute("aria-controls")).hidden = !selected;
    }
    const load = { "tab-stores": loadStores, "tab-backups": loadBackups, "tab-replication": loadPolicies, "tab-verify": loadVerify }[id];
    if (load && reload) load().catch(failure => say("notice", failure.words, "bad"));
  }
  function tabKeys(event) {
    const visible = TABS.filter(id => !$(id).closest("li").hidden);
    const at = visible.indexOf(event.target.id);
    if (at < 0) return;
    let next = null;
    if (event.key === "ArrowRight") next = visible[(at + 1) % visible.length];
    if (event.key === "ArrowLeft") next = visible[(at - 1 + visible.length) % visible.length];
    if (event.key === "Home") next = visible[0];
    if (event.key === "End") next = visible[visible.length - 1];
    if (next) { event.preventDefault(); selectTab(next); $(next).focus(); }
  }

  // ---- stores ----
  async function loadStores() {
    // Every store; the image-store query adds a remote store's host, user and port.
    const [all, imageStores] = await Promise.all([call("GET", API + "/backup-storage?sort=name"),
      call("GET", API + "/backup-storage/image-store")]);
    const remote = new Map((imageStores.json.inventories || []).map(s => [s.uuid, s]));
    stores = (all.json.inventories || []).map(s => Object.assign({}, remote.get(s.uuid) || {}, s,
        { hostname: (remote.get(s.uuid) || {}).hostname, sshPort: (remote.get(s.uuid) || {}).sshPort }));
    const body = $("stores-table").tBodies[0];
    body.replaceChildren(...stores.map(store => {
      const total = store.totalCapacity, free = store.availableCapacity === null ? total : store.availableCapacity;
      const usedPercent = total > 0 ? Math.min(100, Math.max(0, (total - free) * 100 / total)) : 0;
      // A local store's row carries the placeholder host "<uuid>.local" (the inventory loader's), a remote one its host.
      const remote = store.hostname && store.hostname !== store.uuid + ".local";
      return el("tr", { "data-uuid": store.uuid },
          el("td", { text: store.name }),
          el("td", { text: remote ? "remote" : "local" }),
          el("td", { text: remote ? store.hostname + (store.sshPort && store.sshPort !== 22 ? ":" + store.sshPort : "") : "this node" }),
          el("td", { class: "status-" + store.status, text: store.status + (store.state === "Disabled" ? " (Disabled)" : "") }),
          el("td", {}, ...(total === null || total === undefined ? [el("span", { class: "small", text: "capacity not reported" })] : [
              el("div", { class: "meter used", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100",
                  "aria-valuenow": usedPercent.toFixed(1), "aria-label": "space used on " + store.name },
                  el("span", { width: usedPercent.toFixed(1) + "%" })),
              el("span", { class: "small", text: bytes(free) + " free of " + bytes(total) })])));
    }));
    const filter = $("backup-store"), chosen = filter.value;
    filter.replaceChildren(el("option", { value: "", text: "Any store" }),
        ...stores.map(s => el("option", { value: s.uuid, text: s.name })));
    filter.value = chosen;
    const dst = $("sync-dst"), chosenDst = dst.value;
    dst.replaceChildren(...stores.map(s => el("option", { value: s.uuid, text: s.name + " (" + s.status + ")" })));
    if (chosenDst) dst.value = chosenDst;
  }
  async function addStore(event) {
    event.preventDefault();
    const button = $("add-store-submit");
    button.disabled = true;
    say("add-store-message", "Adding the store (its host key is learnt first)...");
    const params = { name: $("store-name").value.trim(), hostname: $("store-hostname").value.trim(),
      username: $("store-username").value.trim(), url: $("store-url").value.trim(),
      sshPort: Number($("store-port").value || 22) };
    if ($("store-password").value) params.password = $("store-password").value;
    if ($("store-fingerprint").value.trim()) params.hostKeyFingerprint = $("store-fingerprint").value.trim();
    try {
      const answer = await call("POST", API + "/backup-storage/image-store", { params });
      $("store-password").value = "";
      say("add-store-message", "Added " + answer.json.inventory.name + " (" + answer.json.inventory.status + ").", "good");
      await loadStores();
    } catch (failure) {
      say("add-store-message", "The store was not added. " + failure.words, "bad");
    } finally {
      button.disabled = false;
    }
  }

  // ---- backups ----
  async function loadBackups() {
    const conditions = [];
    const name = $("backup-search").value.trim();
    if (name) conditions.push("name~=%" + name.replace(/[%_]/g, "") + "%");
    if ($("backup-store").value) conditions.push("backupStorageRefs.backupStorageUuid=" + $("backup-store").value);
    const query = conditions.map(q => "q=" + encodeURIComponent(q)).concat(["sort=-createDate", "limit=500"]).join("&");
    const backups = (await call("GET", API + "/database-backups?" + query)).json.inventories || [];
    backups.forEach(b => backupNames.set(b.uuid, b.name));
    const body = $("backups-table").tBodies[0];
    body.replaceChildren(...backups.map(backup => el("tr", { "data-uuid": backup.uuid },
        el("td", {}, el("span", { text: backup.name }), el("br"), el("span", { class: "small", text: backup.uuid })),
        el("td", { text: bytes(backup.size) }),
        el("td", { text: backup.createDate || "" }),
        el("td", {}, el("ul", { class: "refs" }, ...(backup.backupStorageRefs || []).map(ref => el("li", {},
            el("span", { text: storeName(ref.backupStorageUuid) + ": " }),
            el("span", { class: "status-" + ref.status, text: ref.status }),
            ref.verifyOutcome ? el("span", { class: "small status-" + ref.verifyOutcome,
              text: " · verified " + ref.verifyOutcome + (ref.lastVerifiedDate ? " on " + ref.lastVerifiedDate : "") }) : null)))))));
    if (!backups.length) body.append(el("tr", {}, el("td", { colspan: "4", text: "No backup matches." })));
    const select = $("sync-backup"), chosen = select.value;
    select.replaceChildren(...backups.map(b => el("option", { value: b.uuid, text: b.name + " (" + b.uuid.substring(0, 8) + ")" })));
    if (chosen && backups.some(b => b.uuid === chosen)) select.value = chosen;
    select.backups = backups;
    syncSources();
  }
  function syncSources() {
    const backup = ($("sync-backup").backups || []).find(b => b.uuid === $("sync-backup").value);
    const refs = backup ? (backup.backupStorageRefs || []).filter(r => r.status === "Ready") : [];
    $("sync-src").replaceChildren(...refs.map(r => el("option", { value: r.backupStorageUuid, text: storeName(r.backupStorageUuid) })));
  }

  // ---- syncs: started through ZStack's async job protocol, as the SDK does ----
  async function startSync(event) {
    event.preventDefault();
    const backupUuid = $("sync-backup").value, src = $("sync-src").value;
    const dst = session.admin ? $("sync-dst").value : $("sync-dst-uuid").value.trim();
    if (!backupUuid || !src || !dst) { say("sync-message", "Pick a backup, a source store and a destination store.", "bad"); return; }
    const label = backupName(backupUuid) + " from " + storeName(src) + " to " + storeName(dst);
    const item = el("li", { "data-backup": backupUuid, "data-state": "running", text: label + ": starting" });
    $("sync-results").prepend(item);
    say("sync-message", "Sync of " + label + " started; follow it under Syncs.", "good");
    const jobUuid = randomUuid();
    try {
      let answer = await call("PUT", API + "/database-backups/" + backupUuid + "/actions",
          { syncdatabasebackupfromimagestorebackupstorage: { srcBackupStorageUuid: src, dstBackupStorageUuid: dst } },
          { "X-Job-UUID": jobUuid });
      item.textContent = label + ": copying";
      while (answer.status === 202) {
        await sleep(1000);
        answer = await call("GET", API + "/api-jobs/" + jobUuid);
      }
      item.dataset.state = "done";
      item.className = "good";
      item.textContent = label + ": done, " + bytes(answer.json.inventory && answer.json.inventory.size) + " verified";
      await loadBackups().catch(() => {});
    } catch (failure) {
      item.dataset.state = "failed";
      item.dataset.code = failure.code || "";
      item.className = "bad";
      item.textContent = label + ": failed. " + failure.words;
      say("sync-message", "The sync of " + label + " failed. " + failure.words, "bad");
    }
  }
  async function pollProgress(loop) {
    if (!session || loop !== progressLoop) return;
    const started = Date.now();
    try {
      const inFlight = (await call("GET", API + "/database-backups/syncs/progress")).json.inventories || [];
      renderProgress(inFlight);
    } catch (failure) {
      if (!session) return;
      say("notice", "Progress could not be read. " + failure.words, "bad");
    }
    if (session && loop === progressLoop) {
      progressTimer = setTimeout(() => pollProgress(loop), Math.max(50, PROGRESS_PERIOD_MS - (Date.now() - started)));
    }
  }
  function renderProgress(inFlight) {
    $("syncs-empty").hidden = inFlight.length > 0;
    const list = $("syncs-list");
    const keep = new Set();
    for (const p of inFlight) {
      const key = p.requestId || p.databaseBackupUuid + p.dstBackupStorageUuid;
      keep.add(key);
      let item = list.querySelector("li[data-key='" + CSS.escape(key) + "']");
      if (!item) {
        item = el("li", { "data-key": key, "data-backup": p.databaseBackupUuid },
            el("div", { class: "title" }),
            el("div", { class: "meter", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100" }, el("span")),
            el("div", { class: "small figures" }));
        list.append(item);
      }
      const percent = p.bytesTotal > 0 ? Math.min(100, p.bytesDone * 100 / p.bytesTotal) : 0;
      item.querySelector(".title").textContent = backupName(p.databaseBackupUuid) + ": " + storeName(p.srcBackupStorageUuid)
          + " to " + storeName(p.dstBackupStorageUuid);
      const meter = item.querySelector(".meter");
      meter.setAttribute("aria-valuenow", percent.toFixed(1));
      meter.setAttribute("aria-label", "copied of " + backupName(p.databaseBackupUuid));
      meter.firstChild.style.width = percent.toFixed(1) + "%";
      item.dataset.bytesDone = String(p.bytesDone);
      item.querySelector(".figures").textContent = bytes(p.bytesDone) + " of " + bytes(p.bytesTotal) + " (" + percent.toFixed(1)
          + " %) · " + (p.bytesPerSecond === null || p.bytesPerSecond === undefined ? "measuring rate" : bytes(p.bytesPerSecond) + "/s")
          + " · " + (p.etaSeconds === null || p.etaSeconds === undefined ? "time left: estimating" : duration(p.etaSeconds) + " left");
    }
    list.querySelectorAll("li").forEach(item => { if (!keep.has(item.dataset.key)) item.remove(); });
  }

  // ---- replication ----
  async function nextFireTimes() {
    try { return (await call("GET", "/console/api/next-fire-times")).json.nextFireTimes || {}; } catch (failure) { return {}; }
  }
  async function loadPolicies() {
    if (!session.admin) return;
    const [policies, next] = await Promise.all([
      call("GET", API + "/database-backups/replication-policies").then(a => a.json.inventories || []), nextFireTimes()]);
    const lastRuns = await Promise.all(policies.map(p =>
        call("GET", API + "/database-backups/replication-runs?policyUuid=" + p.uuid + "&limit=1")
            .then(a => (a.json.inventories || [])[0]).catch(() => null)));
    const body = $("policies-table").tBodies[0];
    body.replaceChildren(...policies.map((policy, i) => {
      const last = lastRuns[i];
      return el("tr", { "data-uuid": policy.uuid },
          el("td", {}, el("span", { text: policy.name }), el("br"),
              el("span", { class: "small", text: storeName(policy.sourceBackupStorageUuid) + " to "
                  + (policy.destinationBackupStorageUuids || []).map(storeName).join(", ") })),
          el("td", {}, el("code", { text: policy.schedule })),
          el("td", { text: policy.state === "Disabled" ? "disabled" : (next[policy.uuid] || "not scheduled on this node") }),
          el("td", { class: last ? "status-" + last.status : "" , text: last ? last.status + " · " + last.copied + " copied, "
              + last.skipped + " skipped, " + last.failed + " failed" + (last.endDate ? " · " + last.endDate : "") : "never run" }),
          el("td", { text: policy.state }),
          el("td", {},
              el("button", { type: "button", class: "run-now", "aria-label": "Run " + policy.name + " now",
                onclick: e => runPolicy(policy, e.target), text: "Run now" }), " ",
              el("button", { type: "button", class: "secondary show-runs", "aria-label": "Show the runs of " + policy.name,
                onclick: () => loadRuns(policy).catch(f => say("notice", f.words, "bad")), text: "Runs" })));
    }));
    if (!policies.length) body.append(el("tr", {}, el("td", { colspan: "6", text: "No replication policy is configured." })));
  }
  async function runPolicy(policy, button) {
    button.disabled = true;
    say("notice", "Running " + policy.name + "...");
    try {
      let run = (await call("PUT", API + "/database-backups/replication-policies/" + policy.uuid + "/actions",
          { runReplicationPolicy: {} })).json.inventory;
      while (run.status === "Running") {
        await sleep(1000);
        run = (await call("GET", API + "/database-backups/replication-runs/" + run.uuid)).json.inventory;
      }
      say("notice", "The run of " + policy.name + " ended: " + run.status + ".", run.status === "Succeeded" ? "good" : "bad");
      await loadPolicies();
      await loadRuns(policy);
      showReport(run);
    } catch (failure) {
      say("notice", "The run of " + policy.name + " did not start. " + failure.words, "bad");
    } finally {
      button.disabled = false;
    }
  }
  async function loadRuns(policy) {
    $("runs-title").textContent = "Runs of " + policy.name;
    const runs = (await call("GET", API + "/database-backups/replication-runs?policyUuid=" + policy.uuid + "&limit=20")).json.inventories || [];
    $("runs-table").tBodies[0].replaceChildren(...runs.map(run => el("tr", { "data-uuid": run.uuid },
        el("td", { text: run.startDate || "" }),
        el("td", { class: "status-" + run.status, text: run.status + (run.triggeredBy ? " (" + run.triggeredBy + ")" : "") }),
        el("td", { text: String(run.copied) }), el("td", { text: String(run.skipped) }), el("td", { text: String(run.failed) }),
        el("td", {}, el("button", { type: "button", class: "secondary", "aria-label": "Show the report of the run started " + (run.startDate || ""),
          onclick: () => call("GET", API + "/database-backups/replication-runs/" + run.uuid)
              .then(a => showReport(a.json.inventory)).catch(f => say("notice", f.words, "bad")), text: "Report" })))));
  }
  function showReport(run) {
    const failures = run.failures || [];
    $("report-body").replaceChildren(...[
        el("p", { id: "report-summary", text: run.status + ": " + run.candidates + " candidates, " + run.copied + " copied, "
            + run.skipped + " skipped, " + run.failed + " failed, " + bytes(run.bytes) + " sent"
            + (run.endDate ? "; ended " + run.endDate : "") }),
        run.error ? el("p", { class: "bad", text: "The run stopped: " + run.error }) : null,
        failures.length ? el("ul", { id: "report-failures" }, ...failures.map(f => el("li", { "data-code": f.code },
            el("span", { text: backupName(f.databaseBackupUuid) + " to " + storeName(f.backupStorageUuid) + ": " }),
            el("span", { class: "bad", text: plainError(f, 503).words })))) : el("p", { text: "No copy failed." })].filter(Boolean));
    $("run-report").hidden = false;
  }

  // ---- verify ----
  async function loadVerify() {
    if (!session.admin) return;
    const [policies, next] = await Promise.all([
      call("GET", API + "/database-backups/verify-policies").then(a => a.json.inventories || []), nextFireTimes()]);
    const lastRuns = await Promise.all(policies.map(p =>
        call("GET", API + "/database-backups/verify-runs?policyUuid=" + p.uuid + "&limit=1")
            .then(a => (a.json.inventories || [])[0]).catch(() => null)));
    $("verify-empty").hidden = policies.length > 0;
    $("verify-table").tBodies[0].replaceChildren(...policies.map((policy, i) => {
      const last = lastRuns[i];
      return el("tr", { "data-uuid": policy.uuid },
          el("td", {}, el("span", { text: policy.name }), el("br"),
              el("span", { class: "small", text: policy.backupStorageUuid ? storeName(policy.backupStorageUuid) : "every store" })),
          el("td", {}, el("code", { text: policy.schedule })),
          el("td", { text: next[policy.uuid] || "not scheduled on this node" }),
          el("td", { class: last ? "status-" + last.status : "", text: last ? last.status + (last.endDate ? " · " + last.endDate : "") : "never run" }),
          el("td", { text: last ? last.good + " good, " + last.corrupt + " corrupt, " + last.missing + " missing, "
              + last.unreachable + " unreachable, " + last.repaired + " repaired, " + last.orphans + " orphan files" : "" }));
    }));
  }

  // ---- start ----
  document.addEventListener("DOMContentLoaded", () => {
    $("login-form").addEventListener("submit", logIn);
    $("logout").addEventListener("click", logOut);
    TABS.forEach(id => { $(id).addEventListener("click", () => selectTab(id)); $(id).addEventListener("keydown", tabKeys); });
    $("backup-filter").addEventListener("submit", e => { e.preventDefault(); loadBackups().catch(f => say("notice", f.words, "bad")); });
    $("backup-store").addEventListener("change", () => loadBackups().catch(f => say("notice", f.words, "bad")));
    $("sync-backup").addEventListener("change", syncSources);
    $("sync-form").addEventListener("submit", startSync);
    $("add-store-form").addEventListener("submit", addStore);
    const saved = sessionStorage.getItem(ADMIN_SESSION_KEY);
    if (saved) {
      session = JSON.parse(saved);
      enterApp().catch(failure => { if (session) showLogin(failure.words); });
    } else {
      showLogin("");
    }
  });
})();

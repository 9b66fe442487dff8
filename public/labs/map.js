// The map of labs: Leaflet, drawn as soon as the page is parsed.
//
// Why JavaScript and not the WASM: the page's WASM (about 4 MB) is ready
// and hydrated only 0.5-1 s after navigation on a modest machine, and a map
// that waited for it could not show its markers and answer a click within
// a second (see README, "Map and labs"). Leaflet is JavaScript already; this
// file is only what sits between it and our pages, and it needs nothing
// from the WASM: the map also works where the WASM fails to load.
//
// The contract with the page (app/src/labs/map.rs), all in the markup:
// - `<div data-labs-map data-config="{…}" data-view="{…}">`: `config` holds
//   what does not change with the URL (labels in the reader's language,
//   themes, districts, tiles, whether the reader may edit); `view` holds the
//   URL's filters, already read by `shared::labs::LabFilter` (the one place
//   the URL is parsed), and the colouring. The page updates `data-view` on a
//   client-side navigation and `data-config` on a change of language; the
//   map follows both.
// - `#map-legend`, `#map-status`: filled here; `[data-labs-map-loading]`:
//   hidden once the markers are drawn.
// - `window.LegamiMap.mount(el)` / `.unmount(el)`: called by the page when
//   it comes and goes without a page load; a page load mounts by itself.
//
// Labels, names and addresses are data: they only ever reach the DOM as
// text (textContent, or escaped into a marker's HTML).
(function () {
  "use strict";

  // A client-side navigation back to the map page adds this script again:
  // the first copy stays in charge (it knows which maps it has drawn).
  if (window.LegamiMap) {
    window.LegamiMap.mountAll();
    return;
  }

  // The province's extent, for the first view.
  const PROVINCE = [[44.937, 9.454], [45.505, 10.597]];
  const DISTRICT_COLOURS = ["#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69", "#fccde5", "#d9d9d9"];
  const SCALE = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
  const NONE_COLOUR = "#f2f2f2";
  const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /** Leaflet's own script is deferred too (and, after a client-side
   * navigation, added to the page at the same time as this one). */
  function whenLeaflet() {
    if (window.L) return Promise.resolve(window.L);
    return new Promise((resolve, reject) => {
      let tries = 0;
      const timer = setInterval(() => {
        if (window.L) {
          clearInterval(timer);
          resolve(window.L);
        } else if (++tries > 400) {
          clearInterval(timer);
          reject(new Error("Leaflet did not load"));
        }
      }, 10);
    });
  }

  /** Resolves once the browser has had a chance to paint. */
  function afterPaint() {
    return new Promise((resolve) => {
      const next = () => setTimeout(resolve, 0);
      // No frames come while the page is hidden.
      if (document.hidden) next();
      else requestAnimationFrame(next);
    });
  }

  /** A mark in the page's performance timeline (read by the benchmark,
   * end2end/bench/map-timing.mjs, and visible in the browser's profiler). */
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(`legami-map:${name}`);
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function readJson(el, attribute) {
    try {
      return JSON.parse(el.getAttribute(attribute) || "null");
    } catch (_) {
      return null;
    }
  }

  async function getText(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.text();
  }

  /** As `shared::time::format_datetime`: `25/11/2026 16:05` in Italian,
   * `25 Nov 2026, 16:05` in English, Rome's time. */
  function formatDateTime(secs, locale) {
    const parts = {};
    const format = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    for (const p of format.formatToParts(new Date(secs * 1000))) parts[p.type] = p.value;
    if (locale === "en") {
      return `${Number(parts.day)} ${MONTHS_EN[Number(parts.month) - 1]} ${parts.year}, ${parts.hour}:${parts.minute}`;
    }
    return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
  }

  /** `[west, south, east, north]` as Leaflet's `[[south, west], [north, east]]`. */
  function cornersOf(box) {
    const [w, s, e, n] = box;
    return [[s, w], [n, e]];
  }

  class LabsMap {
    constructor(el, L, config, view) {
      this.el = el;
      this.L = L;
      this.config = config;
      this.view = view;
      this.fills = new Map();
      this.districtOf = new Map();
      // The labs URL last asked for: the same view is not fetched twice, and
      // an answer that is no longer the latest question is not drawn.
      this.asked = "";
      // The box the map was last framed on (the filtered comune or district).
      this.framed = JSON.stringify(view.bounds || null);
      this.removed = false;
      // The boundaries have come: framing and colouring can be done.
      this.ready = false;

      // Wheel zoom only while the map has focus: a page scrolled past the
      // map must not zoom it by accident.
      // Whoever asked their system for less motion gets no zoom animation.
      const still = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
      this.map = L.map(el, {
        scrollWheelZoom: false, zoomAnimation: !still, fadeAnimation: !still, markerZoomAnimation: !still,
      });
      // Framed at once on the filtered comune or district, so that the first
      // labs asked for are the ones that will be shown.
      this.map.fitBounds(view.bounds ? cornersOf(view.bounds) : PROVINCE);
      this.onFocus = () => this.map.scrollWheelZoom.enable();
      this.onBlur = () => this.map.scrollWheelZoom.disable();
      el.addEventListener("focus", this.onFocus);
      el.addEventListener("blur", this.onBlur);
      if (config.tiles) {
        L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution }).addTo(this.map);
      }
      this.municipalities = L.geoJSON(null, { style: (f) => this.styleOf(f), interactive: false }).addTo(this.map);
      this.labs = L.layerGroup().addTo(this.map);
      this.map.on("moveend", () => this.reloadLabs());
      // A zoom's animation takes a quarter of a second, and Leaflet already
      // knows the view it is going to once it starts (it has set its zoom
      // and centre right after this event): the labs of that view are asked
      // for then, and drawn where they will be while the map still moves.
      // At the end, `moveend` finds that view already asked for.
      this.map.on("zoomanim", () => queueMicrotask(() => this.reloadLabs()));
      if (config.can_edit) this.map.on("click", (e) => this.offerNewLab(e.latlng));
    }

    /** The first labs and the boundaries are asked for together; the
     * markers are drawn as soon as they come, the polygons after. */
    async start() {
      const labsUrl = this.labsUrl();
      this.asked = labsUrl;
      mark("labs-asked");
      const labs = getText(labsUrl);
      const boundaries = getText("/api/v1/municipalities.geojson");
      try {
        const text = await labs;
        mark("labs-received");
        if (!this.removed && this.asked === labsUrl) this.drawLabs(text);
      } catch (_) {
        this.asked = "";
      }
      // Let the browser show the markers before building the 113 polygons
      // (about 100 ms on a slow machine, which the markers would wait for).
      await afterPaint();
      mark("labs-shown");
      // The page hydrates after this (app/src/hydration.rs).
      window.legamiMapShown = true;
      document.dispatchEvent(new Event("legami-map:shown"));
      const collection = JSON.parse(await boundaries);
      if (this.removed) return;
      for (const f of collection.features) this.districtOf.set(f.properties.istat_code, f.properties.district_id);
      this.municipalities.addData(collection);
      mark("boundaries-drawn");
      this.ready = true;
      this.applyView(this.view, true);
    }

    remove() {
      this.removed = true;
      this.el.removeEventListener("focus", this.onFocus);
      this.el.removeEventListener("blur", this.onBlur);
      this.map.remove();
    }

    /** New filters or colouring (a client-side navigation). */
    applyView(view, force) {
      const same = JSON.stringify(view) === JSON.stringify(this.view);
      this.view = view;
      // Before the boundaries come, `start` applies the latest view.
      if ((same && !force) || !this.ready) return;
      this.frame();
      this.recolour();
      this.reloadLabs();
    }

    /** `labs.geojson` for the current view and zoom, with the filters. */
    labsUrl() {
      const b = this.map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(",");
      const zoom = Math.min(22, Math.max(0, Math.round(this.map.getZoom())));
      const query = this.view.query ? `&${this.view.query}` : "";
      return `/api/v1/labs.geojson?bbox=${bbox}&zoom=${zoom}${query}`;
    }

    async reloadLabs() {
      const url = this.labsUrl();
      if (url === this.asked || this.removed) return;
      this.asked = url;
      let text;
      try {
        text = await getText(url);
      } catch (_) {
        if (this.asked === url) this.asked = "";
        return;
      }
      // Panned again meanwhile: a newer answer is on its way.
      if (this.asked === url && !this.removed) this.drawLabs(text);
    }

    /** The server groups the labs that would overlap at this zoom. */
    drawLabs(text) {
      const found = JSON.parse(text);
      this.labs.clearLayers();
      for (const feature of found.features) {
        const p = feature.properties;
        if (p.group) this.addGroup(p);
        else this.addLab(p);
      }
      const note = this.el.parentElement && this.el.parentElement.querySelector("[data-labs-map-loading]");
      if (note) note.hidden = true;
      mark("labs-drawn");
    }

    addLab(lab) {
      const L = this.L;
      const icon = L.divIcon({
        html: `<span class="lab-pin lab-pin-${escapeHtml(lab.status)}" aria-hidden="true"></span>` +
          `<span class="sr-only">${escapeHtml(lab.name)}</span>`,
        className: "lab-marker",
        iconSize: [22, 22],
      });
      const canEdit = this.config.can_edit;
      const marker = L.marker([lab.point.lat, lab.point.lon], {
        keyboard: true, title: lab.name, draggable: canEdit, riseOnHover: true, icon,
      });
      marker.bindPopup(() => this.popup(lab));
      if (canEdit) marker.on("dragend", () => this.confirmMove(marker, lab));
      marker.addTo(this.labs);
    }

    /** A group shows its count; Enter or a click zooms in on its labs. */
    addGroup(group) {
      const L = this.L;
      const [w, s, e, n] = group.bbox;
      const label = `${group.count} ${this.config.text.cluster_hint}`;
      const icon = L.divIcon({
        html: `<span aria-hidden="true">${group.count}</span><span class="sr-only">${escapeHtml(label)}</span>`,
        className: "lab-group",
        iconSize: [36, 36],
      });
      const marker = L.marker([(s + n) / 2, (w + e) / 2], { keyboard: true, title: label, icon });
      marker.on("click", () => {
        const next = Math.min(this.map.getZoom() + 2, this.config.spread_zoom);
        if (w === e && s === n) this.map.setView([s, w], next);
        else this.map.fitBounds(cornersOf(group.bbox));
      });
      marker.addTo(this.labs);
    }

    popup(lab) {
      const t = this.config.text;
      const root = element("div", "lab-popup");
      const title = element("h3");
      const link = element("a", null, lab.name);
      link.href = `/laboratori/${encodeURIComponent(lab.id)}`;
      title.append(link);
      root.append(title);
      const theme = this.config.themes[lab.theme] || lab.theme;
      const lines = [`${theme} · ${this.config.statuses[lab.status] || lab.status}`, lab.municipality_name];
      if (lab.next_meeting) {
        lines.push(`${t.next_meeting}: ${formatDateTime(lab.next_meeting.starts_at, this.config.locale)}`);
      }
      if (lab.precision === "area") lines.push(t.position_area);
      for (const line of lines) root.append(element("p", null, line));
      return root;
    }

    /** Staff clicked the map: offer a new lab at that point. */
    offerNewLab(at) {
      const link = element("a", "button primary", this.config.text.new_lab_here);
      link.href = `/staff/laboratori/nuovo?lon=${at.lng.toFixed(6)}&lat=${at.lat.toFixed(6)}`;
      this.L.popup().setLatLng(at).setContent(link).openOn(this.map);
    }

    /** A marker was dropped: ask, then move the lab (or put it back). */
    async confirmMove(marker, lab) {
      const t = this.config.text;
      const to = marker.getLatLng();
      if (!window.confirm(`${t.move_confirm} «${lab.name}»?`)) {
        marker.setLatLng([lab.point.lat, lab.point.lon]);
        return;
      }
      let message = t.unavailable;
      try {
        const response = await fetch(`/api/v1/labs/${encodeURIComponent(lab.id)}/point`, {
          method: "PUT",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ lon: to.lng, lat: to.lat }),
        });
        const body = await response.json();
        if (response.ok) message = `${t.lab_moved} ${body.lab.municipality_name}.`;
        else if (body && typeof body.message === "string") message = body.message;
      } catch (_) {
        // The message stays "unavailable".
      }
      const status = document.getElementById("map-status");
      if (status) status.textContent = message;
      // The same view from the server: the lab in its new place, or back
      // where it was when the move was refused.
      this.asked = "";
      this.reloadLabs();
    }

    /** Filtered to a comune or a district: frame it rather than the whole
     * province, so that its labs show as themselves. Only when that filter
     * changes: panning is the person's own. */
    frame() {
      const key = JSON.stringify(this.view.bounds || null);
      if (this.framed === key) return;
      this.framed = key;
      if (this.view.bounds) this.map.fitBounds(cornersOf(this.view.bounds));
    }

    styleOf(feature) {
      const fill = this.fills.get(feature.properties.istat_code) || NONE_COLOUR;
      return { color: "#4a5560", weight: 1, fillColor: fill, fillOpacity: 0.6 };
    }

    /** Colours the municipalities by district or by a figure of the period. */
    async recolour() {
      const colour = this.view.colour;
      const fills = colour === "district" ? this.districtFills() : await this.figureFills(colour);
      if (this.removed || colour !== this.view.colour || !fills) return;
      this.fills = fills;
      this.municipalities.setStyle((f) => this.styleOf(f));
    }

    districtFills() {
      const t = this.config.text;
      const colourOf = new Map(this.config.districts.map((d, i) => [d.id, DISTRICT_COLOURS[i % DISTRICT_COLOURS.length]]));
      const entries = this.config.districts.map((d) => [colourOf.get(d.id), d.name]);
      entries.push([NONE_COLOUR, t.no_district]);
      this.showLegend(t.colour.district, entries);
      const fills = new Map();
      for (const [code, d] of this.districtOf) fills.set(code, (d !== null && colourOf.get(d)) || NONE_COLOUR);
      return fills;
    }

    /** A choropleth: four equal classes up to the largest value, grey for none. */
    async figureFills(by) {
      const { from, to } = this.view;
      const period = from && to ? `?from=${from}&to=${to}` : "";
      let stats;
      try {
        stats = JSON.parse(await getText(`/api/v1/municipalities/stats${period}`));
      } catch (_) {
        return null;
      }
      const value = (s) => s[by] || 0;
      const max = Math.max(1, ...stats.map(value));
      const classOf = (v) => (v === 0 ? -1 : Math.min(3, Math.floor(((v - 1) * 4) / max)));
      const step = (i) => Math.floor((max * i + 3) / 4);
      const entries = [[NONE_COLOUR, "0"]];
      for (let i = 0; i < 4; i++) {
        const low = step(i) + 1;
        const high = step(i + 1);
        if (low <= high) entries.push([SCALE[i], low === high ? `${low}` : `${low}–${high}`]);
      }
      this.showLegend(this.config.text.colour[by], entries);
      const fills = new Map();
      for (const s of stats) {
        const c = classOf(value(s));
        fills.set(s.istat_code, c < 0 ? NONE_COLOUR : SCALE[c]);
      }
      return fills;
    }

    /** The legend as a list of colour swatches with their meaning. Colours
     * are set through the CSSOM: the page's CSP forbids style attributes. */
    showLegend(title, entries) {
      const legend = document.getElementById("map-legend");
      if (!legend) return;
      legend.textContent = "";
      legend.append(element("h2", null, `${this.config.text.legend}: ${title}`));
      const list = element("ul");
      for (const [colour, label] of entries) {
        const item = element("li");
        const swatch = element("span", "swatch");
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.backgroundColor = colour;
        item.append(swatch, document.createTextNode(label));
        list.append(item);
      }
      legend.append(list);
    }
  }

  const mounted = new WeakMap();

  /** Draws the map in `el` (once), then follows its `data-view` and
   * `data-config` attributes. */
  async function mount(el) {
    if (!el || mounted.has(el)) return;
    mounted.set(el, null);
    let L;
    try {
      L = await whenLeaflet();
    } catch (_) {
      mounted.delete(el);
      return;
    }
    if (!el.isConnected) {
      mounted.delete(el);
      return;
    }
    const configText = el.getAttribute("data-config");
    const config = readJson(el, "data-config");
    const view = readJson(el, "data-view");
    if (!config || !view) {
      mounted.delete(el);
      return;
    }
    mark("leaflet-ready");
    const state = new LabsMap(el, L, config, view);
    const observer = new MutationObserver(() => {
      const current = mounted.get(el);
      if (!current) return;
      // Hydration may write an attribute again with the same value.
      if (el.getAttribute("data-config") !== current.configText) {
        // Another language: redraw everything in the same place.
        const at = current.state.map.getCenter();
        const zoom = current.state.map.getZoom();
        unmount(el);
        mount(el).then(() => {
          const again = mounted.get(el);
          if (again) again.state.map.setView(at, zoom, { animate: false });
        });
        return;
      }
      const next = readJson(el, "data-view");
      if (next) current.state.applyView(next, false);
    });
    observer.observe(el, { attributes: true, attributeFilter: ["data-view", "data-config"] });
    mounted.set(el, { state, observer, configText });
    await state.start();
  }

  function unmount(el) {
    const current = mounted.get(el);
    mounted.delete(el);
    if (!current) return;
    current.observer.disconnect();
    current.state.remove();
  }

  function mountAll() {
    document.querySelectorAll("[data-labs-map]").forEach((el) => {
      mount(el);
    });
  }

  window.LegamiMap = { mount, unmount, mountAll };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();

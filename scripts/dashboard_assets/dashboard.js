/* Offline rendering of a Databricks AI/BI (.lvdash.json) dashboard.
 *
 * Embedded by scripts/render_dashboard.py together with the definition and the rows of
 * every dataset (run on the DuckDB build). Evaluates each widget's query (field
 * expressions, grouping) on the filtered dataset rows in the browser and draws it with
 * plotly.js (inlined). Filters work client-side on the widgets of their page.
 */
(function () {
  "use strict";

  var DEF = JSON.parse(document.getElementById("dashboard-definition").textContent);
  var DATA = JSON.parse(document.getElementById("dashboard-data").textContent);
  var PALETTE = ["#077A9D", "#FFAB00", "#00A972", "#FF3621", "#8BCAE7", "#AB4057", "#99DDB4", "#FCA4A1", "#919191", "#BF7080",
                 "#5A6F77", "#D4A72C", "#3B7DD8", "#7F5FA8", "#2E9E8F", "#E07B39", "#6B8E23"];
  window.__dashboardErrors = [];

  /* One colour per category value of a widget: by the sorted list of its values, so the
     same values get the same colours in the bars, lines and pies of a dataset. */
  function colourMap(labels) {
    var map = {};
    Array.from(new Set(labels)).sort().forEach(function (l, i) { map[l] = PALETTE[i % PALETTE.length]; });
    return map;
  }

  function monthLabel(value) { return MONTHS[+String(value).slice(5, 7) - 1] + " " + String(value).slice(0, 4); }

  // ---- data ------------------------------------------------------------------------
  var datasets = {};
  Object.keys(DATA).forEach(function (name) {
    var d = DATA[name];
    var types = {};
    d.columns.forEach(function (c) { types[c.name] = c.type; });
    datasets[name] = {
      types: types,
      rows: d.rows.map(function (r) {
        var o = {};
        d.columns.forEach(function (c, i) { o[c.name] = r[i]; });
        return o;
      })
    };
  });

  // ---- field expressions (the subset render_dashboard.py validates) -----------------
  var COL = "`([^`]+)`";
  var PATTERNS = [
    ["column", new RegExp("^" + COL + "$")],
    ["count_star", /^COUNT\(\s*(?:`\*`|\*)\s*\)$/i],
    ["count_distinct", new RegExp("^COUNT\\(\\s*DISTINCT\\s+" + COL + "\\s*\\)$", "i")],
    ["aggregate", new RegExp("^(SUM|AVG|MIN|MAX|COUNT)\\(\\s*" + COL + "\\s*\\)$", "i")],
    ["date_trunc", new RegExp("^DATE_TRUNC\\(\\s*[\"'](DAY|WEEK|MONTH|QUARTER|YEAR|HOUR)[\"']\\s*,\\s*" + COL + "\\s*\\)$", "i")],
    ["associativity", /^COUNT_IF\(\s*`associative_filter_predicate_group`\s*\)$/i]
  ];

  function parseField(field) {
    var text = field.expression.trim();
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = PATTERNS[i][1].exec(text);
      if (!m) continue;
      var kind = PATTERNS[i][0];
      if (kind === "column") return { name: field.name, kind: kind, column: m[1] };
      if (kind === "count_star") return { name: field.name, kind: "aggregate", fn: "COUNT", column: null };
      if (kind === "count_distinct") return { name: field.name, kind: "aggregate", fn: "COUNT_DISTINCT", column: m[1] };
      if (kind === "associativity") return { name: field.name, kind: kind };
      if (kind === "aggregate") return { name: field.name, kind: kind, fn: m[1].toUpperCase(), column: m[2] };
      return { name: field.name, kind: kind, unit: m[1].toUpperCase(), column: m[2] };
    }
    throw new Error("unsupported field expression " + field.expression);
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function truncDate(value, unit) {
    if (value === null || value === undefined) return null;
    var s = String(value);
    var y = +s.slice(0, 4), mo = +s.slice(5, 7), d = +s.slice(8, 10);
    if (unit === "YEAR") return y + "-01-01";
    if (unit === "QUARTER") return y + "-" + pad(Math.floor((mo - 1) / 3) * 3 + 1) + "-01";
    if (unit === "MONTH") return s.slice(0, 7) + "-01";
    if (unit === "WEEK") {
      var dt = new Date(Date.UTC(y, mo - 1, d));
      dt.setUTCDate(dt.getUTCDate() - ((dt.getUTCDay() + 6) % 7));
      return dt.toISOString().slice(0, 10);
    }
    if (unit === "HOUR") return s.length > 10 ? s.slice(0, 13) + ":00:00" : s + " 00:00:00";
    return s.slice(0, 10);
  }

  function fieldType(f, ds) {
    if (f.kind === "aggregate") return f.fn === "MIN" || f.fn === "MAX" ? ds.types[f.column] : "number";
    if (f.kind === "date_trunc") return f.unit === "HOUR" ? "timestamp" : "date";
    return ds.types[f.column] || "string";
  }

  /* Run a widget query on rows: disaggregated -> one row per input row; else group by the
     non-aggregate fields. Returns {rows, types}. */
  function runQuery(query, rows) {
    var ds = datasets[query.datasetName];
    var fields = (query.fields || []).map(parseField).filter(function (f) { return f.kind !== "associativity"; });
    var types = {};
    fields.forEach(function (f) { types[f.name] = fieldType(f, ds); });
    var dims = fields.filter(function (f) { return f.kind !== "aggregate"; });
    var aggs = fields.filter(function (f) { return f.kind === "aggregate"; });
    function dimValue(f, r) { return f.kind === "date_trunc" ? truncDate(r[f.column], f.unit) : r[f.column]; }
    if (query.disaggregated) {
      return { types: types, rows: rows.map(function (r) {
        var o = {};
        fields.forEach(function (f) { o[f.name] = f.kind === "aggregate" ? (f.column ? r[f.column] : 1) : dimValue(f, r); });
        return o;
      }) };
    }
    var groups = new Map();
    rows.forEach(function (r) {
      var keyValues = dims.map(function (f) { return dimValue(f, r); });
      var key = JSON.stringify(keyValues);
      var g = groups.get(key);
      if (!g) {
        g = { keys: keyValues, acc: aggs.map(function () { return { sum: 0, n: 0, min: null, max: null, set: new Set() }; }) };
        groups.set(key, g);
      }
      aggs.forEach(function (f, i) {
        var a = g.acc[i];
        if (f.fn === "COUNT" && !f.column) { a.n += 1; return; }
        var v = r[f.column];
        if (v === null || v === undefined) return;
        a.n += 1;
        if (typeof v === "number") a.sum += v;
        if (a.min === null || v < a.min) a.min = v;
        if (a.max === null || v > a.max) a.max = v;
        if (f.fn === "COUNT_DISTINCT") a.set.add(v);
      });
    });
    if (groups.size === 0 && dims.length === 0) {
      groups.set("[]", { keys: [], acc: aggs.map(function () { return { sum: 0, n: 0, min: null, max: null, set: new Set() }; }) });
    }
    var out = [];
    groups.forEach(function (g) {
      var o = {};
      dims.forEach(function (f, i) { o[f.name] = g.keys[i]; });
      aggs.forEach(function (f, i) {
        var a = g.acc[i];
        if (f.fn === "SUM") o[f.name] = a.n ? a.sum : null;
        else if (f.fn === "AVG") o[f.name] = a.n ? a.sum / a.n : null;
        else if (f.fn === "MIN") o[f.name] = a.min;
        else if (f.fn === "MAX") o[f.name] = a.max;
        else if (f.fn === "COUNT_DISTINCT") o[f.name] = a.set.size;
        else o[f.name] = a.n;
      });
      out.push(o);
    });
    return { types: types, rows: out };
  }

  // ---- formatting ----------------------------------------------------------------------
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function formatDateTime(value, pattern) {
    if (value === null || value === undefined) return "";
    var s = String(value);
    if (!pattern) return s.length > 10 ? s.slice(0, 16) : s;
    return pattern
      .replace("YYYY", s.slice(0, 4)).replace("MMM", MONTHS[+s.slice(5, 7) - 1]).replace("MM", s.slice(5, 7))
      .replace("DD", s.slice(8, 10)).replace("HH", s.slice(11, 13) || "00").replace("mm", s.slice(14, 16) || "00");
  }

  function decimals(fmt, fallback) {
    if (fmt && fmt.decimalPlaces && typeof fmt.decimalPlaces.places === "number") return fmt.decimalPlaces;
    return { type: "max", places: fallback };
  }

  /* A value that rounds to zero at the shown precision is shown as 0, not -0. */
  function unsignedZero(value, places, percent) {
    var scale = Math.pow(10, places + (percent ? 2 : 0));
    return Math.abs(value) * scale < 0.5 ? 0 : value;
  }

  /* Lakeview `format` object (number-currency, number-percent, number-plain). */
  function formatNumber(value, fmt) {
    if (value === null || value === undefined || value === "") return "—";
    var dp = decimals(fmt, 2);
    value = unsignedZero(value, dp.places, fmt && fmt.type === "number-percent");
    var opts = { maximumFractionDigits: dp.places, minimumFractionDigits: dp.type === "exact" ? dp.places : 0 };
    if (fmt && fmt.type === "number-currency") {
      opts.style = "currency"; opts.currency = fmt.currencyCode || "USD";
    } else if (fmt && fmt.type === "number-percent") {
      opts.style = "percent";
    }
    return new Intl.NumberFormat("en-US", opts).format(value);
  }

  /* Table numberFormat strings like "$0,0.00", "0,0", "0.0%". */
  function formatPattern(value, pattern) {
    if (value === null || value === undefined) return "";
    if (!pattern) return String(value);
    var places = (pattern.split(".")[1] || "").replace(/[^0]/g, "").length;
    var opts = { minimumFractionDigits: places, maximumFractionDigits: places, useGrouping: pattern.indexOf(",") >= 0 };
    value = unsignedZero(value, places, pattern.indexOf("%") >= 0);
    if (pattern.indexOf("%") >= 0) opts.style = "percent";
    else if (pattern.indexOf("$") >= 0) { opts.style = "currency"; opts.currency = "USD"; }
    return new Intl.NumberFormat("en-US", opts).format(value);
  }

  function formatValue(value, type, fmt) {
    if (value === null || value === undefined) return "—";
    if (type === "number") return formatNumber(value, fmt);
    if (type === "date") return formatDateTime(value, "YYYY-MM-DD");
    if (type === "timestamp") return formatDateTime(value, "YYYY-MM-DD HH:mm");
    return String(value);
  }

  function isMonthStarts(values) {
    return values.length > 0 && values.every(function (v) { return typeof v === "string" && /^\d{4}-\d{2}-01$/.test(v); });
  }

  function filterLabel(value, type, monthly) {
    if (value === null || value === undefined) return "(empty)";
    if (type === "date" && monthly) return monthLabel(value);
    return formatValue(value, type);
  }

  function plotlyFormat(fmt, forTicks) {
    if (!fmt) return undefined;
    var places = forTicks ? 0 : decimals(fmt, 2).places;
    if (fmt.type === "number-currency") return "$,." + places + "f";
    if (fmt.type === "number-percent") return "." + (forTicks ? 0 : places) + "%";
    return ",." + places + "f";
  }

  // ---- markdown for text boxes (headings, bold, italic, code) ---------------------------
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function inlineMarkdown(s) {
    return escapeHtml(s)
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/\*([^*]+)\*/g, "<em>$1</em>");
  }

  function markdown(lines) {
    return lines.join("").split("\n").map(function (line) {
      var h = /^(#{1,6})\s+(.*)$/.exec(line);
      if (h) return "<h" + h[1].length + ">" + inlineMarkdown(h[2]) + "</h" + h[1].length + ">";
      if (line.trim() === "") return "";
      return "<p>" + inlineMarkdown(line) + "</p>";
    }).join("");
  }

  // ---- filters -----------------------------------------------------------------------------
  /* A page's filters: [{widget, kind, targets: [{dataset, column}], value}] */
  function filterTargets(widget) {
    var byQuery = {};
    widget.queries.forEach(function (q) { byQuery[q.name] = q.query; });
    return widget.spec.encodings.fields.map(function (f) {
      var q = byQuery[f.queryName];
      var field = q.fields.map(parseField).filter(function (p) { return p.name === f.fieldName; })[0];
      return { dataset: q.datasetName, column: field.column };
    });
  }

  function defaultSelection(widget) {
    var sel = widget.spec.selection && widget.spec.selection.defaultSelection;
    if (sel && sel.values && sel.values.values) return sel.values.values.map(function (v) { return v.value; });
    return [];
  }

  function applyFilters(datasetName, rows, filters) {
    return filters.reduce(function (acc, flt) {
      var targets = flt.targets.filter(function (t) { return t.dataset === datasetName; });
      if (!targets.length || flt.isEmpty()) return acc;
      return acc.filter(function (r) { return targets.some(function (t) { return flt.matches(r[t.column]); }); });
    }, rows);
  }

  function distinctValues(targets) {
    var seen = new Set(), type = "string";
    targets.forEach(function (t) {
      var ds = datasets[t.dataset];
      type = ds.types[t.column] || type;
      ds.rows.forEach(function (r) { seen.add(r[t.column]); });
    });
    var values = Array.from(seen);
    values.sort(function (a, b) {
      if (a === b) return 0;
      if (a === null) return 1;
      if (b === null) return -1;
      return a < b ? -1 : 1;
    });
    if (type === "date" || type === "timestamp") values.reverse();  // newest first
    return { values: values, type: type };
  }

  function buildFilter(widget, body, onChange) {
    var kind = widget.spec.widgetType;
    var targets = filterTargets(widget);
    var opts = distinctValues(targets);
    var monthly = opts.type === "date" && isMonthStarts(opts.values.filter(function (v) { return v !== null; }));
    var flt = { widget: widget.name, kind: kind, targets: targets };
    var label = document.createElement("label");
    label.textContent = (widget.spec.frame && widget.spec.frame.title) || targets[0].column;
    body.appendChild(label);

    if (kind === "filter-single-select") {
      var select = document.createElement("select");
      select.setAttribute("data-filter", widget.name);
      select.innerHTML = '<option value="">All</option>' + opts.values.map(function (v, i) {
        return '<option value="' + i + '">' + escapeHtml(filterLabel(v, opts.type, monthly)) + "</option>";
      }).join("");
      var def = defaultSelection(widget);
      if (def.length && opts.values.indexOf(def[0]) >= 0) select.value = String(opts.values.indexOf(def[0]));
      flt.isEmpty = function () { return select.value === ""; };
      flt.matches = function (v) { return v === opts.values[+select.value]; };
      select.addEventListener("change", onChange);
      body.appendChild(select);
    } else if (kind === "filter-multi-select") {
      var box = document.createElement("div");
      box.className = "multi-select";
      box.setAttribute("data-filter", widget.name);
      var button = document.createElement("button");
      button.type = "button";
      var panel = document.createElement("div");
      panel.className = "options";
      var chosen = new Set(defaultSelection(widget));
      opts.values.forEach(function (v) {
        var row = document.createElement("label");
        var cb = document.createElement("input");
        cb.type = "checkbox";
        cb.checked = chosen.has(v);
        cb.addEventListener("change", function () {
          if (cb.checked) chosen.add(v); else chosen.delete(v);
          caption();
          onChange();
        });
        row.appendChild(cb);
        row.appendChild(document.createTextNode(filterLabel(v, opts.type, monthly)));
        panel.appendChild(row);
      });
      function caption() {
        button.textContent = chosen.size === 0 ? "All" : chosen.size === 1 ? filterLabel(Array.from(chosen)[0], opts.type, monthly) : chosen.size + " selected";
      }
      caption();
      button.addEventListener("click", function (e) {
        e.stopPropagation();
        var open = !box.classList.contains("open");
        document.querySelectorAll(".multi-select.open").forEach(function (el) { el.classList.remove("open"); });
        if (open) {
          var rect = button.getBoundingClientRect();
          panel.style.left = rect.left + "px";
          panel.style.top = rect.bottom + 2 + "px";
          box.classList.add("open");
        }
      });
      panel.addEventListener("click", function (e) { e.stopPropagation(); });
      flt.isEmpty = function () { return chosen.size === 0; };
      flt.matches = function (v) { return chosen.has(v); };
      box.appendChild(button);
      box.appendChild(panel);
      body.appendChild(box);
    } else {  // filter-date-range-picker
      var range = document.createElement("div");
      range.className = "date-range";
      range.setAttribute("data-filter", widget.name);
      var dates = opts.values.filter(function (v) { return v !== null; }).map(function (v) { return String(v).slice(0, 10); });
      var lo = document.createElement("input"), hi = document.createElement("input");
      [lo, hi].forEach(function (inp) {
        inp.type = "date";
        if (dates.length) { inp.min = dates[dates.length - 1]; inp.max = dates[0]; }
        inp.addEventListener("change", onChange);
        range.appendChild(inp);
      });
      lo.setAttribute("aria-label", "from"); hi.setAttribute("aria-label", "to");
      flt.isEmpty = function () { return !lo.value && !hi.value; };
      flt.matches = function (v) {
        if (v === null || v === undefined) return false;
        var d = String(v).slice(0, 10);
        return (!lo.value || d >= lo.value) && (!hi.value || d <= hi.value);
      };
      body.appendChild(range);
    }
    return flt;
  }

  document.addEventListener("click", function () {
    document.querySelectorAll(".multi-select.open").forEach(function (el) { el.classList.remove("open"); });
  });

  // ---- widgets -------------------------------------------------------------------------------
  function mainQuery(widget) { return widget.queries[0].query; }

  function renderCounter(widget, body, result) {
    var enc = widget.spec.encodings;
    var row = result.rows[0] || {};
    var value = row[enc.value.fieldName];
    var div = document.createElement("div");
    div.className = "counter-value";
    div.textContent = formatValue(value, result.types[enc.value.fieldName], enc.value.format);
    div.setAttribute("data-value", value === null || value === undefined ? "" : String(value));
    body.appendChild(div);
    if (enc.target) {
      var target = row[enc.target.fieldName];
      var t = document.createElement("div");
      t.className = "counter-target";
      if (typeof value === "number" && typeof target === "number" && target !== 0) {
        var change = (value - target) / Math.abs(target);
        t.innerHTML = '<span class="' + (change > 0 ? "up" : "down") + '">' + (change > 0 ? "▲ " : "▼ ") +
          escapeHtml(formatNumber(Math.abs(change), { type: "number-percent", decimalPlaces: { type: "exact", places: 1 } })) +
          "</span> vs " + escapeHtml(formatValue(target, "number", enc.target.format || enc.value.format));
      } else {
        t.textContent = "vs " + formatValue(target, result.types[enc.target.fieldName], enc.target.format || enc.value.format);
      }
      body.appendChild(t);
    }
  }

  function categoryOrder(rows, catField, valueFields, sortBy) {
    var totals = new Map();
    rows.forEach(function (r) {
      var k = r[catField];
      var v = valueFields.reduce(function (s, f) { return s + (typeof r[f] === "number" ? r[f] : 0); }, 0);
      totals.set(k, (totals.get(k) || 0) + v);
    });
    var cats = Array.from(totals.keys());
    if (sortBy && /reversed/.test(sortBy)) cats.sort(function (a, b) { return totals.get(b) - totals.get(a); });
    else if (sortBy && sortBy !== "natural-order") cats.sort(function (a, b) { return totals.get(a) - totals.get(b); });
    else cats.sort(naturalCompare);
    return cats;
  }

  /* Numbers in numeric order (7 before 14), anything else as text. */
  function naturalCompare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }

  function renderXY(widget, body, result) {
    var spec = widget.spec, enc = spec.encodings, kind = spec.widgetType;
    var x = enc.x, y = enc.y, color = enc.color;
    var horizontal = kind === "bar" && x.scale && x.scale.type === "quantitative" && y.scale && y.scale.type !== "quantitative";
    var catEnc = horizontal ? y : x;
    var valEnc = horizontal ? x : y;
    var measures = valEnc.fields ? valEnc.fields.map(function (f) { return { field: f.fieldName, name: f.displayName || f.fieldName }; })
                                 : [{ field: valEnc.fieldName, name: valEnc.displayName || valEnc.fieldName }];
    var rows = result.rows;
    if (!rows.length) { body.innerHTML = '<div class="empty">No data for this selection.</div>'; return; }
    var temporal = catEnc.scale && catEnc.scale.type === "temporal";
    // whole months on a time axis: one labelled category per month ("Aug 2026"), in order
    var monthly = temporal && isMonthStarts(rows.map(function (r) { return r[catEnc.fieldName]; }));
    if (monthly) {
      var months = Array.from(new Set(rows.map(function (r) { return r[catEnc.fieldName]; }))).sort();
      rows = rows.map(function (r) {
        var o = Object.assign({}, r);
        o[catEnc.fieldName] = monthLabel(r[catEnc.fieldName]);
        return o;
      });
      temporal = false;
    }
    var cats = monthly ? months.map(monthLabel) : temporal ? null : categoryOrder(rows, catEnc.fieldName, measures.map(function (m) { return m.field; }),
                                               catEnc.scale && catEnc.scale.sort && catEnc.scale.sort.by);
    var series = [];
    if (color) {
      var groups = new Map();
      rows.forEach(function (r) {
        var k = r[color.fieldName] === null || r[color.fieldName] === undefined ? "(empty)" : String(r[color.fieldName]);
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(r);
      });
      Array.from(groups.keys()).sort().forEach(function (k) { series.push({ name: k, rows: groups.get(k), field: measures[0].field }); });
    } else {
      measures.forEach(function (m) { series.push({ name: m.name, rows: rows, field: m.field }); });
    }
    var hoverFmt = plotlyFormat(valEnc.format, false) || ",.2f";
    var colours = colourMap(series.map(function (s) { return s.name; }));
    if (!color) series.forEach(function (s, i) { colours[s.name] = PALETTE[i % PALETTE.length]; });
    var traces = series.map(function (s) {
      var pts = s.rows.slice();
      if (temporal) pts.sort(function (a, b) { return a[catEnc.fieldName] < b[catEnc.fieldName] ? -1 : 1; });
      else if (monthly) pts.sort(function (a, b) { return cats.indexOf(a[catEnc.fieldName]) - cats.indexOf(b[catEnc.fieldName]); });
      var cs = pts.map(function (r) { return r[catEnc.fieldName]; });
      var vs = pts.map(function (r) { return r[s.field]; });
      var trace = { name: s.name, type: kind === "line" ? "scatter" : "bar", marker: { color: colours[s.name] } };
      if (kind === "line") { trace.mode = monthly ? "lines+markers" : "lines"; trace.line = { color: colours[s.name], width: 2 }; }
      if (horizontal) { trace.orientation = "h"; trace.y = cs; trace.x = vs; trace.hovertemplate = "%{y}<br>" + escapeHtml(s.name) + ": %{x:" + hoverFmt + "}<extra></extra>"; }
      else { trace.x = cs; trace.y = vs; trace.hovertemplate = "%{x}<br>" + escapeHtml(s.name) + ": %{y:" + hoverFmt + "}<extra></extra>"; }
      return trace;
    });
    // a horizontal bar's long category labels leave no room for an axis title
    var catTitle = horizontal ? "" : (catEnc.axis && catEnc.axis.title) || catEnc.displayName || "";
    var catAxis = { title: { text: catTitle }, automargin: true };
    if (temporal) {
      catAxis.type = "date";
      catAxis.hoverformat = "%Y-%m-%d";
    } else {
      catAxis.type = "category";
      catAxis.categoryorder = "array";
      catAxis.categoryarray = cats;
      if (horizontal) catAxis.autorange = "reversed";
    }
    var valAxis = { title: { text: (valEnc.axis && valEnc.axis.title) || valEnc.displayName || "" }, automargin: true,
                    tickformat: plotlyFormat(valEnc.format, true), zeroline: true, rangemode: "tozero" };
    // counts on a short axis: whole-number ticks only (no 0.5 step shown as "1, 1, 2, 2")
    var fmt = valEnc.format;
    if (fmt && fmt.type === "number-plain" && decimals(fmt, 2).places === 0) {
      var stacked = spec.mark && spec.mark.layout === "stack", totals = new Map(), top = 0;
      traces.forEach(function (t) {
        var cs = horizontal ? t.y : t.x, vs = horizontal ? t.x : t.y;
        vs.forEach(function (v, i) {
          if (typeof v !== "number") return;
          var key = stacked ? String(cs[i]) : i + "/" + t.name;
          totals.set(key, (totals.get(key) || 0) + Math.abs(v));
        });
      });
      totals.forEach(function (v) { top = Math.max(top, v); });
      if (top <= 10) valAxis.dtick = 1;
    }
    var layout = {
      margin: { l: 10, r: 10, t: 6, b: 10 }, autosize: true, showlegend: series.length > 1,
      legend: { orientation: "h", x: 0, xanchor: "left", y: 1, yanchor: "bottom", font: { size: 11 } }, font: { size: 11 },
      barmode: spec.mark && spec.mark.layout === "stack" ? "relative" : "group",
      hovermode: "closest", paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)"
    };
    layout[horizontal ? "yaxis" : "xaxis"] = catAxis;
    layout[horizontal ? "xaxis" : "yaxis"] = valAxis;
    draw(body, traces, layout);
  }

  function renderPie(widget, body, result) {
    var enc = widget.spec.encodings;
    var rows = result.rows.filter(function (r) { return typeof r[enc.angle.fieldName] === "number"; });
    if (!rows.length) { body.innerHTML = '<div class="empty">No data for this selection.</div>'; return; }
    var hoverFmt = plotlyFormat(enc.angle.format, false) || ",.2f";
    var labels = rows.map(function (r) { return String(r[enc.color.fieldName]); });
    var colours = colourMap(labels);
    var trace = {
      type: "pie", hole: 0.45, sort: true,
      labels: labels,
      values: rows.map(function (r) { return r[enc.angle.fieldName]; }),
      marker: { colors: labels.map(function (l) { return colours[l]; }) }, textinfo: enc.label && enc.label.show ? "percent" : "none",
      hovertemplate: "%{label}<br>%{value:" + hoverFmt + "} (%{percent})<extra></extra>"
    };
    draw(body, [trace], { margin: { l: 10, r: 10, t: 10, b: 10 }, autosize: true, showlegend: true,
                          legend: { font: { size: 11 } }, font: { size: 11 }, paper_bgcolor: "rgba(0,0,0,0)" });
  }

  function draw(body, traces, layout) {
    var div = document.createElement("div");
    div.className = "chart";
    body.appendChild(div);
    Plotly.newPlot(div, traces, layout, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] });
  }

  function cellText(value, col, type) {
    if (value === null || value === undefined) return "";
    if (type === "number" && col.numberFormat) return formatPattern(value, col.numberFormat);
    if ((type === "date" || type === "timestamp") && col.dateTimeFormat) return formatDateTime(value, col.dateTimeFormat);
    return formatValue(value, type);
  }

  function renderTable(widget, body, result) {
    var columns = widget.spec.encodings.columns.filter(function (c) { return c.visible !== false; })
      .slice().sort(function (a, b) { return (a.order || 0) - (b.order || 0); });
    var perPage = widget.spec.itemsPerPage || 25;
    var rows = result.rows.slice();
    var state = { page: 0, sortCol: null, desc: false };
    if (!rows.length) { body.innerHTML = '<div class="empty">No rows for this selection.</div>'; return; }
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    var pager = document.createElement("div");
    pager.className = "pager";
    body.appendChild(wrap);
    body.appendChild(pager);
    function draw() {
      var pages = Math.max(1, Math.ceil(rows.length / perPage));
      state.page = Math.min(state.page, pages - 1);
      var slice = rows.slice(state.page * perPage, (state.page + 1) * perPage);
      var head = columns.map(function (c) {
        var cls = result.types[c.fieldName] === "number" ? "num" : "";
        if (state.sortCol === c.fieldName) cls += state.desc ? " sorted-desc" : " sorted-asc";
        return '<th class="' + cls + '" data-field="' + escapeHtml(c.fieldName) + '">' + escapeHtml(c.title || c.displayName || c.fieldName) + "</th>";
      }).join("");
      var body_ = slice.map(function (r) {
        return "<tr>" + columns.map(function (c) {
          var type = result.types[c.fieldName];
          return '<td class="' + (type === "number" ? "num" : "") + '" data-field="' + escapeHtml(c.fieldName) + '">' +
            escapeHtml(cellText(r[c.fieldName], c, type)) + "</td>";
        }).join("") + "</tr>";
      }).join("");
      wrap.innerHTML = '<table class="data"><thead><tr>' + head + "</tr></thead><tbody>" + body_ + "</tbody></table>";
      wrap.querySelectorAll("th").forEach(function (th) {
        th.addEventListener("click", function () {
          var f = th.getAttribute("data-field");
          state.desc = state.sortCol === f ? !state.desc : result.types[f] === "number";
          state.sortCol = f;
          rows.sort(function (a, b) {
            var va = a[f], vb = b[f];
            if (va === vb) return 0;
            if (va === null || va === undefined) return 1;
            if (vb === null || vb === undefined) return -1;
            return (va < vb ? -1 : 1) * (state.desc ? -1 : 1);
          });
          state.page = 0;
          draw();
        });
      });
      var first = state.page * perPage + 1, last = Math.min(rows.length, (state.page + 1) * perPage);
      pager.innerHTML = "<span>rows " + first + "–" + last + " of " + rows.length + "</span>" +
        '<button type="button" data-dir="-1"' + (state.page === 0 ? " disabled" : "") + ">‹ prev</button>" +
        '<button type="button" data-dir="1"' + (state.page >= pages - 1 ? " disabled" : "") + ">next ›</button>";
      pager.querySelectorAll("button").forEach(function (b) {
        b.addEventListener("click", function () { state.page += +b.getAttribute("data-dir"); draw(); });
      });
    }
    draw();
  }

  var RENDERERS = { counter: renderCounter, line: renderXY, bar: renderXY, pie: renderPie, table: renderTable };

  // ---- pages ------------------------------------------------------------------------------------
  function widgetType(widget) {
    if (widget.multilineTextboxSpec || widget.textbox_spec) return "text";
    return widget.spec && widget.spec.widgetType;
  }

  function frameHeader(widget, el) {
    var frame = widget.spec && widget.spec.frame;
    if (!frame) return;
    if (frame.showTitle && frame.title) {
      var t = document.createElement("div");
      t.className = "widget-title";
      t.textContent = frame.title;
      el.appendChild(t);
    }
    if (frame.showDescription && frame.description) {
      var d = document.createElement("div");
      d.className = "widget-description";
      d.textContent = frame.description;
      el.appendChild(d);
    }
  }

  function reportError(el, widget, err) {
    var msg = "widget " + widget.name + ": " + (err && err.message ? err.message : err);
    window.__dashboardErrors.push(msg);
    console.error(msg);
    el.innerHTML = '<div class="error">' + escapeHtml(msg) + "</div>";
  }

  function buildPage(page, section) {
    var filters = [];
    var drawables = [];
    function refresh() {
      drawables.forEach(function (d) {
        d.body.querySelectorAll(".chart").forEach(function (c) { Plotly.purge(c); });
        d.body.innerHTML = "";
        try {
          var q = mainQuery(d.widget);
          var rows = applyFilters(q.datasetName, datasets[q.datasetName].rows, filters);
          RENDERERS[d.type](d.widget, d.body, runQuery(q, rows));
        } catch (err) {
          reportError(d.body, d.widget, err);
        }
      });
    }
    (page.layout || []).forEach(function (item) {
      var widget = item.widget, pos = item.position, type = widgetType(widget);
      var el = document.createElement("div");
      el.className = "widget " + (type === "text" ? "text" : /^filter-/.test(type) ? "filter" : type);
      el.setAttribute("data-widget", widget.name);
      el.setAttribute("data-type", type);
      el.style.gridColumn = (pos.x + 1) + " / span " + pos.width;
      el.style.gridRow = (pos.y + 1) + " / span " + pos.height;
      section.appendChild(el);
      try {
        if (type === "text") {
          el.innerHTML = markdown(widget.multilineTextboxSpec ? widget.multilineTextboxSpec.lines : [widget.textbox_spec]);
          return;
        }
        if (/^filter-/.test(type)) {
          filters.push(buildFilter(widget, el, refresh));
          return;
        }
        if (!RENDERERS[type]) throw new Error("widget type " + type + " is not supported offline");
        frameHeader(widget, el);
        var body = document.createElement("div");
        body.className = "widget-body";
        el.appendChild(body);
        drawables.push({ widget: widget, type: type, body: body });
      } catch (err) {
        reportError(el, widget, err);
      }
    });
    refresh();
  }

  var nav = document.getElementById("page-nav");
  var main = document.getElementById("pages");
  var pages = DEF.pages.filter(function (p) { return !p.pageType || p.pageType === "PAGE_TYPE_CANVAS"; });
  var built = {};

  function show(name) {
    pages.forEach(function (p) {
      var section = document.querySelector('section[data-page="' + p.name + '"]');
      var active = p.name === name;
      section.classList.toggle("active", active);
      nav.querySelector('button[data-page-link="' + p.name + '"]').classList.toggle("active", active);
      if (active && !built[p.name]) {
        built[p.name] = true;
        buildPage(p, section);
        section.setAttribute("data-rendered", "true");
      } else if (active) {
        section.querySelectorAll(".chart").forEach(function (c) { Plotly.Plots.resize(c); });
      }
    });
    if (history.replaceState) history.replaceState(null, "", "#" + name);
  }

  pages.forEach(function (p) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = p.displayName || p.name;
    button.setAttribute("data-page-link", p.name);
    button.addEventListener("click", function () { show(p.name); });
    nav.appendChild(button);
    var section = document.createElement("section");
    section.className = "page";
    section.setAttribute("data-page", p.name);
    main.appendChild(section);
  });
  var wanted = location.hash.slice(1);
  show(pages.some(function (p) { return p.name === wanted; }) ? wanted : pages[0].name);
  document.body.setAttribute("data-ready", "true");
})();

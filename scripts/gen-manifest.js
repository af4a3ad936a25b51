#!/usr/bin/env node
// Fills the generated parts of package.json's `contributes.configuration` from the source, so the
// manifest never drifts from the code:
//   cloudhsmPolicy.severity  the check ids (propertyNames enum) and one property per check, whose
//                            markdownDescription is the check's `description` and its default severity;
//   cloudhsmPolicy.roles     the principal class ids (schemas/roles/, plus "none") and their titles.
// The checks are read from server/src/analysis/checks/ at run time (every <id>.ts but index.ts), so a
// check counts as soon as its file exists. The checks are TypeScript: run through tsx,
//   node --import tsx scripts/gen-manifest.js           rewrites package.json when it is out of date
//   node --import tsx scripts/gen-manifest.js --check   exits 1 when it is out of date (writes nothing)
// Only this script writes these fields; the build never touches package.json. test/unit/manifest.test.ts
// fails when package.json is out of date.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const PKG = path.join(ROOT, 'package.json');
const CHECKS_DIR = path.join(ROOT, 'server', 'src', 'analysis', 'checks');
const SEVERITY_KEY = 'cloudhsmPolicy.severity';
const ROLES_KEY = 'cloudhsmPolicy.roles';
const LEVELS = ['error', 'warning', 'information', 'hint', 'off'];
const LEVEL_DESCRIPTIONS = [
  'Report as an error.',
  'Report as a warning.',
  'Report as information.',
  'Report as a hint (shown faded, not in the Problems panel).',
  'Do not run this check.',
];

/** The check files' ids, sorted (same rule as scripts/gen-check-index.js). */
function checkIds() {
  return fs.readdirSync(CHECKS_DIR)
    .filter((f) => /^[a-z0-9]+(-[a-z0-9]+)*\.ts$/.test(f) && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
    .sort();
}

/** Every check, loaded from its own file. Needs a TypeScript loader (tsx). */
function loadChecks() {
  return checkIds().map((id) => {
    const mod = require(path.join(CHECKS_DIR, `${id}.ts`));
    const check = mod && mod.check;
    if (!check || typeof check !== 'object') throw new Error(`${id}.ts does not export \`check\``);
    if (check.id !== id) throw new Error(`${id}.ts exports a check whose id is "${check.id}"`);
    return { id: check.id, description: String(check.description), defaultSeverity: String(check.defaultSeverity) };
  });
}

/** The principal classes: ids and titles from the data (schemas/roles/, through server/src/classData.ts). */
function loadRoles() {
  const { PRINCIPAL_CLASSES } = require(path.join(ROOT, 'server', 'src', 'classData.ts'));
  return PRINCIPAL_CLASSES.map((c) => ({ id: c.id, title: c.title }));
}

/** The generated fields of cloudhsmPolicy.severity. */
function severitySchema(checks) {
  const properties = {};
  for (const c of checks) {
    properties[c.id] = {
      type: 'string',
      enum: LEVELS,
      enumDescriptions: LEVEL_DESCRIPTIONS,
      markdownDescription: `${c.description}\n\nDefault: \`${c.defaultSeverity}\`.`,
    };
  }
  return {
    propertyNames: { enum: checks.map((c) => c.id) },
    properties,
    additionalProperties: { type: 'string', enum: LEVELS, enumDescriptions: LEVEL_DESCRIPTIONS },
  };
}

/** The generated fields of cloudhsmPolicy.roles. */
function rolesSchema(roles) {
  return {
    additionalProperties: {
      type: 'string',
      enum: [...roles.map((r) => r.id), 'none'],
      enumDescriptions: [...roles.map((r) => `${r.title}.`), 'No principal class: only the grammar checks run.'],
    },
  };
}

/**
 * Returns package.json (parsed) with the generated fields filled in. Everything else, including the
 * hand-written fields of the two settings (description, scope, default, order), is kept as it is.
 */
function render(pkg, checks = loadChecks(), roles = loadRoles()) {
  const out = JSON.parse(JSON.stringify(pkg));
  out.contributes = out.contributes || {};
  const conf = out.contributes.configuration = out.contributes.configuration || { title: 'CloudHSM Policy Lint', properties: {} };
  const props = conf.properties = conf.properties || {};
  props[SEVERITY_KEY] = { ...(props[SEVERITY_KEY] || { type: 'object', default: {}, scope: 'resource' }), ...severitySchema(checks) };
  props[ROLES_KEY] = { ...(props[ROLES_KEY] || { type: 'object', default: {}, scope: 'resource' }), ...rolesSchema(roles) };
  return out;
}

/** package.json's text as this repository formats it. */
function format(pkg) {
  return JSON.stringify(pkg, null, 2) + '\n';
}

function main() {
  const text = fs.readFileSync(PKG, 'utf8');
  const next = format(render(JSON.parse(text)));
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('package.json is out of date with the checks: run node --import tsx scripts/gen-manifest.js');
      process.exit(1);
    }
    return;
  }
  if (next !== text) {
    // Re-read just before writing: other tools may have edited package.json meanwhile.
    const latest = fs.readFileSync(PKG, 'utf8');
    fs.writeFileSync(PKG, latest === text ? next : format(render(JSON.parse(latest))));
    console.log('package.json updated');
  }
}

module.exports = { LEVELS, checkIds, loadChecks, loadRoles, render, format, SEVERITY_KEY, ROLES_KEY };

if (require.main === module) main();

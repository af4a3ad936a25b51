/**
 * The catalog in two files (server/src/catalogData.ts): catalog.json without descriptions, read at
 * start, and catalog-descriptions.json, read on the first hover or completion that shows one.
 * Together they are the whole catalog; analysis never reads the second; a missing second file
 * costs the descriptions, never a crash.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createAnalyzer, Knowledge } from '../../server/src/analysis';
import { Catalog, CatalogData, CatalogDescriptions, ServiceData } from '../../server/src/analysis/catalog';
import { complete } from '../../server/src/analysis/complete';
import { hover } from '../../server/src/analysis/hover';
import { CATALOG_FILE, catalogData, DESCRIPTIONS_FILE } from '../../server/src/catalogData';
import { getData, ROOT } from '../helpers';

const DIR = path.join(ROOT, 'server', 'generated');
/** The catalog file parsed whole: every service's data at hand. */
type WholeCatalog = CatalogData & { services: Record<string, ServiceData> };
const data = JSON.parse(fs.readFileSync(path.join(DIR, CATALOG_FILE), 'utf8')) as WholeCatalog;
const descriptions = JSON.parse(fs.readFileSync(path.join(DIR, DESCRIPTIONS_FILE), 'utf8')) as CatalogDescriptions;
const POLICY = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:*"], "Resource": "*", "Condition": { "StringEquals": { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } } ] }';

test('catalog.json has no descriptions; catalog-descriptions.json has one per action and condition key', () => {
  let actions = 0, described = 0;
  for (const [prefix, s] of Object.entries(data.services)) {
    const d = descriptions.services[prefix];
    assert.ok(d, prefix);
    assert.equal(d.a.length, s.a.length, prefix);
    for (const row of s.a) { assert.equal(row[2], ''); actions++; }
    described += d.a.filter(Boolean).length;
    assert.deepEqual(Object.keys(d.c).sort(), Object.keys(s.c).sort(), prefix);
    for (const [, [, desc]] of Object.entries(s.c)) assert.equal(desc, '');
  }
  assert.ok(actions > 15000 && described > actions * 0.9, `${described} of ${actions} actions described`);
  assert.deepEqual(Object.keys(descriptions.services).sort(), Object.keys(data.services).sort());
});

test('descriptions are read on the first hover, once, and never by analysis', () => {
  let reads = 0;
  const catalog = new Catalog(data, () => { reads++; return descriptions; });
  const analyzer = createAnalyzer(catalog, getData());
  const k = new Knowledge(catalog, getData());
  assert.ok(analyzer.analyze(POLICY).isPolicy);
  analyzer.analyze(POLICY.replace('kms:*', 'kms:Get*'));
  assert.equal(reads, 0, 'analysis read the descriptions');
  const at = POLICY.indexOf('kms:Decrypt') + 3;
  const h = hover(k, POLICY, at);
  assert.ok(h && h.markdown.includes(descriptions.services.kms.a[data.services.kms.a.findIndex((r) => r[0] === 'Decrypt')]));
  assert.equal(reads, 1);
  const key = hover(k, POLICY, POLICY.indexOf('kms:ViaService') + 5);
  assert.ok(key && key.markdown.includes(descriptions.services.kms.c['kms:ViaService']), key?.markdown);
  complete(k, POLICY, POLICY.indexOf('kms:Decrypt') + 4);
  assert.equal(reads, 1);
  // The same answers as a catalog with the descriptions inline.
  const inline: WholeCatalog = structuredClone(data);
  for (const [prefix, s] of Object.entries(inline.services)) {
    s.a.forEach((row, i) => { row[2] = descriptions.services[prefix].a[i]; });
    for (const k of Object.keys(s.c)) s.c[k][1] = descriptions.services[prefix].c[k];
  }
  const whole = new Knowledge(new Catalog(inline), getData());
  assert.deepEqual(hover(whole, POLICY, at), h);
  assert.deepEqual(complete(whole, POLICY, at), complete(k, POLICY, at));
});

test('without the descriptions file: hover without descriptions, no exception', () => {
  let reads = 0;
  const k = new Knowledge(new Catalog(data, () => { reads++; throw new Error('ENOENT: catalog-descriptions.json'); }), getData());
  const h = hover(k, POLICY, POLICY.indexOf('kms:Decrypt') + 3);
  assert.ok(h && h.markdown.startsWith('**kms:Decrypt**'));
  hover(k, POLICY, POLICY.indexOf('kms:Decrypt') + 3);
  assert.equal(reads, 1, 'a failed read is not retried on every hover');
  assert.equal(k.catalog.getAction('kms:Decrypt')!.description, '');
});

test('catalog.json is read a service at a time: the same data as parsing it whole, and only the services a policy needs', () => {
  const text = fs.readFileSync(path.join(DIR, CATALOG_FILE), 'latin1');
  assert.ok(/^[\x00-\x7f]*$/.test(text), 'the catalog file is ASCII (read as latin1)');
  const lazy = catalogData(text);
  assert.deepEqual(Object.keys(lazy.services), Object.keys(data.services));
  assert.deepEqual(lazy.keyBuckets, data.keyBuckets);
  assert.deepEqual(lazy.globalConditionKeys, data.globalConditionKeys);
  for (const [prefix, s] of Object.entries(lazy.services)) {
    assert.ok('load' in s, `${prefix} is deferred`);
    assert.equal(s.n, data.services[prefix].n);
    assert.deepEqual(s.load(), data.services[prefix], prefix);
  }
  const catalog = new Catalog(lazy);
  const analyzer = createAnalyzer(catalog, getData());
  const eager = createAnalyzer(new Catalog(data), getData());
  const r = analyzer.analyze(POLICY.replace('kms:ViaService', 'kms:ViaServce'));
  assert.deepEqual(r.findings, eager.analyze(POLICY.replace('kms:ViaService', 'kms:ViaServce')).findings);
  const loaded = [...catalog.services.values()].filter((s) => s.loaded).map((s) => s.prefix);
  assert.ok(loaded.includes('kms') && loaded.length < 10, `services read for a kms policy: ${loaded.join(', ')}`);
});

test('a catalog file not laid out a service to a line, or with a corrupt service, still reads', () => {
  const whole = catalogData(JSON.stringify(data));
  assert.ok(!('load' in whole.services.kms));
  const text = fs.readFileSync(path.join(DIR, CATALOG_FILE), 'latin1');
  const corrupt = text.replace(/^("kms":\{"n":"[^"]*",)/m, '$1 oops');
  const catalog = new Catalog(catalogData(corrupt));
  assert.equal(catalog.getService('kms')!.name, data.services.kms.n);
  assert.deepEqual(catalog.getService('kms')!.actions, []);
  assert.ok(catalog.getAction('s3:GetObject'));
  const r = createAnalyzer(catalog, getData()).analyze(POLICY);
  assert.ok(r.isPolicy);
});

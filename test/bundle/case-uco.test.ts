import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import { DataFactory, Parser, Store, type Quad, type Term } from 'n3';
import { Validator } from 'shacl-engine';
import { targetResolvers, validations } from 'shacl-engine/sparql.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { uuid5 } from '../../src-main/bundle/case-uco.js';
import { exportBundle } from '../../src-main/bundle/export-bundle.js';
import {
  buildFixtureCase,
  readZip,
  withCase,
  type FixtureCase,
} from './case-fixture.js';

const ONTOLOGY = fileURLToPath(
  new URL('../../../shared/ontology/case-uco-1.4.0', import.meta.url),
);
const haveOntology = existsSync(ONTOLOGY);
if (!haveOntology) {
  console.warn(`CASE/UCO tests skipped: ${ONTOLOGY} is absent`);
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL = 'http://www.w3.org/2002/07/owl#';
const RDFS_CLASS = 'http://www.w3.org/2000/01/rdf-schema#Class';
const SH = 'http://www.w3.org/ns/shacl#';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';

function turtleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return turtleFiles(path);
    return name.endsWith('.ttl') ? [path] : [];
  });
}

function loadOntology(): Quad[] {
  return turtleFiles(ONTOLOGY).flatMap((file) =>
    new Parser({ format: 'text/turtle' }).parse(readFileSync(file, 'utf8')),
  );
}

async function dataQuads(doc: object): Promise<Quad[]> {
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads' });
  return new Parser({ format: 'application/n-quads' }).parse(nquads);
}

const factory = {
  ...DataFactory,
  dataset: (quads?: Quad[]) => new Store(quads ?? []),
};

describe.skipIf(!haveOntology)('CASE/UCO 1.4.0 document', () => {
  let fixture: FixtureCase;
  let doc: Record<string, unknown>;
  let ontology: Quad[];
  let data: Quad[];

  beforeAll(async () => {
    fixture = await buildFixtureCase();
    const out = join(fixture.dir, 'bundle.zip');
    await withCase(fixture.casePath, (db) =>
      exportBundle(db, {
        out,
        keyDir: fixture.keyDir,
        exportedAt: fixture.exportedAt,
      }),
    );
    const zip = await readZip(out);
    doc = JSON.parse(zip.get('case-uco.jsonld')!.toString('utf8'));
    ontology = loadOntology();
    data = await dataQuads(doc);
  });

  async function violations(quads: Quad[]) {
    const shapes = new Store(ontology);
    const subclasses = ontology.filter((q) => q.predicate.value === SUBCLASS);
    const validator = new Validator(shapes, {
      factory,
      targetResolvers,
      validations,
    });
    const report = await validator.validate({
      dataset: new Store([...quads, ...subclasses]),
    });
    const ours = new Set(quads.map((q) => q.subject.value));
    return report.results
      .filter((r) => ours.has(r.focusNode.term.value))
      .map((r) => ({
        node: r.focusNode.term.value,
        severity: r.severity.value.replace(SH, ''),
        message: r.message.map((m) => m.value).join(' '),
      }));
  }

  // The shapes resolve subclass targets in the shapes graph; the data
  // graph gets only the class hierarchy (for SPARQL constraints), not
  // the whole ontology, which made one validation take minutes.
  test('has zero SHACL results of any severity on our nodes', async () => {
    expect(await violations(data)).toEqual([]);
    expect(new Set(data.map((q) => q.subject.value)).size).toBeGreaterThan(20);
  }, 180_000);

  test('the validator catches a hash typed as a plain string', async () => {
    const graph = structuredClone(doc['@graph']) as Record<string, unknown>[];
    const file = graph.find((n) => n['@type'] === 'uco-observable:File')!;
    const facets = file['uco-core:hasFacet'] as Record<string, unknown>[];
    const hash = (facets[1]['uco-observable:hash'] as Record<string, unknown>[])[0];
    hash['uco-types:hashValue'] = 'not-hex';
    const bad = await dataQuads({ ...doc, '@graph': graph });
    const found = await violations(bad);
    expect(found.length).toBeGreaterThanOrEqual(1);
    const id = (hash['@id'] as string).replace(/^kb:/, 'urn:tenant-trail:');
    expect(found.map((f) => f.node)).toContain(id);
  }, 180_000);

  test('uses only classes and properties the ontology defines', () => {
    const defined = new Store(ontology);
    const declaredAs = (iri: string, kinds: string[]) =>
      defined
        .getQuads(
          DataFactory.namedNode(iri),
          DataFactory.namedNode(RDF_TYPE),
          null,
          null,
        )
        .some((q) => kinds.includes(q.object.value));
    const classes = new Set(
      data
        .filter((q) => q.predicate.value === RDF_TYPE)
        .map((q) => q.object.value),
    );
    const properties = new Set(
      data
        .filter((q) => q.predicate.value !== RDF_TYPE)
        .map((q) => q.predicate.value),
    );
    const unknownClasses = [...classes].filter(
      (c) => !declaredAs(c, [`${OWL}Class`, RDFS_CLASS]),
    );
    const unknownProperties = [...properties].filter(
      (p) =>
        !declaredAs(p, [
          `${OWL}DatatypeProperty`,
          `${OWL}ObjectProperty`,
          `${OWL}AnnotationProperty`,
        ]),
    );
    expect(unknownClasses).toEqual([]);
    expect(unknownProperties).toEqual([]);
    expect(classes.size).toBeGreaterThanOrEqual(10);
  });

  test('types every SHA-256 as xsd:hexBinary and names every node by UUID', () => {
    const hashValues = data.filter((q) => q.predicate.value.endsWith('/hashValue'));
    expect(hashValues.length).toBe(4);
    for (const q of hashValues) {
      expect(q.object.datatype?.value).toBe(
        'http://www.w3.org/2001/XMLSchema#hexBinary',
      );
      expect(q.object.value).toMatch(/^[0-9a-f]{64}$/);
    }
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const subjects = new Set(data.map((q) => q.subject));
    for (const s of subjects as Set<Term>) {
      expect(s.termType).toBe('NamedNode');
      expect(s.value).toMatch(uuid);
    }
  });

  test('records the exhibit numbers and the evidence hashes', () => {
    const exhibits = data
      .filter((q) => q.predicate.value.endsWith('/exhibitNumber'))
      .map((q) => q.object.value)
      .sort();
    expect(exhibits).toEqual(['E001', 'E002']);
    const graph = doc['@graph'] as Record<string, unknown>[];
    const actions = graph.filter(
      (n) => n['@type'] === 'case-investigation:InvestigativeAction',
    );
    expect(actions.map((a) => a['uco-core:name']).sort()).toEqual([
      'acquisition and import',
      'acquisition and import',
      'export',
    ]);
  });
});

test('derives version 5 UUIDs the way RFC 4122 defines them', () => {
  expect(uuid5('file:abc')).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(uuid5('file:abc')).toBe(uuid5('file:abc'));
  expect(uuid5('file:abc')).not.toBe(uuid5('file:abd'));
});

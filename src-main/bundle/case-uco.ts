/**
 * `case-uco.jsonld`: the bundle described in CASE/UCO 1.4.0, the
 * standard vocabulary for exchanging digital evidence and provenance.
 *
 * Every node has an IRI ending in a name-based (version 5) UUID derived
 * from what it describes, so the same export gives the same document.
 */
import { createHash } from 'node:crypto';
import type { CaseInfo } from '../../src-shared/domain.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { evidencePath, type BundleEvidence } from './evidence-items.js';
import type { ManifestFile } from './manifest.js';

/** The UUID namespace of Tenant Trail's CASE node identifiers. */
const UUID_NAMESPACE = 'f2678390-3a10-561a-bdc0-08e41ec4c39a';

const CONTEXT = {
  kb: 'urn:tenant-trail:',
  'case-investigation': 'https://ontology.caseontology.org/case/investigation/',
  'uco-action': 'https://ontology.unifiedcyberontology.org/uco/action/',
  'uco-core': 'https://ontology.unifiedcyberontology.org/uco/core/',
  'uco-identity': 'https://ontology.unifiedcyberontology.org/uco/identity/',
  'uco-observable': 'https://ontology.unifiedcyberontology.org/uco/observable/',
  'uco-role': 'https://ontology.unifiedcyberontology.org/uco/role/',
  'uco-tool': 'https://ontology.unifiedcyberontology.org/uco/tool/',
  'uco-types': 'https://ontology.unifiedcyberontology.org/uco/types/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

/** A JSON-LD node. */
type Node = Record<string, unknown>;

/** A name-based UUID (RFC 4122 version 5) in Tenant Trail's namespace. */
export function uuid5(name: string): string {
  const ns = Buffer.from(UUID_NAMESPACE.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

function iri(kind: string, name: string): string {
  return `kb:${kind}-${uuid5(`${kind}:${name}`)}`;
}

function ref(id: string): { '@id': string } {
  return { '@id': id };
}

function dateTime(iso: string): Node {
  return { '@type': 'xsd:dateTime', '@value': iso };
}

/** What the CASE document describes. */
export interface CaseUcoInput {
  info: CaseInfo;
  evidence: readonly BundleEvidence[];
  derived: readonly ManifestFile[];
  exportedAt: string;
  exportedBy: string;
  scopeDigest: string;
}

/** Builds the CASE/UCO JSON-LD document of a bundle. */
export function caseUcoDocument(input: CaseUcoInput): Node {
  const tool = toolNode();
  const people = new Map<string, Node>();
  const person = (name: string) => personNode(people, name);
  const role = roleNode();
  const imports = input.evidence.map((e) =>
    importNodes(e, person(e.examiner)['@id'] as string, tool['@id'] as string),
  );
  const exported = exportNodes(input, imports, person, tool);
  const roles = [...people.values()].map((p) => hasRole(p, role));
  const nodes = [
    tool,
    ...people.values(),
    role,
    ...roles,
    ...imports.flatMap((i) => i.nodes),
    ...exported,
  ];
  const investigation = investigationNode(input.info, nodes);
  return { '@context': CONTEXT, '@graph': [investigation, ...nodes] };
}

function toolNode(): Node {
  return {
    '@id': iri('tool', `${TOOL_NAME} ${TOOL_VERSION}`),
    '@type': 'uco-tool:AnalyticTool',
    'uco-core:name': TOOL_NAME,
    'uco-tool:version': TOOL_VERSION,
    'uco-tool:toolType': 'forensic workbench for cloud tenant logs',
  };
}

function personNode(people: Map<string, Node>, name: string): Node {
  const known = people.get(name);
  if (known) return known;
  const node = {
    '@id': iri('person', name),
    '@type': 'uco-identity:Person',
    'uco-core:name': name,
  };
  people.set(name, node);
  return node;
}

function roleNode(): Node {
  return {
    '@id': iri('role', 'examiner'),
    '@type': 'case-investigation:Examiner',
    'uco-core:name': 'Examiner',
  };
}

function hasRole(person: Node, role: Node): Node {
  return {
    '@id': iri('relationship', `${person['@id']} has role ${role['@id']}`),
    '@type': 'uco-core:Relationship',
    'uco-core:source': ref(person['@id'] as string),
    'uco-core:target': ref(role['@id'] as string),
    'uco-core:kindOfRelationship': 'Has_Role',
    'uco-core:isDirectional': true,
  };
}

/** A file node with its name, size and SHA-256. */
function fileNode(
  sha256: string,
  size: number,
  names: { fileName: string; filePath: string },
): Node {
  const hashId = iri('hash', sha256);
  return {
    '@id': iri('file', sha256),
    '@type': 'uco-observable:File',
    'uco-core:hasFacet': [
      {
        '@id': iri('file-facet', sha256),
        '@type': 'uco-observable:FileFacet',
        'uco-observable:fileName': names.fileName,
        'uco-observable:filePath': names.filePath,
        'uco-observable:sizeInBytes': size,
      },
      {
        '@id': iri('content-data-facet', sha256),
        '@type': 'uco-observable:ContentDataFacet',
        'uco-observable:sizeInBytes': size,
        'uco-observable:hash': [
          {
            '@id': hashId,
            '@type': 'uco-types:Hash',
            'uco-types:hashMethod': 'SHA256',
            'uco-types:hashValue': { '@type': 'xsd:hexBinary', '@value': sha256 },
          },
        ],
      },
    ],
  };
}

interface ImportNodes {
  actionId: string;
  fileId: string;
  nodes: Node[];
}

/** The evidence file, its exhibit record, and the import that made it. */
function importNodes(
  e: BundleEvidence,
  personId: string,
  toolId: string,
): ImportNodes {
  const file = fileNode(e.sha256, e.size, {
    fileName: e.originalName,
    filePath: evidencePath(e.sha256),
  });
  const record = {
    '@id': iri('provenance-record', e.sha256),
    '@type': 'case-investigation:ProvenanceRecord',
    'uco-core:description': `Evidence item ${e.id}: ${e.originalName}`,
    'case-investigation:exhibitNumber': e.exhibitNumber,
    'uco-core:object': [ref(file['@id'] as string)],
  };
  const action = {
    '@id': iri('investigative-action', `import ${e.sha256} ${e.importedAt}`),
    '@type': 'case-investigation:InvestigativeAction',
    'uco-core:name': 'acquisition and import',
    'uco-core:description':
      `Acquired ${e.originalName} into the case byte-exact and read it ` +
      `as ${e.format} (${e.encoding}) with importer ${e.importerVersion}`,
    'uco-action:startTime': dateTime(e.importedAt),
    'uco-action:performer': ref(personId),
    'uco-action:instrument': [ref(toolId)],
    'uco-action:result': [ref(file['@id'] as string), ref(record['@id'])],
  };
  return {
    actionId: action['@id'],
    fileId: file['@id'] as string,
    nodes: [file, record, action],
  };
}

/** The export itself: its inputs, the derived event files, the action. */
function exportNodes(
  input: CaseUcoInput,
  imports: readonly ImportNodes[],
  person: (name: string) => Node,
  tool: Node,
): Node[] {
  const derived = input.derived.map((f) =>
    fileNode(f.sha256, f.size, {
      fileName: baseName(f.path),
      filePath: f.path,
    }),
  );
  const action = {
    '@id': iri('investigative-action', `export ${input.scopeDigest}`),
    '@type': 'case-investigation:InvestigativeAction',
    'uco-core:name': 'export',
    'uco-core:description':
      'Exported the evidence files and normalized events in scope ' +
      'into a signed evidence bundle',
    'uco-action:startTime': dateTime(input.exportedAt),
    'uco-action:performer': ref(person(input.exportedBy)['@id'] as string),
    'uco-action:instrument': [ref(tool['@id'] as string)],
    'uco-action:object': imports.map((i) => ref(i.fileId)),
    'uco-action:result': derived.map((d) => ref(d['@id'] as string)),
    'case-investigation:wasInformedBy': imports.map((i) => ref(i.actionId)),
  };
  return [...derived, action];
}

function investigationNode(info: CaseInfo, nodes: readonly Node[]): Node {
  return {
    '@id': iri('investigation', info.caseNumber),
    '@type': 'case-investigation:Investigation',
    'uco-core:name': info.caseNumber,
    'uco-core:description': info.title,
    'case-investigation:focus': info.title,
    'case-investigation:investigationForm': 'case',
    'uco-core:object': nodes.map((n) => ref(n['@id'] as string)),
  };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

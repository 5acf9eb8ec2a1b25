/**
 * Minimal type declarations of the RDF packages the CASE/UCO validation
 * test uses; none of them ships its own.
 */
declare module 'jsonld' {
  const jsonld: {
    toRDF(doc: object, o: { format: 'application/n-quads' }): Promise<string>;
  };
  export default jsonld;
}

declare module 'n3' {
  /** An RDF term. */
  export interface Term {
    termType: string;
    value: string;
    datatype?: Term;
    equals(other: Term | null | undefined): boolean;
  }

  /** An RDF quad. */
  export interface Quad {
    subject: Term;
    predicate: Term;
    object: Term;
    graph: Term;
  }

  /** A parser of Turtle and N-Quads. */
  export class Parser {
    constructor(o?: { format?: string; baseIRI?: string });
    parse(text: string): Quad[];
  }

  /** An in-memory RDF dataset. */
  export class Store {
    constructor(quads?: Quad[]);
    size: number;
    addQuads(quads: Quad[]): void;
    getQuads(
      s: Term | null,
      p: Term | null,
      o: Term | null,
      g: Term | null,
    ): Quad[];
  }

  export const DataFactory: {
    namedNode(iri: string): Term;
    literal(value: string, langOrType?: string | Term): Term;
    blankNode(name?: string): Term;
    quad(s: Term, p: Term, o: Term, g?: Term): Quad;
  };
}

declare module 'shacl-engine' {
  import type { Term } from 'n3';

  /** One SHACL validation result. */
  export interface ValidationResult {
    focusNode: { term: Term };
    severity: Term;
    message: Term[];
    path: unknown;
    value?: { term: Term } | null;
  }

  /** A SHACL validator over a shapes graph. */
  export class Validator {
    constructor(shapes: object, o: Record<string, unknown>);
    validate(data: { dataset: object }): Promise<{
      conforms: boolean;
      results: ValidationResult[];
    }>;
  }
}

declare module 'shacl-engine/sparql.js' {
  export const targetResolvers: Map<unknown, unknown>;
  export const validations: Map<unknown, unknown>;
}

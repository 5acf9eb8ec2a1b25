/**
 * Numbered schema migrations of the case file.
 *
 * A migration never changes once released: a new need is a new migration.
 * `PRAGMA user_version` holds the number of the last one applied.
 */
import type Database from 'better-sqlite3';

/** One schema step: its number, a name and the SQL that applies it. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const V1_CASE_AND_EVIDENCE = `
CREATE TABLE case_info (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  case_number TEXT NOT NULL,
  title TEXT NOT NULL,
  examiner TEXT NOT NULL,
  created_at TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  display_tz TEXT NOT NULL DEFAULT 'UTC',
  policy_json TEXT NOT NULL DEFAULT '{}',
  catalog_version TEXT
) STRICT;

CREATE TABLE geo_db (
  id INTEGER PRIMARY KEY,
  city_name TEXT NOT NULL,
  city_build_date TEXT NOT NULL,
  asn_name TEXT NOT NULL,
  asn_build_date TEXT NOT NULL,
  UNIQUE (city_name, city_build_date, asn_name, asn_build_date)
) STRICT;

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  original_name TEXT NOT NULL,
  original_path TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  examiner TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  importer_version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('importing', 'complete')),
  chunk_size INTEGER NOT NULL,
  read_count INTEGER NOT NULL DEFAULT 0,
  imported_count INTEGER NOT NULL DEFAULT 0,
  duplicate_count INTEGER NOT NULL DEFAULT 0,
  rejected_count INTEGER NOT NULL DEFAULT 0,
  first_time_ms INTEGER,
  last_time_ms INTEGER,
  events_digest TEXT,
  options_json TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE evidence_chunk (
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  seq INTEGER NOT NULL,
  raw_size INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (evidence_id, seq)
) STRICT;

CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  time_text TEXT NOT NULL,
  source TEXT NOT NULL,
  workload TEXT,
  operation TEXT NOT NULL,
  category TEXT NOT NULL,
  result TEXT NOT NULL,
  result_code TEXT,
  actor TEXT,
  actor_original TEXT,
  actor_id TEXT,
  target TEXT,
  ip TEXT,
  ip_original TEXT,
  port INTEGER,
  user_agent TEXT,
  client_app TEXT,
  session_id TEXT,
  correlation_id TEXT,
  record_id TEXT,
  tenant_id TEXT,
  country TEXT,
  region TEXT,
  city TEXT,
  lat REAL,
  lon REAL,
  asn INTEGER,
  as_org TEXT,
  geo_db_id INTEGER,
  source_location TEXT,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL,
  line INTEGER,
  row INTEGER,
  dedupe_key TEXT,
  content_hash TEXT NOT NULL,
  row_hash BLOB NOT NULL,
  conflict INTEGER NOT NULL DEFAULT 0,
  details TEXT
) STRICT;

CREATE TABLE event_occurrence (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES event (id),
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  byte_offset INTEGER NOT NULL,
  byte_length INTEGER NOT NULL,
  line INTEGER,
  row INTEGER
) STRICT;

CREATE TABLE import_warning (
  id INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  line INTEGER,
  byte_offset INTEGER,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
  code TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;

CREATE TABLE custody (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  examiner TEXT NOT NULL,
  action TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN SELECT RAISE(ABORT, 'custody log is append-only'); END;

CREATE INDEX event_time ON event (time_ms, id);
CREATE INDEX event_actor_time ON event (actor, time_ms);
CREATE INDEX event_ip_time ON event (ip, time_ms);
CREATE INDEX event_operation_time ON event (operation, time_ms);
CREATE INDEX event_country_time ON event (country, time_ms);
CREATE INDEX event_evidence ON event (evidence_id, id);
CREATE INDEX event_dedupe ON event (dedupe_key);
CREATE INDEX occurrence_event ON event_occurrence (event_id);
CREATE INDEX warning_evidence ON import_warning (evidence_id, id);
`;

const V2_SEARCH_AND_ANNOTATIONS = `
CREATE VIRTUAL TABLE event_fts USING fts5 (
  operation, actor, ip, user_agent, target, original,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE fts_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  indexed_through INTEGER NOT NULL
) STRICT;
INSERT INTO fts_state (id, indexed_through) VALUES (1, 0);

CREATE TABLE bookmark (
  event_id INTEGER PRIMARY KEY REFERENCES event (id),
  created_at TEXT NOT NULL,
  examiner TEXT NOT NULL
) STRICT;

CREATE TABLE tag (
  event_id INTEGER NOT NULL REFERENCES event (id),
  tag TEXT NOT NULL,
  created_at TEXT NOT NULL,
  examiner TEXT NOT NULL,
  PRIMARY KEY (event_id, tag)
) STRICT;
CREATE INDEX tag_by_name ON tag (tag, event_id);

CREATE TABLE note (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES event (id),
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  examiner TEXT NOT NULL
) STRICT;
CREATE INDEX note_event ON note (event_id, id);
`;

const V3_FINDINGS = `
CREATE TABLE finding (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  severity TEXT NOT NULL
    CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  technique TEXT NOT NULL,
  actor TEXT,
  first_time_ms INTEGER NOT NULL,
  last_time_ms INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  explanation TEXT NOT NULL,
  matched_json TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'reviewed', 'false-positive')),
  review_note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX finding_actor ON finding (actor, first_time_ms);
CREATE INDEX finding_rule ON finding (rule_id, first_time_ms);

CREATE TABLE finding_event (
  finding_id INTEGER NOT NULL REFERENCES finding (id),
  event_id INTEGER NOT NULL REFERENCES event (id),
  PRIMARY KEY (finding_id, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX finding_event_by_event ON finding_event (event_id, finding_id);
`;

const V4_DEFERRED_INDEXES = `
CREATE TABLE deferred_index (
  name TEXT PRIMARY KEY,
  sql TEXT NOT NULL
) STRICT;
`;

// Summaries the workbench reads instead of scanning every event: per
// actor, per minute, and each event's position in time order. Triggers
// mark them stale on any change to the events; readers then fall back
// to the event table until an import rebuilds them.
const V5_SUMMARIES = `
CREATE TABLE summary_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  fresh INTEGER NOT NULL CHECK (fresh IN (0, 1)),
  events INTEGER NOT NULL
) STRICT;
INSERT INTO summary_state (id, fresh, events) VALUES (1, 0, 0);

CREATE TABLE actor_summary (
  actor TEXT PRIMARY KEY,
  events INTEGER NOT NULL,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  countries TEXT,
  ips INTEGER NOT NULL,
  failed INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE minute_count (
  minute INTEGER PRIMARY KEY,
  events INTEGER NOT NULL
) STRICT;

CREATE TABLE time_order (
  pos INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL
) STRICT;

CREATE TRIGGER summary_stale_insert AFTER INSERT ON event
BEGIN UPDATE summary_state SET fresh = 0 WHERE id = 1 AND fresh = 1; END;
CREATE TRIGGER summary_stale_delete AFTER DELETE ON event
BEGIN UPDATE summary_state SET fresh = 0 WHERE id = 1 AND fresh = 1; END;
CREATE TRIGGER summary_stale_update
AFTER UPDATE OF id, time_ms, actor, ip, country, category, result ON event
BEGIN UPDATE summary_state SET fresh = 0 WHERE id = 1 AND fresh = 1; END;
`;

// Search keys put the time above the event id (search-keys.ts): the old
// index, keyed by id alone, is emptied and rebuilt from the evidence.
const V6_TIME_KEYED_SEARCH = `
INSERT INTO event_fts (event_fts) VALUES ('delete-all');
UPDATE fts_state SET indexed_through = 0 WHERE id = 1;
`;

// An empty one-column search index, to be rebuilt from the evidence:
// migrations 7 and 8 each change the keys (search-keys.ts), not what
// the index finds. Released migrations use it, so it never changes.
const EMPTY_ONE_COLUMN_SEARCH = `
DROP TABLE event_fts;
CREATE VIRTUAL TABLE event_fts USING fts5 (
  text,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
UPDATE fts_state SET indexed_through = 0 WHERE id = 1;
`;

// One column and minute keys.
const V7_ONE_COLUMN_SEARCH = EMPTY_ONE_COLUMN_SEARCH;

// Hour keys instead of minute keys.
const V8_HOUR_KEYED_SEARCH = EMPTY_ONE_COLUMN_SEARCH;

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'case, evidence, events', sql: V1_CASE_AND_EVIDENCE },
  { version: 2, name: 'search index, annotations', sql: V2_SEARCH_AND_ANNOTATIONS },
  { version: 3, name: 'findings', sql: V3_FINDINGS },
  { version: 4, name: 'indexes set aside during a bulk import',
    sql: V4_DEFERRED_INDEXES },
  { version: 5, name: 'summaries of actors, minutes and time order',
    sql: V5_SUMMARIES },
  { version: 6, name: 'search index keyed by time',
    sql: V6_TIME_KEYED_SEARCH },
  { version: 7, name: 'search index of one column, keyed by minute',
    sql: V7_ONE_COLUMN_SEARCH },
  { version: 8, name: 'search index keyed by hour',
    sql: V8_HOUR_KEYED_SEARCH },
];

/** The schema version a fully migrated case file has. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Applies every migration above the file's version, each atomically. */
export function migrate(
  db: Database.Database,
  upTo: number = LATEST_VERSION,
): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

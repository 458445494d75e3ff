// The PostgreSQL schema, as numbered migrations. Append new ones; never edit an applied one.
// `npx jixiao db migrate` (or DB_MIGRATE=auto at start) applies those not yet in schema_version.
//
// bot_state.doc is the item's JSON as text (not jsonb: jsonb refuses \u0000 and lone surrogates,
// which hostile users can type; JSON.stringify escapes both). The eTag is a number from one
// sequence: it never repeats, even for a key deleted and written again, so an old eTag can never
// match a newer item.
export type Migration = { version: number; description: string; sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'bot state, exported files, shared key/value',
    sql: `
CREATE SEQUENCE bot_state_etag_seq;
CREATE TABLE bot_state (
  key        text PRIMARY KEY,
  doc        text NOT NULL,
  etag       bigint NOT NULL DEFAULT nextval('bot_state_etag_seq'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE exported_files (
  token        text PRIMARY KEY,
  name         text NOT NULL,
  content_type text NOT NULL,
  bytes        bytea NOT NULL,
  user_id      text NOT NULL,
  form_key     text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX exported_files_expires_at ON exported_files (expires_at);
CREATE SEQUENCE shared_kv_version_seq;
CREATE TABLE shared_kv (
  namespace  text NOT NULL,
  key        text NOT NULL,
  value      text NOT NULL,
  version    bigint NOT NULL DEFAULT nextval('shared_kv_version_seq'),
  expires_at timestamptz,
  PRIMARY KEY (namespace, key)
);
CREATE INDEX shared_kv_expires_at ON shared_kv (expires_at) WHERE expires_at IS NOT NULL;
`,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

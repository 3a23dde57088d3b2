-- The archive's schema, version 1 (SQLite). One row per stored article,
-- one per relation of it; indexes for the queries of /v1/relations,
-- /v1/events, /v1/timeline and /v1/actors/{code}.
CREATE TABLE articles (
    id             TEXT PRIMARY KEY,
    content_hash   TEXT NOT NULL UNIQUE,
    url            TEXT,
    outlet         TEXT,
    published      TEXT,
    title          TEXT,
    reference_date TEXT,
    stored_at      TEXT NOT NULL,
    text           TEXT NOT NULL,
    analysis       TEXT NOT NULL
);

CREATE TABLE facts (
    fid          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    relation_id  TEXT NOT NULL,
    actor_a      TEXT NOT NULL,
    actor_b      TEXT NOT NULL,
    source       TEXT NOT NULL,
    target       TEXT NOT NULL,
    kind         TEXT NOT NULL,
    quad_class   TEXT NOT NULL,
    polarity     TEXT NOT NULL,
    score        REAL NOT NULL,
    status       TEXT NOT NULL,
    day          TEXT NOT NULL,
    date_text    TEXT,
    date_value   TEXT,
    trigger_text TEXT NOT NULL,
    ev_start     INTEGER NOT NULL,
    ev_end       INTEGER NOT NULL,
    evidence     TEXT NOT NULL,
    claimant     TEXT
);

-- Each index carries the columns its queries read (kind and score for
-- the timeline, the other side and score for counterparts), so those
-- queries are answered from the index alone.
CREATE INDEX facts_pair_day ON facts (actor_a, actor_b, day DESC, fid DESC, kind, score);
CREATE INDEX facts_a_day ON facts (actor_a, day DESC, fid DESC, actor_b, score);
CREATE INDEX facts_b_day ON facts (actor_b, day DESC, fid DESC, actor_a, score);
CREATE INDEX facts_day ON facts (day DESC, fid DESC);
CREATE INDEX facts_article ON facts (article_id);

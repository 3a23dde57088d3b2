//! The archive in one SQLite file (rusqlite, SQLite bundled): WAL mode,
//! one writer connection and a few readers, every call on tokio's
//! blocking pool.
//!
//! Writes are serialised by the one writer, so concurrent stores of one
//! id simply run one after the other and the last wins; readers see the
//! last committed state while a write is under way (WAL).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::query::{self, Dialect, Param, Where};
use super::{
    ArticleRecord, Counterpart, Cursor, DayCount, Fact, FactFilter, NewArticle, Repository, Result,
    StoreError, Stored,
};

/// The migrations, in order; the n-th sets `user_version` to n.
const MIGRATIONS: [&str; 1] = [include_str!("migrations/sqlite_0001_init.sql")];

/// Reader connections of a file archive.
const READERS: usize = 4;

struct Conns {
    writer: Mutex<Connection>,
    /// Empty for an archive in memory: the writer reads too.
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

/// The SQLite archive.
#[derive(Clone)]
pub struct SqliteStore {
    conns: Arc<Conns>,
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves it usable: SQLite rolls
    // back an unfinished transaction when the next one begins.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn configure(c: &Connection) -> Result<()> {
    c.busy_timeout(std::time::Duration::from_secs(10))?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn migrate(c: &mut Connection) -> Result<()> {
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating when missing) the archive at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("creating {}: {e}", dir.display())))?;
        }
        let mut writer = Connection::open(path)?;
        configure(&writer)?;
        let mode: String =
            writer.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(mode, "SQLite did not switch to WAL mode");
        }
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        migrate(&mut writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let r = Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&r)?;
            readers.push(Mutex::new(r));
        }
        Ok(Self::from_conns(writer, readers))
    }

    /// An archive in memory, gone with the process.
    pub fn memory() -> Result<Self> {
        let mut c = Connection::open_in_memory()?;
        configure(&c)?;
        migrate(&mut c)?;
        Ok(Self::from_conns(c, Vec::new()))
    }

    fn from_conns(writer: Connection, readers: Vec<Mutex<Connection>>) -> Self {
        Self {
            conns: Arc::new(Conns {
                writer: Mutex::new(writer),
                readers,
                next: AtomicUsize::new(0),
            }),
        }
    }

    /// Runs `f` with the writer on the blocking pool.
    fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> BoxFuture<'static, Result<T>> {
        let conns = self.conns.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || f(&mut lock(&conns.writer)))
                .await
                .map_err(|e| StoreError::Join(e.to_string()))?
        })
    }

    /// Runs `f` with a reader (the writer for an archive in memory) on
    /// the blocking pool: a free one if any, else the next in turn.
    fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> BoxFuture<'static, Result<T>> {
        let conns = self.conns.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                if conns.readers.is_empty() {
                    return f(&lock(&conns.writer));
                }
                for r in &conns.readers {
                    if let Ok(c) = r.try_lock() {
                        return f(&c);
                    }
                }
                let i = conns.next.fetch_add(1, Ordering::Relaxed) % conns.readers.len();
                f(&lock(&conns.readers[i]))
            })
            .await
            .map_err(|e| StoreError::Join(e.to_string()))?
        })
    }
}

impl rusqlite::ToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Param::Text(s) => s.to_sql(),
            Param::Int(i) => i.to_sql(),
        }
    }
}

fn row_to_fact(r: &Row<'_>) -> rusqlite::Result<Fact> {
    Ok(query::fact_from_row!(r, get))
}

/// Stores `a` in one transaction (see [`Repository::put`]): its id, then
/// the copy it replaces removed, then the article and its facts.
fn put(c: &mut Connection, a: &NewArticle) -> Result<Stored> {
    let now = chrono::Utc::now();
    let analysis = serde_json::to_string(&a.analysis)
        .map_err(|e| StoreError::Corrupt(format!("analysis does not serialise: {e}")))?;
    let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Without an id, the same text keeps the id it was stored under.
    let id = match &a.id {
        Some(id) => id.clone(),
        None => tx
            .query_row(
                "SELECT id FROM articles WHERE content_hash = ?1",
                [&a.content_hash],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| a.resolve_id()),
    };
    let facts = super::facts_of(&id, a, now.date_naive());
    let replaced = remove_copies(&tx, &id, &a.content_hash)?;
    insert_article(&tx, &id, a, &analysis, now)?;
    insert_facts(&tx, &id, &facts)?;
    tx.commit()?;
    Ok(Stored {
        id,
        replaced,
        facts: facts.len(),
    })
}

/// Removes the article stored under `id` or with the same text, and its
/// facts; whether there was one.
fn remove_copies(tx: &Connection, id: &str, content_hash: &str) -> Result<bool> {
    tx.execute(
        "DELETE FROM facts WHERE article_id IN \
         (SELECT id FROM articles WHERE id = ?1 OR content_hash = ?2)",
        params![id, content_hash],
    )?;
    let removed = tx.execute(
        "DELETE FROM articles WHERE id = ?1 OR content_hash = ?2",
        params![id, content_hash],
    )?;
    Ok(removed > 0)
}

/// Inserts the article's row, its analysis as JSON text.
fn insert_article(
    tx: &Connection,
    id: &str,
    a: &NewArticle,
    analysis: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO articles (id, content_hash, url, outlet, published, title, reference_date, \
         stored_at, text, analysis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            a.content_hash,
            a.url,
            a.resolve_outlet(),
            a.published.map(|d| d.format("%Y-%m-%d").to_string()),
            a.analysis.document.title,
            a.analysis.document.reference_date,
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            a.text,
            analysis,
        ],
    )?;
    Ok(())
}

/// Inserts the article's facts, with one cached statement.
fn insert_facts(tx: &Connection, id: &str, facts: &[Fact]) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO facts (article_id, relation_id, actor_a, actor_b, source, target, kind, \
         quad_class, polarity, score, status, day, date_text, date_value, trigger_text, \
         ev_start, ev_end, evidence, claimant) VALUES \
         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    for f in facts {
        let (x, y) = super::pair(&f.source, &f.target);
        insert.execute(params![
            id,
            f.relation_id,
            x,
            y,
            f.source,
            f.target,
            f.kind,
            f.quad_class,
            f.polarity,
            f.score,
            f.status,
            f.date,
            f.date_text,
            f.date_value,
            f.trigger,
            f.evidence.start,
            f.evidence.end,
            f.evidence.text,
            f.claimant,
        ])?;
    }
    Ok(())
}

fn get(c: &Connection, id: &str) -> Result<Option<ArticleRecord>> {
    let row = c
        .query_row(
            "SELECT id, content_hash, url, outlet, published, title, reference_date, stored_at, \
             text, analysis FROM articles WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    ArticleRecord {
                        id: r.get(0)?,
                        content_hash: r.get(1)?,
                        url: r.get(2)?,
                        outlet: r.get(3)?,
                        published: r.get(4)?,
                        title: r.get(5)?,
                        reference_date: r.get(6)?,
                        stored_at: r.get(7)?,
                        text: r.get(8)?,
                        analysis: serde_json::Value::Null,
                    },
                    r.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?;
    row.map(|(mut rec, json)| {
        rec.analysis = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("analysis of {id}: {e}")))?;
        Ok(rec)
    })
    .transpose()
}

impl Repository for SqliteStore {
    fn put(&self, article: NewArticle) -> BoxFuture<'_, Result<Stored>> {
        self.write(move |c| put(c, &article))
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>>> {
        let id = id.to_string();
        self.read(move |c| get(c, &id))
    }

    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>> {
        let id = id.to_string();
        self.write(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.execute("DELETE FROM facts WHERE article_id = ?1", [&id])?;
            let n = tx.execute("DELETE FROM articles WHERE id = ?1", [&id])?;
            tx.commit()?;
            Ok(n > 0)
        })
    }

    fn facts<'a>(
        &'a self,
        filter: &'a FactFilter,
        after: Option<Cursor>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Fact>>> {
        let (sql, params) = query::facts_sql(Dialect::Sqlite, filter, after, limit);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), row_to_fact)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn day_counts<'a>(&'a self, filter: &'a FactFilter) -> BoxFuture<'a, Result<Vec<DayCount>>> {
        let w = Where::facts(Dialect::Sqlite, filter, None);
        self.read(move |c| {
            let mut stmt = c.prepare_cached(&query::day_counts_sql(&w))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(w.params.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, f64>(3)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (day, kind, count, score_sum) = row?;
                let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                    .map_err(|e| StoreError::Corrupt(format!("fact day {day:?}: {e}")))?;
                out.push(DayCount {
                    day,
                    kind,
                    count,
                    score_sum,
                });
            }
            Ok(out)
        })
    }

    fn counterparts<'a>(&'a self, actor: &'a str) -> BoxFuture<'a, Result<Vec<Counterpart>>> {
        let actor = actor.to_string();
        self.read(move |c| {
            let mut stmt = c.prepare_cached(&query::counterparts_sql(Dialect::Sqlite))?;
            let rows = stmt.query_map([&actor], |r| {
                Ok(Counterpart {
                    actor: r.get(0)?,
                    count: r.get(1)?,
                    score_mean: r.get(2)?,
                    last: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    fn article_count(&self) -> BoxFuture<'_, Result<i64>> {
        self.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?))
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}

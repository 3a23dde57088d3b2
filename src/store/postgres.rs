//! The archive in PostgreSQL (tokio-postgres, pooled by deadpool), for
//! deployments where several replicas write to one database.
//!
//! Same schema as SQLite (TEXT days, so both backends share their SQL).
//! A store takes transaction-scoped advisory locks on the article's
//! content hash and id (in that order, so two stores never deadlock), so
//! concurrent stores of one article run one after the other and leave one
//! copy. Migrations run under an advisory lock too, so replicas starting
//! together migrate once. Connections are plain TCP (no TLS): keep the
//! database on a private network or loopback.

use chrono::NaiveDate;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Transaction};
use futures_util::future::BoxFuture;
use tokio_postgres::NoTls;
use tokio_postgres::types::ToSql;

use super::query::{self, Dialect, Param, Where};
use super::{
    ArticleRecord, Counterpart, Cursor, DayCount, Fact, FactFilter, NewArticle, Repository, Result,
    StoreError, Stored,
};

const MIGRATIONS: [&str; 1] = [include_str!("migrations/postgres_0001_init.sql")];

/// The advisory lock key migrations run under ("attache" in ASCII).
const MIGRATION_LOCK: i64 = 0x61_7474_6163_6865;

/// Connections a store keeps.
const POOL_SIZE: usize = 16;

/// The PostgreSQL archive.
#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

fn pool_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Pool(e.to_string())
}

fn bound(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| match p {
            Param::Text(s) => s as &(dyn ToSql + Sync),
            Param::Int(i) => i as &(dyn ToSql + Sync),
        })
        .collect()
}

fn row_to_fact(r: &tokio_postgres::Row) -> Result<Fact> {
    Ok(query::fact_from_row!(r, try_get))
}

impl PgStore {
    /// Connects to `url` (`postgres://user:pass@host:port/db`) and migrates.
    pub async fn connect(url: &str) -> Result<Self> {
        let config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Config(format!("bad PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(pool_error)?;
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        let mut c = self.pool.get().await.map_err(pool_error)?;
        let tx = c.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS attache_migrations (version INT PRIMARY KEY, \
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .await?;
        let version: i32 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM attache_migrations",
                &[],
            )
            .await?
            .try_get(0)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version.max(0) as usize) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "INSERT INTO attache_migrations (version) VALUES ($1)",
                &[&((i + 1) as i32)],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores `a` in one transaction (see [`Repository::put`]): the
    /// article's locks and id, then the copy it replaces removed, then the
    /// article and its facts.
    async fn put(&self, a: NewArticle) -> Result<Stored> {
        let now = chrono::Utc::now();
        let analysis = serde_json::to_string(&a.analysis)
            .map_err(|e| StoreError::Corrupt(format!("analysis does not serialise: {e}")))?;
        let mut c = self.pool.get().await.map_err(pool_error)?;
        let tx = c.transaction().await?;
        let id = lock_and_name(&tx, &a).await?;
        let facts = super::facts_of(&id, &a, now.date_naive());
        let replaced = remove_copies(&tx, &id, &a.content_hash).await?;
        insert_article(&tx, &id, &a, &analysis, now).await?;
        insert_facts(&tx, &id, &facts).await?;
        tx.commit().await?;
        Ok(Stored {
            id,
            replaced,
            facts: facts.len(),
        })
    }

    async fn get(&self, id: &str) -> Result<Option<ArticleRecord>> {
        let c = self.pool.get().await.map_err(pool_error)?;
        let Some(r) = c
            .query_opt(
                "SELECT id, content_hash, url, outlet, published, title, reference_date, \
                 stored_at, text, analysis FROM articles WHERE id = $1",
                &[&id],
            )
            .await?
        else {
            return Ok(None);
        };
        let json: String = r.try_get(9)?;
        Ok(Some(ArticleRecord {
            id: r.try_get(0)?,
            content_hash: r.try_get(1)?,
            url: r.try_get(2)?,
            outlet: r.try_get(3)?,
            published: r.try_get(4)?,
            title: r.try_get(5)?,
            reference_date: r.try_get(6)?,
            stored_at: r.try_get(7)?,
            text: r.try_get(8)?,
            analysis: serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("analysis of {id}: {e}")))?,
        }))
    }

    async fn delete(&self, id: &str) -> Result<bool> {
        let mut c = self.pool.get().await.map_err(pool_error)?;
        let tx = c.transaction().await?;
        tx.execute("DELETE FROM facts WHERE article_id = $1", &[&id])
            .await?;
        let n = tx
            .execute("DELETE FROM articles WHERE id = $1", &[&id])
            .await?;
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn facts(
        &self,
        f: &FactFilter,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Vec<Fact>> {
        let (sql, params) = query::facts_sql(Dialect::Postgres, f, after, limit);
        let c = self.pool.get().await.map_err(pool_error)?;
        let rows = c.query(&sql, &bound(&params)).await?;
        rows.iter().map(row_to_fact).collect()
    }

    async fn day_counts(&self, f: &FactFilter) -> Result<Vec<DayCount>> {
        let w = Where::facts(Dialect::Postgres, f, None);
        let c = self.pool.get().await.map_err(pool_error)?;
        let rows = c
            .query(&query::day_counts_sql(&w), &bound(&w.params))
            .await?;
        rows.iter()
            .map(|r| {
                let day: String = r.try_get(0)?;
                Ok(DayCount {
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                        .map_err(|e| StoreError::Corrupt(format!("fact day {day:?}: {e}")))?,
                    kind: r.try_get(1)?,
                    count: r.try_get(2)?,
                    score_sum: r.try_get(3)?,
                })
            })
            .collect()
    }

    async fn counterparts(&self, actor: &str) -> Result<Vec<Counterpart>> {
        let c = self.pool.get().await.map_err(pool_error)?;
        let rows = c
            .query(&query::counterparts_sql(Dialect::Postgres), &[&actor])
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Counterpart {
                    actor: r.try_get(0)?,
                    count: r.try_get(1)?,
                    score_mean: r.try_get(2)?,
                    last: r.try_get(3)?,
                })
            })
            .collect()
    }
}

/// Takes the article's locks and gives its id. Locks in one order, the
/// content hash's then the id's, so two stores never wait for each
/// other's. Without an id, the same text keeps the id it was stored under.
async fn lock_and_name(tx: &Transaction<'_>, a: &NewArticle) -> Result<String> {
    tx.execute(
        "SELECT pg_advisory_xact_lock(2, hashtext($1))",
        &[&a.content_hash],
    )
    .await?;
    let id = match &a.id {
        Some(id) => id.clone(),
        None => match tx
            .query_opt(
                "SELECT id FROM articles WHERE content_hash = $1",
                &[&a.content_hash],
            )
            .await?
        {
            Some(row) => row.try_get(0)?,
            None => a.resolve_id(),
        },
    };
    tx.execute("SELECT pg_advisory_xact_lock(1, hashtext($1))", &[&id])
        .await?;
    Ok(id)
}

/// Removes the article stored under `id` or with the same text, and its
/// facts; whether there was one.
async fn remove_copies(tx: &Transaction<'_>, id: &str, content_hash: &str) -> Result<bool> {
    tx.execute(
        "DELETE FROM facts WHERE article_id IN \
         (SELECT id FROM articles WHERE id = $1 OR content_hash = $2)",
        &[&id, &content_hash],
    )
    .await?;
    let removed = tx
        .execute(
            "DELETE FROM articles WHERE id = $1 OR content_hash = $2",
            &[&id, &content_hash],
        )
        .await?;
    Ok(removed > 0)
}

/// Inserts the article's row, its analysis as JSON text.
async fn insert_article(
    tx: &Transaction<'_>,
    id: &str,
    a: &NewArticle,
    analysis: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let published = a.published.map(|d| d.format("%Y-%m-%d").to_string());
    let stored_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    tx.execute(
        "INSERT INTO articles (id, content_hash, url, outlet, published, title, \
         reference_date, stored_at, text, analysis) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
            &id,
            &a.content_hash,
            &a.url,
            &a.resolve_outlet(),
            &published,
            &a.analysis.document.title,
            &a.analysis.document.reference_date,
            &stored_at,
            &a.text,
            &analysis,
        ],
    )
    .await?;
    Ok(())
}

/// Inserts the article's facts, with one prepared statement.
async fn insert_facts(tx: &Transaction<'_>, id: &str, facts: &[Fact]) -> Result<()> {
    let insert = tx
        .prepare(
            "INSERT INTO facts (article_id, relation_id, actor_a, actor_b, source, target, \
             kind, quad_class, polarity, score, status, day, date_text, date_value, \
             trigger_text, ev_start, ev_end, evidence, claimant) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        )
        .await?;
    for f in facts {
        let (x, y) = super::pair(&f.source, &f.target);
        tx.execute(
            &insert,
            &[
                &id,
                &f.relation_id,
                &x,
                &y,
                &f.source,
                &f.target,
                &f.kind,
                &f.quad_class,
                &f.polarity,
                &f.score,
                &f.status,
                &f.date,
                &f.date_text,
                &f.date_value,
                &f.trigger,
                &f.evidence.start,
                &f.evidence.end,
                &f.evidence.text,
                &f.claimant,
            ],
        )
        .await?;
    }
    Ok(())
}

impl Repository for PgStore {
    fn put(&self, article: NewArticle) -> BoxFuture<'_, Result<Stored>> {
        Box::pin(PgStore::put(self, article))
    }

    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>>> {
        Box::pin(PgStore::get(self, id))
    }

    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(PgStore::delete(self, id))
    }

    fn facts<'a>(
        &'a self,
        filter: &'a FactFilter,
        after: Option<Cursor>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Fact>>> {
        Box::pin(PgStore::facts(self, filter, after, limit))
    }

    fn day_counts<'a>(&'a self, filter: &'a FactFilter) -> BoxFuture<'a, Result<Vec<DayCount>>> {
        Box::pin(PgStore::day_counts(self, filter))
    }

    fn counterparts<'a>(&'a self, actor: &'a str) -> BoxFuture<'a, Result<Vec<Counterpart>>> {
        Box::pin(PgStore::counterparts(self, actor))
    }

    fn article_count(&self) -> BoxFuture<'_, Result<i64>> {
        Box::pin(async move {
            let c = self.pool.get().await.map_err(pool_error)?;
            Ok(c.query_one("SELECT COUNT(*) FROM articles", &[])
                .await?
                .try_get(0)?)
        })
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}

//! The archive of facts: analysed articles kept, their relations queried
//! by pair, period, type and status (issue 16).
//!
//! - [`Repository`] is what a backend does: store one article and its
//!   facts atomically, fetch and delete by id, list facts newest first by
//!   keyset cursor, count facts by day and type, list an actor's
//!   counterparts. [`sqlite::SqliteStore`] (the default: one file, WAL)
//!   and [`postgres::PgStore`] (`postgres://…`, several replicas writing to
//!   one database) implement it with the same schema, migrations embedded
//!   and run at start-up.
//! - [`Archive`] is the handle the service and the CLI share; [`open`]
//!   picks the backend from the location.
//! - [`facts_of`] turns an [`Analysis`] into rows; [`group_events`] and
//!   [`timeline`] are pure functions over what the repository returns, so
//!   both backends answer alike.
//!
//! Invariants: an article is stored whole or not at all (one transaction:
//! the old copy with the same id or the same content hash deleted, the new
//! one and every fact inserted); after any number of concurrent stores of
//! one id exactly one copy is left; a fact's `day` is its resolved date
//! (a month or a year taken at its first day), else the article's
//! reference date, else the day it was stored.

pub mod postgres;
mod query;
pub mod sqlite;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analysis::model::{Analysis, RelationType};

/// Why the archive failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {0}")]
    Pool(String),
    #[error("the archive task ended: {0}")]
    Join(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Config(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One article to store: what the client sent besides the text, and the
/// analysis of it.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The id the client gave, if any (see [`NewArticle::resolve_id`]).
    pub id: Option<String>,
    /// SHA-256 (hex) of the article as sent, see [`content_hash`].
    pub content_hash: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    /// The text the analysis' offsets point into.
    pub text: String,
    pub analysis: Analysis,
}

impl NewArticle {
    /// The article whose body was `body` (analysed into `analysis`): its
    /// content hash, and the text the offsets point into (the body, or
    /// for HTML the text extracted from it).
    pub fn new(
        body: &crate::analysis::Body,
        id: Option<String>,
        outlet: Option<String>,
        url: Option<String>,
        published: Option<NaiveDate>,
        analysis: Analysis,
    ) -> Self {
        use crate::analysis::Body;
        let (content_hash, text) = match body {
            Body::Text(s) => (content_hash(s), s.clone()),
            Body::Html(s) => (
                content_hash(s),
                analysis.source_text.clone().unwrap_or_default(),
            ),
        };
        Self {
            id,
            content_hash,
            url,
            outlet,
            published,
            text,
            analysis,
        }
    }

    /// The id an article without one gets: the first 16 hex digits of its
    /// content hash, so re-posting the same text finds the same id.
    pub fn resolve_id(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => self.content_hash[..16].to_string(),
        }
    }

    /// The outlet given, else the URL's host without `www.`.
    pub fn resolve_outlet(&self) -> Option<String> {
        self.outlet
            .clone()
            .or_else(|| self.url.as_deref().and_then(host_of))
    }
}

/// The host of an `http(s)://` URL, lower-cased, without a leading `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.trim().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// The content hash of an article: SHA-256 of its body with surrounding
/// whitespace trimmed, hex. The same text posted twice hashes alike.
pub fn content_hash(body: &str) -> String {
    let digest = Sha256::digest(body.trim().as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// What storing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stored {
    pub id: String,
    /// An earlier copy (same id or same content hash) was replaced.
    pub replaced: bool,
    pub facts: usize,
}

/// A stored article as `GET /v1/articles/{id}` returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRecord {
    pub id: String,
    pub content_hash: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub reference_date: Option<String>,
    pub stored_at: String,
    pub text: String,
    pub analysis: serde_json::Value,
}

/// One stored fact: a relation of one article, flattened for querying.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Stable row key, for cursors.
    #[serde(skip)]
    pub key: i64,
    pub article_id: String,
    /// The relation's id within its article (`R1`…).
    pub relation_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub quad_class: String,
    pub polarity: String,
    pub score: f64,
    pub source: String,
    pub target: String,
    pub status: String,
    /// The fact's day (`YYYY-MM-DD`), see the module docs.
    pub date: String,
    /// The date expression of the text and its resolved value, when the
    /// relation has one.
    pub date_text: Option<String>,
    pub date_value: Option<String>,
    pub trigger: String,
    pub evidence: Evidence,
    /// Who claims it (the `attributed_to` entity's name), when a quote or
    /// reported speech carries it.
    pub claimant: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub start: i64,
    pub end: i64,
    pub text: String,
}

/// The lowercase snake/SCREAMING name serde gives an enum value.
fn enum_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The day a date value stands for: `2025-10-25` itself, `2025-10` its
/// first day, `2025` its first of January; anything else none.
pub fn day_of(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    let ymd = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    match v.len() {
        4 if v.bytes().all(|b| b.is_ascii_digit()) => ymd(v, "1", "1"),
        7 if v.as_bytes()[4] == b'-' => ymd(&v[..4], &v[5..7], "1"),
        n if n >= 10 && v.is_char_boundary(10) => {
            NaiveDate::parse_from_str(&v[..10], "%Y-%m-%d").ok()
        }
        _ => None,
    }
}

/// The facts of one analysis, in relation order. `stored` is the day of
/// storing, the last fallback of a fact's day.
pub fn facts_of(article_id: &str, a: &NewArticle, stored: NaiveDate) -> Vec<Fact> {
    let analysis = &a.analysis;
    let reference = analysis
        .document
        .reference_date
        .as_deref()
        .and_then(day_of)
        .or(a.published);
    let names: BTreeMap<&str, &str> = analysis
        .entities
        .iter()
        .flatten()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let outlet = a.resolve_outlet();
    analysis
        .relations
        .iter()
        .flatten()
        .map(|r| {
            let day = r
                .date
                .as_ref()
                .and_then(|d| d.value.as_deref())
                .and_then(day_of)
                .or(reference)
                .unwrap_or(stored);
            Fact {
                key: 0,
                article_id: article_id.to_string(),
                relation_id: r.id.clone(),
                kind: enum_name(&r.kind),
                quad_class: enum_name(&r.quad_class),
                polarity: enum_name(&r.polarity),
                score: r.score,
                source: r.source.actor.clone(),
                target: r.target.actor.clone(),
                status: enum_name(&r.status),
                date: day.format("%Y-%m-%d").to_string(),
                date_text: r.date.as_ref().map(|d| d.text.clone()),
                date_value: r.date.as_ref().and_then(|d| d.value.clone()),
                trigger: r.trigger.clone(),
                evidence: Evidence {
                    start: r.evidence.start as i64,
                    end: r.evidence.end as i64,
                    text: r.evidence.text.clone(),
                },
                claimant: r
                    .attributed_to
                    .as_deref()
                    .and_then(|id| names.get(id))
                    .map(|n| n.to_string()),
                outlet: outlet.clone(),
                url: a.url.clone(),
                title: analysis.document.title.clone(),
            }
        })
        .collect()
}

/// The unordered pair of two actors, smaller code first.
pub fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Which facts a query wants. Every field is optional; set fields are
/// ANDed, a list matches any of its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactFilter {
    /// Facts with this actor on either side.
    pub actor: Option<String>,
    /// With `actor`: facts whose other side is this one.
    pub counterpart: Option<String>,
    pub types: Vec<String>,
    pub quad_classes: Vec<String>,
    pub statuses: Vec<String>,
    /// Inclusive bounds on the fact's day.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Words the evidence contains (case-insensitive substring).
    pub q: Option<String>,
    /// Facts of this article only.
    pub article: Option<String>,
}

/// Where a page of facts starts: strictly older than this fact, in the
/// order day descending, key descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub day: NaiveDate,
    pub key: i64,
}

impl Cursor {
    pub fn after(f: &Fact) -> Option<Self> {
        Some(Self {
            day: NaiveDate::parse_from_str(&f.date, "%Y-%m-%d").ok()?,
            key: f.key,
        })
    }

    /// `YYYYMMDD.key`: opaque to clients, readable in logs.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.day.format("%Y%m%d"), self.key)
    }

    pub fn decode(s: &str) -> Option<Self> {
        let (day, key) = s.split_once('.')?;
        let day = NaiveDate::parse_from_str(day, "%Y%m%d").ok()?;
        let key = key.parse().ok().filter(|k: &i64| *k >= 0)?;
        Some(Self { day, key })
    }
}

/// Facts of one day and type: how many and their scores summed.
#[derive(Debug, Clone, PartialEq)]
pub struct DayCount {
    pub day: NaiveDate,
    pub kind: String,
    pub count: i64,
    pub score_sum: f64,
}

/// One counterpart of an actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterpart {
    pub actor: String,
    pub count: i64,
    pub score_mean: f64,
    /// The latest fact's day.
    pub last: String,
}

/// What an archive backend does. Every method is atomic on its own.
pub trait Repository: Send + Sync {
    /// Stores an article and its facts in one transaction, replacing any
    /// earlier copy with the same id or the same content hash.
    fn put(&self, article: NewArticle) -> BoxFuture<'_, Result<Stored>>;
    fn get<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Option<ArticleRecord>>>;
    /// Removes an article and its facts; false when there was none.
    fn delete<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<bool>>;
    /// Up to `limit` facts matching `filter`, newest first, older than `after`.
    fn facts<'a>(
        &'a self,
        filter: &'a FactFilter,
        after: Option<Cursor>,
        limit: usize,
    ) -> BoxFuture<'a, Result<Vec<Fact>>>;
    /// Facts matching `filter` counted by day and type.
    fn day_counts<'a>(&'a self, filter: &'a FactFilter) -> BoxFuture<'a, Result<Vec<DayCount>>>;
    /// The actors `actor` has facts with, most facts first.
    fn counterparts<'a>(&'a self, actor: &'a str) -> BoxFuture<'a, Result<Vec<Counterpart>>>;
    /// How many articles are stored.
    fn article_count(&self) -> BoxFuture<'_, Result<i64>>;
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
}

/// The archive the service and the CLI use; cheap to clone.
#[derive(Clone)]
pub struct Archive(Arc<dyn Repository>);

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Archive({})", self.0.backend())
    }
}

impl std::ops::Deref for Archive {
    type Target = dyn Repository;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl Archive {
    pub fn new(repo: impl Repository + 'static) -> Self {
        Self(Arc::new(repo))
    }

    /// An archive in memory (SQLite), gone with the process: the default
    /// of a service state nobody gave a database.
    pub fn memory() -> Result<Self> {
        Ok(Self::new(sqlite::SqliteStore::memory()?))
    }
}

/// Opens the archive at `location`: a `postgres://` or `postgresql://`
/// URL, else a SQLite file path (created with its schema when missing;
/// `:memory:` for one in memory). Migrations run before it returns.
pub async fn open(location: &str) -> Result<Archive> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        Ok(Archive::new(postgres::PgStore::connect(location).await?))
    } else if location == ":memory:" {
        Archive::memory()
    } else {
        let path = std::path::PathBuf::from(location);
        let store = tokio::task::spawn_blocking(move || sqlite::SqliteStore::open(&path))
            .await
            .map_err(|e| StoreError::Join(e.to_string()))??;
        Ok(Archive::new(store))
    }
}

/// Statuses that may report the same event: what happened or is
/// happening; what is planned; what might; what did not or is denied.
pub fn status_class(status: &str) -> u8 {
    match status {
        "occurred" | "ongoing" => 0,
        "planned" => 1,
        "hypothetical" => 2,
        _ => 3,
    }
}

/// Days apart two reports of one event may be.
pub const EVENT_DAYS: i64 = 2;

/// One event: the reports of one fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub actors: [String; 2],
    #[serde(rename = "type")]
    pub kind: String,
    pub quad_class: String,
    pub score: f64,
    /// The newest report's status.
    pub status: String,
    /// The newest report's day.
    pub date: String,
    /// The earliest report's day.
    pub first_date: String,
    /// Distinct outlets reporting it (an article without an outlet is
    /// its own).
    pub reports: usize,
    pub articles: usize,
    pub facts: Vec<Fact>,
}

/// Groups facts given newest first into events: facts of the same
/// unordered pair, type and status class (see [`status_class`]) whose
/// day is at most [`EVENT_DAYS`] before the group's newest. Groups come
/// out in order of their newest fact. Linear in the facts (open groups
/// are kept per key, and a group closes once a fact of its key is older
/// than its window).
pub fn group_events(facts: Vec<Fact>) -> Vec<Event> {
    type Key = (String, String, String, u8);
    let mut open: std::collections::HashMap<Key, usize> = Default::default();
    let mut groups: Vec<(NaiveDate, Vec<Fact>)> = Vec::new();
    for f in facts {
        let Ok(day) = NaiveDate::parse_from_str(&f.date, "%Y-%m-%d") else {
            continue;
        };
        let (a, b) = pair(&f.source, &f.target);
        let key = (a, b, f.kind.clone(), status_class(&f.status));
        match open.get(&key) {
            Some(&g) if (groups[g].0 - day).num_days() <= EVENT_DAYS => groups[g].1.push(f),
            _ => {
                open.insert(key, groups.len());
                groups.push((day, vec![f]));
            }
        }
    }
    groups
        .into_iter()
        .map(|(_, facts)| {
            let first = &facts[0];
            let (a, b) = pair(&first.source, &first.target);
            let mut outlets = HashSet::new();
            let mut articles = HashSet::new();
            for f in &facts {
                outlets.insert(
                    f.outlet
                        .clone()
                        .unwrap_or_else(|| format!("\0{}", f.article_id)),
                );
                articles.insert(f.article_id.clone());
            }
            Event {
                actors: [a, b],
                kind: first.kind.clone(),
                quad_class: first.quad_class.clone(),
                score: first.score,
                status: first.status.clone(),
                date: first.date.clone(),
                first_date: facts.last().map_or(first.date.clone(), |f| f.date.clone()),
                reports: outlets.len(),
                articles: articles.len(),
                facts,
            }
        })
        .collect()
}

/// The intervals of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Week,
    Month,
}

impl Interval {
    /// The first day of the interval holding `day` (weeks start on Monday).
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        use chrono::Datelike;
        match self {
            Self::Week => day - chrono::Days::new(day.weekday().num_days_from_monday() as u64),
            Self::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the interval before; none before the calendar's start.
    pub fn prev(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Week => start.checked_sub_days(chrono::Days::new(7)),
            Self::Month => start.checked_sub_months(chrono::Months::new(1)),
        }
    }
}

/// One interval of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub start: String,
    pub count: i64,
    pub by_quad_class: BTreeMap<String, i64>,
    pub by_type: BTreeMap<String, i64>,
    pub score_sum: f64,
    /// Null for an interval without facts.
    pub score_mean: Option<f64>,
}

/// Most intervals one timeline answers (about 40 years of weeks).
pub const MAX_BUCKETS: usize = 2000;

/// Counts by day and type folded into intervals, oldest first, every
/// interval from the first to the last present (or `from`..`to` when
/// given) listed, empty ones too, at most [`MAX_BUCKETS`] (the newest).
pub fn timeline(
    counts: &[DayCount],
    interval: Interval,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Vec<Bucket> {
    let mut by_start: BTreeMap<NaiveDate, Bucket> = BTreeMap::new();
    let empty = |start: NaiveDate| Bucket {
        start: start.format("%Y-%m-%d").to_string(),
        count: 0,
        by_quad_class: BTreeMap::new(),
        by_type: BTreeMap::new(),
        score_sum: 0.0,
        score_mean: None,
    };
    for c in counts {
        let start = interval.start(c.day);
        let b = by_start.entry(start).or_insert_with(|| empty(start));
        b.count += c.count;
        b.score_sum += c.score_sum;
        *b.by_type.entry(c.kind.clone()).or_default() += c.count;
        let quad = RelationType::ALL
            .iter()
            .find(|t| enum_name(*t) == c.kind)
            .map(|t| enum_name(&t.quad_class()))
            .unwrap_or_default();
        *b.by_quad_class.entry(quad).or_default() += c.count;
    }
    for b in by_start.values_mut() {
        if b.count > 0 {
            b.score_mean = Some(b.score_sum / b.count as f64);
        }
    }
    let first = from
        .map(|d| interval.start(d))
        .or_else(|| by_start.keys().next().copied());
    let last = to
        .map(|d| interval.start(d))
        .or_else(|| by_start.keys().next_back().copied());
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    // From the last interval back, so a period of centuries costs at
    // most MAX_BUCKETS steps.
    let mut out = Vec::new();
    let mut start = last;
    while start >= first && out.len() < MAX_BUCKETS {
        out.push(by_start.remove(&start).unwrap_or_else(|| empty(start)));
        match interval.prev(start) {
            Some(prev) if prev < start => start = prev,
            _ => break,
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(
        key: i64,
        day: &str,
        src: &str,
        tgt: &str,
        kind: &str,
        status: &str,
        outlet: Option<&str>,
    ) -> Fact {
        Fact {
            key,
            article_id: format!("a{key}"),
            relation_id: "R1".into(),
            kind: kind.into(),
            quad_class: "verbal_cooperation".into(),
            polarity: "cooperative".into(),
            score: 2.5,
            source: src.into(),
            target: tgt.into(),
            status: status.into(),
            date: day.into(),
            date_text: None,
            date_value: None,
            trigger: "met".into(),
            evidence: Evidence {
                start: 0,
                end: 1,
                text: "x".into(),
            },
            claimant: None,
            outlet: outlet.map(str::to_string),
            url: None,
            title: None,
        }
    }

    #[test]
    fn days_of_date_values() {
        let d = |s| day_of(s).map(|d| d.to_string());
        assert_eq!(d("2025-10-25").as_deref(), Some("2025-10-25"));
        assert_eq!(d("2025-09").as_deref(), Some("2025-09-01"));
        assert_eq!(d("2019").as_deref(), Some("2019-01-01"));
        assert_eq!(d("2025-10-25T10:00:00Z").as_deref(), Some("2025-10-25"));
        assert_eq!(d("2025-W43"), None);
        assert_eq!(d("soon"), None);
        assert_eq!(d("2025-13"), None);
    }

    #[test]
    fn hosts_and_hashes() {
        assert_eq!(
            host_of("https://www.Dawn.com/news/1").as_deref(),
            Some("dawn.com")
        );
        assert_eq!(
            host_of("http://u:p@example.org:8080/x").as_deref(),
            Some("example.org")
        );
        assert_eq!(host_of("not a url"), None);
        assert_eq!(content_hash(" a \n"), content_hash("a"));
        assert_ne!(content_hash("a"), content_hash("b"));
        assert_eq!(content_hash("a").len(), 64);
    }

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let c = Cursor {
            day: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
            key: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in [
            "",
            "x",
            "20250102",
            "20250102.-1",
            "2025-01-02.1",
            "20251302.1",
        ] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn reports_of_one_fact_make_one_event() {
        let facts = vec![
            fact(
                6,
                "2025-10-27",
                "US",
                "PK",
                "CONSULT",
                "occurred",
                Some("dawn.com"),
            ),
            fact(
                5,
                "2025-10-26",
                "PK",
                "US",
                "CONSULT",
                "ongoing",
                Some("reuters.com"),
            ),
            fact(
                4,
                "2025-10-25",
                "US",
                "PK",
                "CONSULT",
                "occurred",
                Some("dawn.com"),
            ),
            // Same pair and type, but planned: another event.
            fact(3, "2025-10-25", "US", "PK", "CONSULT", "planned", None),
            // Three days before the newest report: another event.
            fact(2, "2025-10-24", "US", "PK", "CONSULT", "occurred", None),
            fact(1, "2025-10-24", "US", "IN", "CONSULT", "occurred", None),
        ];
        let events = group_events(facts);
        let shape: Vec<(String, usize, usize, String)> = events
            .iter()
            .map(|e| {
                (
                    e.actors.join("-"),
                    e.facts.len(),
                    e.reports,
                    e.first_date.clone(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("PK-US".to_string(), 3, 2, "2025-10-25".to_string()),
                ("PK-US".to_string(), 1, 1, "2025-10-25".to_string()),
                ("PK-US".to_string(), 1, 1, "2025-10-24".to_string()),
                ("IN-US".to_string(), 1, 1, "2025-10-24".to_string()),
            ]
        );
        assert_eq!(events[0].articles, 3);
    }

    #[test]
    fn timelines_fold_days_into_intervals() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let c = |d: &str, k: &str, n: i64, s: f64| DayCount {
            day: day(d),
            kind: k.into(),
            count: n,
            score_sum: s,
        };
        let counts = [
            c("2025-10-01", "CONSULT", 2, 5.0),
            c("2025-10-30", "ACCUSE", 1, -3.0),
            c("2025-12-05", "AID", 1, 10.0),
        ];
        let months = timeline(&counts, Interval::Month, None, None);
        assert_eq!(months.len(), 3, "November is listed, empty");
        assert_eq!(months[0].start, "2025-10-01");
        assert_eq!(months[0].count, 3);
        assert_eq!(months[0].score_mean, Some(2.0 / 3.0));
        assert_eq!(months[0].by_quad_class["verbal_conflict"], 1);
        assert_eq!(months[1].count, 0);
        assert_eq!(months[1].score_mean, None);
        let weeks = timeline(
            &counts,
            Interval::Week,
            Some(day("2025-10-01")),
            Some(day("2025-10-31")),
        );
        assert_eq!(weeks[0].start, "2025-09-29", "weeks start on Monday");
        assert_eq!(weeks.len(), 5);
        assert_eq!(
            weeks.iter().map(|b| b.count).sum::<i64>(),
            3,
            "December is past `to`"
        );
        assert!(timeline(&[], Interval::Month, None, None).is_empty());
        // Centuries of weeks: the newest MAX_BUCKETS, at once.
        let wide = timeline(
            &counts,
            Interval::Week,
            Some(day("0001-01-01")),
            Some(day("9999-12-31")),
        );
        assert_eq!(wide.len(), MAX_BUCKETS);
        assert_eq!(wide.last().unwrap().start, "9999-12-27");
    }
}

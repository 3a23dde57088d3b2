//! The archive routes: store analysed articles (`POST /v1/articles`,
//! `GET|DELETE /v1/articles/{id}`; the batch is in [`super::batch`]) and
//! query their facts (`/v1/relations`, `/v1/events`, `/v1/timeline`,
//! `/v1/actors/{code}`).
//!
//! Query parameters are parsed here into a [`FactFilter`]: an unknown
//! name or a bad value is a 422 naming the parameter. Storage failures
//! are logged and answered 503 (`not_ready`, retry), never with the
//! database's message.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::json;
use tokio::sync::OwnedSemaphorePermit;

use super::AppState;
use super::error::ApiError;
use super::extract::{ArchiveArticle, ArchiveFields, parse_id, query_pairs};
use crate::analysis::ArticleInput;
use crate::analysis::model::{QuadClass, RelationType, Status};
use crate::store::{self, Cursor, FactFilter, Interval, NewArticle, StoreError, Stored};

fn json_response(v: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(v) {
        Ok(bytes) => super::handlers::json_bytes(bytes),
        Err(e) => {
            tracing::error!(error = %e, "answer did not serialise");
            ApiError::Internal.into_response()
        }
    }
}

/// A storage failure: logged here, answered 503 without its detail.
fn unavailable(e: StoreError) -> ApiError {
    tracing::error!(error = %e, "archive failed");
    ApiError::NotReady("the archive did not answer; retry shortly")
}

/// Analyses `input` (in `slot`, or one it waits for) and stores it.
pub(super) async fn store_article(
    state: &AppState,
    input: ArticleInput,
    fields: ArchiveFields,
    slot: Option<OwnedSemaphorePermit>,
) -> Result<(Stored, crate::analysis::Analysis), ApiError> {
    let archive = state.archive()?.clone();
    let (field, raw) = match input.body() {
        crate::analysis::Body::Text(s) => ("text", s),
        crate::analysis::Body::Html(s) => ("html", s),
    };
    // PostgreSQL's text holds no NUL; refused alike on every backend.
    if raw.contains('\0') {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` holds a NUL character, which the archive cannot store"),
        ));
    }
    if input.url.as_deref().is_some_and(|u| u.contains('\0')) {
        return Err(ApiError::invalid("url", "`url` holds a NUL character"));
    }
    let body = input.body().clone();
    let url = input.url.clone();
    let published = input.published;
    let analysis = state.analyze_for_archive(input, slot).await?;
    let article = NewArticle::new(
        &body,
        fields.id,
        fields.outlet,
        url,
        published,
        analysis.clone(),
    );
    let stored = archive.put(article).await.map_err(unavailable)?;
    Ok((stored, analysis))
}

/// `POST /v1/articles`: analyse, store, answer the id and the analysis.
pub async fn store(
    State(state): State<AppState>,
    ArchiveArticle(input, fields): ArchiveArticle,
) -> Response {
    match store_article(&state, input, fields, None).await {
        Ok((stored, analysis)) => json_response(&json!({
            "id": stored.id,
            "replaced": stored.replaced,
            "facts": stored.facts,
            "analysis": analysis,
        })),
        Err(e) => e.into_response(),
    }
}

/// `GET /v1/articles/{id}`.
pub async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let answer = async {
        let id = parse_id("id", &id)?;
        let archive = state.archive()?;
        match archive.get(&id).await.map_err(unavailable)? {
            Some(rec) => Ok(json_response(&rec)),
            None => Err(ApiError::Missing(format!(
                "no article {id:?} in the archive"
            ))),
        }
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `DELETE /v1/articles/{id}`: the article and its facts.
pub async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let answer = async {
        let id = parse_id("id", &id)?;
        let archive = state.archive()?;
        if archive.delete(&id).await.map_err(unavailable)? {
            Ok(json_response(&json!({"id": id, "deleted": true})))
        } else {
            Err(ApiError::Missing(format!(
                "no article {id:?} in the archive"
            )))
        }
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// An actor code: a state's ISO alpha-2 or an organisation's acronym,
/// 2 to 8 ASCII letters or digits, upper-cased.
fn parse_actor(field: &str, v: &str) -> Result<String, ApiError> {
    let v = v.trim();
    if (2..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(ApiError::invalid(
            field,
            format!("`{field}` must be an actor code such as US, PK or EU, got {v:?}"),
        ))
    }
}

fn parse_date(field: &str, v: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::invalid(
            field,
            format!("`{field}` must be an ISO 8601 date such as 2025-10-25, got {v:?}"),
        )
    })
}

/// The serde name of each value of an enum.
fn names<T: serde::Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .filter_map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => Some(s),
            _ => None,
        })
        .collect()
}

/// A comma-separated list of names out of `allowed` (case-insensitive).
fn parse_list(
    field: &str,
    v: &str,
    allowed: &[String],
    into: &mut Vec<String>,
) -> Result<(), ApiError> {
    for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some(name) = allowed.iter().find(|a| a.eq_ignore_ascii_case(item)) else {
            return Err(ApiError::invalid(
                field,
                format!(
                    "`{field}`: unknown value {item:?} (one of {})",
                    allowed.join(", ")
                ),
            ));
        };
        if !into.contains(name) {
            into.push(name.clone());
        }
    }
    Ok(())
}

/// The parameters of a fact query.
#[derive(Debug, Default)]
struct FactQuery {
    filter: FactFilter,
    limit: Option<usize>,
    cursor: Option<Cursor>,
    pair: Option<(String, String)>,
    interval: Option<Interval>,
}

/// The filter's query parameters, which every fact route takes.
const FILTER_PARAMS: [&str; 9] = [
    "actor",
    "counterpart",
    "type",
    "quad_class",
    "status",
    "from",
    "to",
    "q",
    "article",
];

/// The longest `q`: a phrase of the evidence, not a document.
const MAX_Q_CHARS: usize = 200;

/// Parses the query string; `extra` are the names this route takes
/// besides the filter's (`limit`, `cursor`, `pair`, `interval`).
fn fact_query(uri: &Uri, extra: &[&str], max_limit: usize) -> Result<FactQuery, ApiError> {
    let names = ValueNames::new();
    let mut out = FactQuery::default();
    for (name, value) in query_pairs(uri)? {
        let name = name.as_str();
        if FILTER_PARAMS.contains(&name) {
            set_filter(&mut out.filter, name, &value, &names)?;
        } else if !extra.contains(&name) {
            let mut known: Vec<&str> = FILTER_PARAMS.to_vec();
            known.extend_from_slice(extra);
            return Err(ApiError::invalid(
                name,
                format!("unknown query parameter `{name}` ({})", known.join(", ")),
            ));
        } else {
            match name {
                "limit" => out.limit = Some(parse_limit(&value, max_limit)?),
                "cursor" => out.cursor = Some(parse_cursor(&value)?),
                "pair" => out.pair = Some(parse_pair(&value)?),
                "interval" => out.interval = Some(parse_interval(&value)?),
                _ => unreachable!("the routes take no other names"),
            }
        }
    }
    check_filter(&out.filter)?;
    Ok(out)
}

/// The names the list parameters take, as the API spells them.
struct ValueNames {
    types: Vec<String>,
    quads: Vec<String>,
    statuses: Vec<String>,
}

impl ValueNames {
    fn new() -> ValueNames {
        ValueNames {
            types: names(&RelationType::ALL),
            quads: names(&[
                QuadClass::VerbalCooperation,
                QuadClass::MaterialCooperation,
                QuadClass::VerbalConflict,
                QuadClass::MaterialConflict,
                QuadClass::RelationshipState,
            ]),
            statuses: names(&[
                Status::Occurred,
                Status::Ongoing,
                Status::Planned,
                Status::Hypothetical,
                Status::Negated,
                Status::Denied,
            ]),
        }
    }
}

/// Sets the filter's parameter `name` (one of [`FILTER_PARAMS`]) from `value`.
fn set_filter(
    f: &mut FactFilter,
    name: &str,
    value: &str,
    names: &ValueNames,
) -> Result<(), ApiError> {
    match name {
        "actor" => f.actor = Some(parse_actor("actor", value)?),
        "counterpart" => f.counterpart = Some(parse_actor("counterpart", value)?),
        "type" => parse_list("type", value, &names.types, &mut f.types)?,
        "quad_class" => parse_list("quad_class", value, &names.quads, &mut f.quad_classes)?,
        "status" => parse_list("status", value, &names.statuses, &mut f.statuses)?,
        "from" => f.from = Some(parse_date("from", value)?),
        "to" => f.to = Some(parse_date("to", value)?),
        "q" => f.q = Some(parse_q(value)?),
        "article" => f.article = Some(parse_id("article", value)?),
        _ => unreachable!("names checked by the caller"),
    }
    Ok(())
}

/// The filter's parameters that only make sense together: `from` before
/// `to`, `counterpart` with a different `actor`.
fn check_filter(f: &FactFilter) -> Result<(), ApiError> {
    if let (Some(from), Some(to)) = (f.from, f.to)
        && from > to
    {
        return Err(ApiError::invalid("to", "`to` is before `from`"));
    }
    if f.counterpart.is_some() && f.actor.is_none() {
        return Err(ApiError::invalid(
            "counterpart",
            "`counterpart` needs `actor` (the facts between the two)",
        ));
    }
    if let (Some(a), Some(c)) = (&f.actor, &f.counterpart)
        && a == c
    {
        return Err(ApiError::invalid(
            "counterpart",
            "`counterpart` must differ from `actor`",
        ));
    }
    Ok(())
}

/// `q`: text the evidence holds, trimmed.
fn parse_q(value: &str) -> Result<String, ApiError> {
    let q = value.trim();
    if q.is_empty() || q.chars().count() > MAX_Q_CHARS || q.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "q",
            format!(
                "`q` must be 1 to {MAX_Q_CHARS} characters of the evidence, no control characters"
            ),
        ));
    }
    Ok(q.to_string())
}

/// `limit`: a page size from 1 to `max_limit`.
fn parse_limit(value: &str, max_limit: usize) -> Result<usize, ApiError> {
    value
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=max_limit).contains(n))
        .ok_or_else(|| {
            ApiError::invalid(
                "limit",
                format!("`limit` must be a whole number from 1 to {max_limit}, got {value:?}"),
            )
        })
}

/// `cursor`: the `next_cursor` of an earlier answer.
fn parse_cursor(value: &str) -> Result<Cursor, ApiError> {
    Cursor::decode(value.trim()).ok_or_else(|| {
        ApiError::invalid(
            "cursor",
            "`cursor` must be a `next_cursor` of an earlier answer",
        )
    })
}

/// `pair`: two different actor codes, `US-PK`.
fn parse_pair(value: &str) -> Result<(String, String), ApiError> {
    let (a, b) = value.split_once('-').ok_or_else(|| {
        ApiError::invalid(
            "pair",
            format!("`pair` must be two actor codes such as US-PK, got {value:?}"),
        )
    })?;
    let a = parse_actor("pair", a)?;
    let b = parse_actor("pair", b)?;
    if a == b {
        return Err(ApiError::invalid(
            "pair",
            "`pair` needs two different actors",
        ));
    }
    Ok((a, b))
}

/// `interval`: week or month.
fn parse_interval(value: &str) -> Result<Interval, ApiError> {
    match value.trim() {
        "week" => Ok(Interval::Week),
        "month" => Ok(Interval::Month),
        other => Err(ApiError::invalid(
            "interval",
            format!("`interval` must be week or month, got {other:?}"),
        )),
    }
}

/// Facts per page of `/v1/relations` by default, and at most.
const FACTS_PAGE: usize = 50;
const FACTS_MAX: usize = 500;

/// `GET /v1/relations`: facts newest first, by cursor.
pub async fn relations(State(state): State<AppState>, uri: Uri) -> Response {
    let answer = async {
        let query = fact_query(&uri, &["limit", "cursor"], FACTS_MAX)?;
        let limit = query.limit.unwrap_or(FACTS_PAGE);
        let archive = state.archive()?;
        let mut facts = archive
            .facts(&query.filter, query.cursor, limit + 1)
            .await
            .map_err(unavailable)?;
        let next = if facts.len() > limit {
            facts.truncate(limit);
            facts.last().and_then(Cursor::after).map(|c| c.encode())
        } else {
            None
        };
        Ok::<_, ApiError>(json_response(&json!({"facts": facts, "next_cursor": next})))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// Events per page of `/v1/events` by default, and at most.
const EVENTS_PAGE: usize = 20;
const EVENTS_MAX: usize = 100;
/// Facts one `/v1/events` answer reads at most; past it the answer says
/// `truncated` (narrow the query by pair or period).
const EVENT_SCAN: usize = 20_000;
const SCAN_CHUNK: usize = 1_000;

/// `GET /v1/events`: facts grouped into events (see
/// [`store::group_events`]), newest first, by cursor (the newest fact of
/// the last event). Facts are read newest first until the page's events
/// are complete (the facts read are older than their window).
pub async fn events(State(state): State<AppState>, uri: Uri) -> Response {
    let answer = async {
        let query = fact_query(&uri, &["limit", "cursor"], EVENTS_MAX)?;
        let limit = query.limit.unwrap_or(EVENTS_PAGE);
        let archive = state.archive()?;
        let mut facts: Vec<store::Fact> = Vec::new();
        let mut after = None;
        let mut exhausted;
        // Is the fact at (day, key) after the cursor, in newest-first order?
        let past_cursor = |f: &store::Fact| match (query.cursor, Cursor::after(f)) {
            (None, _) => true,
            (Some(c), Some(x)) => (x.day, x.key) < (c.day, c.key),
            (Some(_), None) => false,
        };
        loop {
            let chunk = archive
                .facts(&query.filter, after, SCAN_CHUNK)
                .await
                .map_err(unavailable)?;
            exhausted = chunk.len() < SCAN_CHUNK;
            after = chunk.last().and_then(Cursor::after);
            facts.extend(chunk);
            if exhausted || facts.len() >= EVENT_SCAN {
                break;
            }
            // Enough complete events past the cursor?
            let oldest = after.map(|c| c.day);
            let events = store::group_events(facts.clone());
            let complete = events
                .iter()
                .filter(|e| past_cursor(&e.facts[0]))
                .filter(|e| {
                    let day = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d").ok();
                    matches!((day, oldest), (Some(d), Some(o)) if (d - o).num_days() > store::EVENT_DAYS)
                })
                .count();
            if complete > limit {
                break;
            }
        }
        let truncated = !exhausted && facts.len() >= EVENT_SCAN;
        let mut events: Vec<store::Event> = store::group_events(facts)
            .into_iter()
            .filter(|e| past_cursor(&e.facts[0]))
            .collect();
        let next = if events.len() > limit {
            events.truncate(limit);
            events
                .last()
                .and_then(|e| Cursor::after(&e.facts[0]))
                .map(|c| c.encode())
        } else {
            None
        };
        Ok::<_, ApiError>(json_response(&json!({
            "events": events, "next_cursor": next, "truncated": truncated,
        })))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /v1/timeline?pair=US-PK&interval=month`: per interval, counts by
/// quad class and type, and the sum and mean of the scores.
pub async fn timeline(State(state): State<AppState>, uri: Uri) -> Response {
    let answer = async {
        let mut query = fact_query(&uri, &["pair", "interval"], 1)?;
        let Some((a, b)) = query.pair.take() else {
            return Err(ApiError::invalid(
                "pair",
                "`pair` is required: two actor codes such as US-PK",
            ));
        };
        if query.filter.actor.is_some() || query.filter.counterpart.is_some() {
            return Err(ApiError::invalid(
                "actor",
                "`actor` and `counterpart` are given by `pair` here",
            ));
        }
        query.filter.actor = Some(a.clone());
        query.filter.counterpart = Some(b.clone());
        let interval = query.interval.unwrap_or(Interval::Month);
        let archive = state.archive()?;
        let counts = archive
            .day_counts(&query.filter)
            .await
            .map_err(unavailable)?;
        let buckets = store::timeline(&counts, interval, query.filter.from, query.filter.to);
        let (x, y) = store::pair(&a, &b);
        Ok(json_response(&json!({
            "pair": [x, y],
            "interval": match interval { Interval::Week => "week", Interval::Month => "month" },
            "facts": buckets.iter().map(|b| b.count).sum::<i64>(),
            "buckets": buckets,
        })))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `GET /v1/actors/{code}`: its counterparts with counts and mean score.
pub async fn actor(State(state): State<AppState>, Path(code): Path<String>, uri: Uri) -> Response {
    let answer = async {
        super::extract::no_query(&uri, "this route takes no parameters")?;
        let code = parse_actor("code", &code)?;
        let archive = state.archive()?;
        let counterparts = archive.counterparts(&code).await.map_err(unavailable)?;
        Ok::<_, ApiError>(json_response(&json!({
            "actor": code,
            "facts": counterparts.iter().map(|c| c.count).sum::<i64>(),
            "counterparts": counterparts,
        })))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(uri: &str, extra: &[&str]) -> String {
        let uri: Uri = uri.parse().unwrap();
        match fact_query(&uri, extra, 500) {
            Ok(_) => "ok".into(),
            Err(ApiError::InvalidRequest { field, .. }) => field,
            Err(e) => e.code().into(),
        }
    }

    #[test]
    fn bad_parameters_are_named() {
        let page = ["limit", "cursor"];
        for (uri, want) in [
            ("/v1/relations", "ok"),
            (
                "/v1/relations?actor=us&counterpart=PK&type=consult,AGREE&status=occurred",
                "ok",
            ),
            (
                "/v1/relations?from=2025-01-01&to=2025-12-31&q=talks&limit=10",
                "ok",
            ),
            ("/v1/relations?quad_class=verbal_conflict", "ok"),
            ("/v1/relations?actor=U", "actor"),
            ("/v1/relations?actor=US&counterpart=US", "counterpart"),
            ("/v1/relations?counterpart=PK", "counterpart"),
            ("/v1/relations?type=MEET", "type"),
            ("/v1/relations?status=maybe", "status"),
            ("/v1/relations?quad_class=x", "quad_class"),
            ("/v1/relations?from=yesterday", "from"),
            ("/v1/relations?from=2025-02-01&to=2025-01-01", "to"),
            ("/v1/relations?limit=0", "limit"),
            ("/v1/relations?limit=501", "limit"),
            ("/v1/relations?cursor=abc", "cursor"),
            ("/v1/relations?q=", "q"),
            ("/v1/relations?colour=red", "colour"),
            ("/v1/relations?pair=US-PK", "pair"),
        ] {
            assert_eq!(field(uri, &page), want, "{uri}");
        }
        let tl = ["pair", "interval"];
        for (uri, want) in [
            ("/v1/timeline?pair=US-PK&interval=week", "ok"),
            ("/v1/timeline?pair=USPK", "pair"),
            ("/v1/timeline?pair=US-US", "pair"),
            ("/v1/timeline?pair=US-PK&interval=day", "interval"),
            ("/v1/timeline?pair=US-PK&limit=3", "limit"),
        ] {
            assert_eq!(field(uri, &tl), want, "{uri}");
        }
    }
}

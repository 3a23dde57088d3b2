//! Flat tables of analyses, for spreadsheets: one row per relation, entity
//! or quote (`attache analyze --format csv|tsv --what …`).
//!
//! Input: the article's name (its path, or `-`) and its [`Analysis`].
//! Output: rows of strings under [`header`]'s columns; ids are resolved to
//! names, so a row reads on its own. Pure: writing is the caller's.

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::analysis::model::Entity;

/// Which part of the result becomes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum What {
    /// One row per relation fact.
    #[default]
    Relations,
    /// One row per entity.
    Entities,
    /// One row per quote.
    Quotes,
}

/// The column names of `what`'s table.
pub fn header(what: What) -> &'static [&'static str] {
    match what {
        What::Relations => &[
            "article",
            "date",
            "source_actor",
            "target_actor",
            "type",
            "quad_class",
            "score",
            "polarity",
            "status",
            "trigger",
            "claimant",
            "evidence",
        ],
        What::Entities => &[
            "article", "id", "type", "name", "title", "country", "mentions", "salience", "wikidata",
        ],
        What::Quotes => &["article", "id", "kind", "speaker", "cue", "text"],
    }
}

/// A unit enum's serde name ("CONSULT", "verbal_cooperation").
fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The rows of `what` for one article.
pub fn rows(article: &str, a: &Analysis, what: What) -> Vec<Vec<String>> {
    let entities: &[Entity] = a.entities.as_deref().unwrap_or(&[]);
    let names: HashMap<&str, &str> = entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let name = |id: &Option<String>| {
        id.as_deref()
            .map(|id| names.get(id).copied().unwrap_or(id).to_string())
            .unwrap_or_default()
    };
    match what {
        What::Relations => a
            .relations
            .iter()
            .flatten()
            .map(|r| {
                let date = r
                    .date
                    .as_ref()
                    .and_then(|d| d.value.clone())
                    .or_else(|| a.document.reference_date.clone())
                    .unwrap_or_default();
                vec![
                    article.to_string(),
                    date,
                    r.source.actor.clone(),
                    r.target.actor.clone(),
                    name_of(&r.kind),
                    name_of(&r.quad_class),
                    r.score.to_string(),
                    name_of(&r.polarity),
                    name_of(&r.status),
                    r.trigger.clone(),
                    name(&r.attributed_to),
                    r.evidence.text.clone(),
                ]
            })
            .collect(),
        What::Entities => entities
            .iter()
            .map(|e| {
                vec![
                    article.to_string(),
                    e.id.clone(),
                    name_of(&e.kind),
                    e.name.clone(),
                    e.title.clone().unwrap_or_default(),
                    e.country.clone().unwrap_or_default(),
                    e.mentions.len().to_string(),
                    format!("{:.3}", e.salience),
                    e.kb.wikidata.clone().unwrap_or_default(),
                ]
            })
            .collect(),
        What::Quotes => a
            .quotes
            .iter()
            .flatten()
            .map(|q| {
                vec![
                    article.to_string(),
                    q.id.clone(),
                    name_of(&q.kind),
                    name(&q.speaker),
                    q.cue.clone().unwrap_or_default(),
                    q.text.clone(),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Analyzer, ArticleInput};

    fn analyse(text: &str) -> Analysis {
        let mut input = ArticleInput::text(text).unwrap();
        input.published = chrono::NaiveDate::from_ymd_opt(2025, 10, 27);
        Analyzer::embedded().analyze(&input)
    }

    #[test]
    fn rows_have_their_header_width_and_names_for_ids() {
        let a = analyse(
            "India and Pakistan held talks in Doha on Monday.\n\n\
             \"We want peace,\" said Shehbaz Sharif, Pakistan's prime minister.",
        );
        for what in [What::Relations, What::Entities, What::Quotes] {
            let rows = rows("a.txt", &a, what);
            assert!(!rows.is_empty(), "{what:?}");
            for r in &rows {
                assert_eq!(r.len(), header(what).len(), "{what:?}: {r:?}");
                assert_eq!(r[0], "a.txt");
            }
        }
        let rel = &rows("a.txt", &a, What::Relations)[0];
        let pair = [rel[2].as_str(), rel[3].as_str()];
        assert!(pair.contains(&"IN") && pair.contains(&"PK"), "{rel:?}");
        assert_eq!(rel[4], "CONSULT");
        assert_eq!(
            rel[1], "2025-10-27",
            "the fact's date, else the reference date"
        );
        let quote = &rows("a.txt", &a, What::Quotes)[0];
        assert_eq!(quote[3], "Shehbaz Sharif", "speaker by name, not id");
    }
}

//! Embedded data (gazetteers, lexicons, patterns), parsed once.
//!
//! Each stage owns the type of its own data and how to parse it; this
//! module only gathers them and loads them once per process.

use std::sync::OnceLock;

use crate::analysis::knowledge::{Knowledge, KnowledgeError};
use crate::analysis::{clean, entities, quotes, relations, segment};

/// A data file that does not parse. Data is embedded at build time, so
/// this fails `cargo test` (see the `resources_load` test), never a request.
#[derive(Debug, thiserror::Error)]
#[error("data file {file}, line {line}: {message}")]
pub struct DataError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// Everything the pipeline reads besides the article.
#[derive(Debug)]
pub struct Resources {
    pub clean: clean::CleanLexicon,
    /// Abbreviations the sentence splitter does not end a sentence at.
    pub abbreviations: segment::Abbreviations,
    pub gazetteer: entities::Gazetteer,
    pub speech: quotes::SpeechLexicon,
    pub triggers: relations::TriggerLexicon,
    pub knowledge: Knowledge,
}

/// The embedded data alone, parsed on first use.
static EMBEDDED: OnceLock<Resources> = OnceLock::new();

/// Resources installed at start-up with an operator's knowledge merged in.
static INSTALLED: OnceLock<Resources> = OnceLock::new();

impl Resources {
    /// Parses every embedded data file.
    pub fn load() -> Result<Self, DataError> {
        Ok(Self {
            clean: clean::CleanLexicon::load()?,
            abbreviations: segment::Abbreviations::load()?,
            gazetteer: entities::Gazetteer::load()?,
            speech: quotes::SpeechLexicon::load()?,
            triggers: relations::TriggerLexicon::load()?,
            knowledge: Knowledge::load()?,
        })
    }

    /// The embedded resources with an operator's knowledge file (its
    /// text, read by the caller) merged in.
    pub fn with_knowledge(text: &str) -> Result<Self, KnowledgeError> {
        let mut res = Resources::load().expect("embedded data files parse (checked by cargo test)");
        res.knowledge.merge_operator(text)?;
        Ok(res)
    }

    /// Makes `res` the process's resources, returned by [`Resources::embedded`]
    /// from then on. Call once at start-up, before any analysis; a later
    /// call, or one after the embedded data was first used, is ignored
    /// and returns false.
    pub fn install(res: Resources) -> bool {
        if EMBEDDED.get().is_some() {
            return false;
        }
        INSTALLED.set(res).is_ok()
    }

    /// The process's resources: those installed at start-up, else the
    /// embedded data, parsed on first use.
    pub fn embedded() -> &'static Resources {
        if let Some(r) = INSTALLED.get() {
            return r;
        }
        EMBEDDED.get_or_init(|| {
            Resources::load().expect("embedded data files parse (checked by cargo test)")
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn resources_load() {
        super::Resources::load().unwrap();
    }
}

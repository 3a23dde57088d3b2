//! Embedded data (gazetteers, lexicons, patterns), parsed once.
//!
//! Each stage owns the type of its own data and how to parse it; this
//! module only gathers them and loads them once per process.

use std::sync::LazyLock;

use crate::analysis::{clean, entities, quotes, relations};

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
    pub gazetteer: entities::Gazetteer,
    pub speech: quotes::SpeechLexicon,
    pub triggers: relations::TriggerLexicon,
}

impl Resources {
    /// Parses every embedded data file.
    pub fn load() -> Result<Self, DataError> {
        Ok(Self {
            clean: clean::CleanLexicon::load()?,
            gazetteer: entities::Gazetteer::load()?,
            speech: quotes::SpeechLexicon::load()?,
            triggers: relations::TriggerLexicon::load()?,
        })
    }

    /// The embedded resources, parsed on first use.
    pub fn embedded() -> &'static Resources {
        static RES: LazyLock<Resources> = LazyLock::new(|| {
            Resources::load().expect("embedded data files parse (checked by cargo test)")
        });
        &RES
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn resources_load() {
        super::Resources::load().unwrap();
    }
}

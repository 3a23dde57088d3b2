//! Quotes and who said them.
//!
//! Input: the segmented article, its entities and the speech-verb lexicon.
//! Output: direct, partial and indirect quotes, ids `Q1…` in text order,
//! each with its span (the words without the marks), speaker entity id,
//! `speaker_text` and `cue`.

use crate::analysis::model::{Entity, Quote};
use crate::analysis::segment::Segmented;

/// Speech verbs and attribution cues.
#[derive(Debug, Default)]
pub struct SpeechLexicon {}

impl SpeechLexicon {
    pub fn load() -> Result<Self, crate::analysis::resources::DataError> {
        Ok(Self {})
    }
}

/// Finds the quotes of the article and attributes them.
pub fn extract(_doc: &Segmented, _entities: &[Entity], _lex: &SpeechLexicon) -> Vec<Quote> {
    Vec::new()
}

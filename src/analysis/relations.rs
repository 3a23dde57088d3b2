//! Diplomatic-relation facts between two actors.
//!
//! Input: the segmented article, its entities (with `actor` set on states,
//! their capitals, officials and bodies, and on international
//! organisations), its quotes and date mentions, and the trigger lexicon.
//! Output: typed relations with status, date, place, claimant and evidence;
//! ids `R1…` in order of evidence. Invariants: source and target actors
//! differ; one relation per (unordered pair, type, fact).

use crate::analysis::dates::DateMention;
use crate::analysis::model::{Entity, Quote, Relation};
use crate::analysis::segment::Segmented;

/// Trigger words and patterns per relation type.
#[derive(Debug, Default)]
pub struct TriggerLexicon {}

impl TriggerLexicon {
    pub fn load() -> Result<Self, crate::analysis::resources::DataError> {
        Ok(Self {})
    }
}

/// Finds the relation facts of the article.
pub fn extract(
    _doc: &Segmented,
    _entities: &[Entity],
    _quotes: &[Quote],
    _dates: &[DateMention],
    _lex: &TriggerLexicon,
) -> Vec<Relation> {
    Vec::new()
}

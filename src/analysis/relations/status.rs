//! The status of a fact: occurred, ongoing, planned, hypothetical,
//! negated or denied.
//!
//! Input: the normalised tokens, the sentence's token range, the trigger's
//! tokens and type, and the status cues of the lexicon. Output: one
//! [`Status`]. Cues count before the trigger (near ones within its
//! clause), and right after it for the few written after a noun ("talks
//! will be held"); when several apply, denied > negated > hypothetical > planned
//! > ongoing; a relationship state with no cue is ongoing.

use std::ops::Range;

use crate::analysis::model::{QuadClass, RelationType, Status};

use super::lexicon::{Scope, TriggerLexicon};

/// Tokens before the trigger that near cues may stand on.
const NEAR: usize = 6;

/// Tokens after a noun trigger that after cues may stand on ("talks
/// between China and Russia will be held", "the visit is expected").
const AFTER: usize = 7;

/// Words before a trigger that make it a noun.
const DETERMINERS: [&str; 14] = [
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "any",
    "new",
];

/// Tokens that end the clause a near cue must share with its trigger.
const CLAUSE_BREAKS: [&str; 7] = [",", ";", ":", "\"", "\u{201c}", "\u{201d}", "\u{2014}"];

fn rank(s: Status) -> u8 {
    match s {
        Status::Denied => 5,
        Status::Negated => 4,
        Status::Hypothetical => 3,
        Status::Planned => 2,
        Status::Ongoing => 1,
        Status::Occurred => 0,
    }
}

/// The status of the trigger at tokens `ts..te` of the sentence `sent`.
pub fn status(
    norm: &[&str],
    sent: Range<usize>,
    ts: usize,
    te: usize,
    kind: RelationType,
    lex: &TriggerLexicon,
) -> Status {
    let mut clause_start = ts;
    while clause_start > sent.start
        && ts - clause_start < NEAR
        && !CLAUSE_BREAKS.contains(&norm[clause_start - 1])
    {
        clause_start -= 1;
    }
    let toks = &norm[..sent.end];
    // A noun trigger ("the talks", "Talks between …") takes the modal of
    // its own verb, after its complement; a verb takes none after it.
    let noun_like = ts == sent.start || DETERMINERS.contains(&norm[ts - 1]);
    let mut after_end = te;
    while after_end < sent.end
        && after_end - te < AFTER
        && !CLAUSE_BREAKS.contains(&norm[after_end])
    {
        after_end += 1;
    }
    // Each token of the sentence tries the cues that may start on it, each
    // cue counting only inside its own scope: the best status is the same
    // as when every cue is tried over its scope.
    let mut best = Status::Occurred;
    let mut cands = Vec::new();
    // No scope reaches past the sentence's after cues but a sentence one.
    let hi = if lex.status.iter().any(|c| c.scope == Scope::Sentence) {
        sent.end
    } else {
        ts.max(after_end)
    };
    for i in sent.start..hi {
        lex.status_candidates(toks[i], &mut cands);
        for &ci in &cands {
            let cue = &lex.status[ci];
            if rank(cue.status) <= rank(best) {
                continue;
            }
            let from = match cue.scope {
                Scope::Near => clause_start,
                Scope::Before | Scope::Sentence => sent.start,
                Scope::After => te,
            };
            let to = match cue.scope {
                Scope::Sentence => sent.end,
                Scope::After if noun_like => after_end,
                Scope::After => te,
                _ => ts,
            };
            if (from..to).contains(&i) && cue.pattern.match_at(toks, i).is_some_and(|e| e <= to) {
                best = cue.status;
            }
        }
    }
    if best == Status::Occurred {
        let progressive = ts > sent.start
            && matches!(norm[ts - 1], "is" | "are" | "am")
            && norm[ts..te].first().is_some_and(|t| t.ends_with("ing"));
        if progressive || kind.quad_class() == QuadClass::RelationshipState {
            best = Status::Ongoing;
        }
    }
    best
}

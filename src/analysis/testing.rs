//! Builders for stage tests: hand-made entities and paragraph blocks, so a
//! stage can be tested on sentences written for it, apart from the stages
//! before it. Used by the unit tests and by `tests/it`; not part of the API.

use std::time::{Duration, Instant};

use crate::analysis::budget;
use crate::analysis::model::{Entity, EntityType, KbLinks, Mention};
use crate::analysis::segment::Block;

/// A hand-built entity: every occurrence of each alias in `text` is a mention.
pub fn entity(
    text: &str,
    id: usize,
    kind: EntityType,
    aliases: &[&str],
    title: Option<&str>,
) -> Entity {
    let mut mentions = Vec::new();
    for a in aliases {
        for (i, _) in text.match_indices(a) {
            let before = text[..i].chars().next_back();
            let after = text[i + a.len()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            mentions.push(Mention {
                start: i,
                end: i + a.len(),
                text: a.to_string(),
            });
        }
    }
    mentions.sort_by_key(|m| m.start);
    Entity {
        id: format!("E{id}"),
        kind,
        name: aliases[0].to_string(),
        title: title.map(str::to_string),
        country: None,
        mentions,
        salience: 0.0,
        kb: KbLinks::default(),
        value: None,
        actor: None,
    }
}

/// One block per paragraph; paragraphs are separated by a blank line.
pub fn paragraph_blocks(text: &str) -> Vec<Block> {
    let mut v = Vec::new();
    let mut pos = 0;
    for p in text.split("\n\n") {
        v.push(Block {
            range: pos..pos + p.len(),
            is_title: false,
        });
        pos += p.len() + 2;
    }
    v
}

/// A stand-in for a slow analysis that honours its budget: waits, looking
/// at the budget in force every millisecond, until the budget is spent
/// (true) or `limit` has passed (false).
pub fn busy(limit: Duration) -> bool {
    let start = Instant::now();
    loop {
        if budget::spent() {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

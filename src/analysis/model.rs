//! The result of an analysis, as serialised to JSON (SPEC section 2).
//!
//! Every `start`/`end` in these types is a **byte offset into the text the
//! client sent** (for HTML, into the extracted `source_text`) while the core
//! works; [`crate::analysis::offsets`] rewrites them into the unit the client
//! asked for just before the result leaves the library. Spans are half-open
//! and always lie on `char` boundaries of that text.

use serde::{Deserialize, Serialize};

/// Version of the JSON result; bumped on any incompatible change.
pub const SCHEMA_VERSION: &str = "1";

/// A half-open span of the input text with a copy of the text it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The whole answer for one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema_version: String,
    pub language: String,
    pub warnings: Vec<String>,
    pub document: DocumentInfo,
    /// The text offsets refer to, when it is not the body the client sent
    /// (HTML input: the extracted text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean_text: Option<String>,
    pub removed: Vec<Removed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<Entity>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<Quote>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relations: Option<Vec<Relation>>,
}

/// Headline, byline, dateline and the date relative expressions resolve against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub dateline: Option<Dateline>,
    /// ISO 8601 date (`YYYY-MM-DD`).
    pub reference_date: Option<String>,
    pub word_count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dateline {
    pub text: String,
    /// Id of the place entity the dateline names, when there is one.
    pub entity: Option<String>,
}

/// A span that cleaning dropped from the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub start: usize,
    pub end: usize,
    pub kind: RemovedKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    Navigation,
    Advertisement,
    Byline,
    AuthorBio,
    RelatedLinks,
    Share,
    Subscription,
    Copyright,
    Footer,
    Other,
}

/// Entity types, after OntoNotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    Gpe,
    Loc,
    Fac,
    Norp,
    Event,
    Date,
}

/// Links to knowledge bases, for gazetteer entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KbLinks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso3166: Option<String>,
}

impl KbLinks {
    pub fn is_empty(&self) -> bool {
        self.wikidata.is_none() && self.iso3166.is_none()
    }
}

/// One real-world referent with every mention of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// `E1`, `E2`, … in order of first mention.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Canonical name: the longest / gazetteer name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO 3166-1 alpha-2 of the state this entity is, belongs to or serves.
    pub country: Option<String>,
    /// Mentions in text order; names only (no titles, no pronouns).
    pub mentions: Vec<Mention>,
    pub salience: f64,
    #[serde(default, skip_serializing_if = "KbLinks::is_empty")]
    pub kb: KbLinks,
    /// DATE entities: the resolved ISO 8601 value (`2025-10-25`, `2025-09`, `2019`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The relation actor this entity stands for: an ISO alpha-2 code for a
    /// state (and its capital, government, officials), or an organisation
    /// code (`UN`, `EU`, `AFU`…) for an international organisation.
    /// Internal: relations read it, clients see `country` and `kb`.
    #[serde(skip)]
    pub actor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// `Q1`, `Q2`, … in text order.
    pub id: String,
    pub kind: QuoteKind,
    /// The quoted words without the marks (indirect: the reported clause).
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Entity id of the speaker, or null when the article does not say.
    /// With several speakers, the first of them.
    pub speaker: Option<String>,
    /// Entity ids of everyone who says it ("Kerry and Lavrov said"), in
    /// text order; `speaker` alone when one does, empty when none.
    pub speakers: Vec<String>,
    /// The words in the text that name the speaker ("he", "Rubio", "the ministry").
    pub speaker_text: Option<String>,
    /// The speech verb or cue ("said", "according to").
    pub cue: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RelationType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
    Partnership,
    Tension,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Cooperative,
    Conflictual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuadClass {
    VerbalCooperation,
    MaterialCooperation,
    VerbalConflict,
    MaterialConflict,
    RelationshipState,
}

impl RelationType {
    pub const ALL: [RelationType; 18] = [
        Self::Agree,
        Self::Consult,
        Self::Support,
        Self::Concede,
        Self::Cooperate,
        Self::Aid,
        Self::Retreat,
        Self::Request,
        Self::Accuse,
        Self::Reject,
        Self::Threaten,
        Self::Protest,
        Self::Sanction,
        Self::Mobilize,
        Self::Coerce,
        Self::Assault,
        Self::Partnership,
        Self::Tension,
    ];

    /// Quad class, score and one-line definition, from SPEC section 2.
    pub fn info(self) -> (QuadClass, f64, &'static str) {
        use QuadClass::*;
        match self {
            Self::Agree => (
                VerbalCooperation,
                2.5,
                "agree, sign or conclude an agreement, treaty, deal, MoU; promise or offer to cooperate",
            ),
            Self::Consult => (
                VerbalCooperation,
                2.5,
                "meet, visit, host, hold talks or a dialogue, call, attend a summit together",
            ),
            Self::Support => (
                VerbalCooperation,
                5.0,
                "praise, endorse, reassure, express support or solidarity, improve or expand diplomatic ties, recognise",
            ),
            Self::Concede => (
                VerbalCooperation,
                4.5,
                "ease sanctions or restrictions, apologise, make a concession",
            ),
            Self::Cooperate => (
                MaterialCooperation,
                9.5,
                "economic, trade, energy, military, security, judicial cooperation; deliveries and exchanges",
            ),
            Self::Aid => (
                MaterialCooperation,
                10.0,
                "give economic, military or humanitarian aid, loans, relief",
            ),
            Self::Retreat => (
                MaterialCooperation,
                6.5,
                "withdraw, release prisoners, observe a ceasefire, allow access",
            ),
            Self::Request => (VerbalConflict, 0.0, "appeal, call on, demand, urge"),
            Self::Accuse => (
                VerbalConflict,
                -3.0,
                "criticise, condemn, blame, accuse, investigate",
            ),
            Self::Reject => (
                VerbalConflict,
                -2.0,
                "reject, refuse, veto, cancel a meeting",
            ),
            Self::Threaten => (
                VerbalConflict,
                -3.5,
                "threaten force, sanctions, expulsion, cutting ties",
            ),
            Self::Protest => (
                MaterialConflict,
                -5.0,
                "demonstrate, boycott, summon an envoy in protest",
            ),
            Self::Sanction => (
                MaterialConflict,
                -6.0,
                "impose sanctions or tariffs, expel diplomats, cut or suspend ties or aid",
            ),
            Self::Mobilize => (
                MaterialConflict,
                -5.5,
                "troop build-up, military drills aimed at the other, alert",
            ),
            Self::Coerce => (
                MaterialConflict,
                -7.0,
                "seize, arrest, detain, deport, blockade, cyber attack",
            ),
            Self::Assault => (
                MaterialConflict,
                -9.0,
                "armed clashes, strikes, attacks, border conflict",
            ),
            Self::Partnership => (
                RelationshipState,
                4.0,
                "a standing friendly relationship described: allies, partners, close or historic ties, friendship",
            ),
            Self::Tension => (
                RelationshipState,
                -4.0,
                "a standing hostile relationship described: tensions, rivalry, dispute, strained ties",
            ),
        }
    }

    pub fn quad_class(self) -> QuadClass {
        self.info().0
    }

    pub fn score(self) -> f64 {
        self.info().1
    }

    pub fn polarity(self) -> Polarity {
        match self.quad_class() {
            QuadClass::VerbalCooperation | QuadClass::MaterialCooperation => Polarity::Cooperative,
            QuadClass::VerbalConflict | QuadClass::MaterialConflict => Polarity::Conflictual,
            QuadClass::RelationshipState => {
                if self == Self::Partnership {
                    Polarity::Cooperative
                } else {
                    Polarity::Conflictual
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Occurred,
    Ongoing,
    Planned,
    Hypothetical,
    Negated,
    Denied,
}

/// One side of a relation: the actor code and the entities that stand for it here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub actor: String,
    pub entities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationDate {
    pub text: String,
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// `R1`, `R2`, … in order of evidence.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: RelationType,
    pub polarity: Polarity,
    pub quad_class: QuadClass,
    pub score: f64,
    pub source: Side,
    pub target: Side,
    pub trigger: String,
    pub status: Status,
    pub date: Option<RelationDate>,
    /// Entity id of the place where it happened.
    pub location: Option<String>,
    /// Entity id of whoever claims it, when it comes from a quote or reported speech.
    pub attributed_to: Option<String>,
    pub evidence: Mention,
}

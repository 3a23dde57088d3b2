//! The pure analysis core: an article in, an [`Analysis`] out.
//!
//! No I/O, no async: the HTTP layer and the CLI both call
//! [`Analyzer::analyze`]. The pipeline's order is visible in one place,
//! `Analyzer::run` (the extraction stages in `Analyzer::extract`):
//!
//! 1. [`html::extract`] — HTML input only: main content as plain text;
//! 2. [`clean::clean`] — headline, byline, dateline, body, clutter;
//! 3. [`segment::segment`] — paragraphs, sentences, tokens;
//! 4. [`dates::find`] — date expressions resolved against the reference date;
//! 5. [`entities::extract`] — people, organisations, places, dates;
//!    [`knowledge::apply`] — countries of known people and offices, known
//!    names the patterns missed;
//! 6. [`quotes::extract`] — quotes and their speakers;
//! 7. [`relations::extract`] — diplomatic-relation facts;
//! 8. [`offsets::convert`] — byte offsets into the unit asked for.
//!
//! Every stage is linear in the article's length (O(n), or O(n log n)
//! where it sorts or searches), as its doc comment states; a sentence
//! longer than [`segment::MAX_SENTENCE_TOKENS`] is cut, so work per
//! sentence is bounded. [`Analyzer::analyze_within`] runs the pipeline
//! under a [`Budget`] that stops it between stages and inside the long
//! loops.
//!
//! ```
//! use attache::analysis::{Analyzer, ArticleInput};
//! let input = ArticleInput::text("Rubio met Jaishankar in Kuala Lumpur.").unwrap();
//! let result = Analyzer::embedded().analyze(&input);
//! assert_eq!(result.schema_version, "1");
//! ```

pub mod budget;
pub mod clean;
pub mod dates;
pub mod entities;
pub mod html;
pub mod knowledge;
pub mod language;
pub mod model;
pub mod offsets;
pub mod quotes;
pub mod relations;
pub mod resources;
pub mod segment;
#[doc(hidden)]
pub mod testing;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use budget::{Budget, Cancelled};
pub use model::Analysis;
pub use offsets::OffsetUnit;
pub use resources::Resources;

use model::{DocumentInfo, Removed};
use segment::Block;

/// Why an article cannot be analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Empty or whitespace-only article (after HTML extraction).
    #[error("the article is empty or whitespace only")]
    EmptyArticle,
}

/// The parts of the result a client can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    CleanText,
    Entities,
    Quotes,
    Relations,
}

impl std::str::FromStr for Part {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "clean_text" => Ok(Self::CleanText),
            "entities" => Ok(Self::Entities),
            "quotes" => Ok(Self::Quotes),
            "relations" => Ok(Self::Relations),
            other => Err(format!(
                "unknown part {other:?} (clean_text, entities, quotes or relations)"
            )),
        }
    }
}

/// Options of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub offset_unit: OffsetUnit,
    /// Parts to return; `None` = all.
    pub include: Option<Vec<Part>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            offset_unit: OffsetUnit::Codepoint,
            include: None,
        }
    }
}

impl Options {
    fn wants(&self, p: Part) -> bool {
        self.include.as_ref().is_none_or(|v| v.contains(&p))
    }
}

/// What the article arrives as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    Html(String),
}

/// A validated article: the body is not empty or whitespace only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInput {
    body: Body,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub options: Options,
}

impl ArticleInput {
    /// Validates a body. HTML whose extracted text is empty is caught later,
    /// by [`Analyzer::try_analyze`].
    pub fn new(body: Body) -> Result<Self, InputError> {
        let s = match &body {
            Body::Text(s) | Body::Html(s) => s,
        };
        if s.trim().is_empty() {
            return Err(InputError::EmptyArticle);
        }
        Ok(Self {
            body,
            url: None,
            published: None,
            options: Options::default(),
        })
    }

    pub fn text(s: impl Into<String>) -> Result<Self, InputError> {
        Self::new(Body::Text(s.into()))
    }

    pub fn html(s: impl Into<String>) -> Result<Self, InputError> {
        Self::new(Body::Html(s.into()))
    }

    pub fn body(&self) -> &Body {
        &self.body
    }
}

/// Runs the pipeline with a set of loaded resources.
#[derive(Debug, Clone, Copy)]
pub struct Analyzer<'r> {
    res: &'r Resources,
}

impl Analyzer<'static> {
    /// An analyzer over the embedded data files.
    pub fn embedded() -> Self {
        Self {
            res: Resources::embedded(),
        }
    }
}

impl<'r> Analyzer<'r> {
    pub fn new(res: &'r Resources) -> Self {
        Self { res }
    }

    /// Analyses a validated article within `budget`: `Err(Cancelled)` when
    /// the budget is spent first (the work stops at the next check, between
    /// stages or inside a long loop). HTML with no text gives an empty result.
    pub fn analyze_within(
        &self,
        input: &ArticleInput,
        budget: &Budget,
    ) -> Result<Analysis, Cancelled> {
        budget.run(|| self.analyze(input))
    }

    /// [`Analyzer::try_analyze`] within `budget`: the outer `Err` when the
    /// budget is spent first.
    pub fn try_analyze_within(
        &self,
        input: &ArticleInput,
        budget: &Budget,
    ) -> Result<Result<Analysis, InputError>, Cancelled> {
        budget.run(|| self.try_analyze(input))
    }

    /// Analyses a validated article. HTML with no text gives an empty result.
    pub fn analyze(&self, input: &ArticleInput) -> Analysis {
        match self.try_analyze(input) {
            Ok(a) => a,
            Err(InputError::EmptyArticle) => self.run("", input, Some(String::new())),
        }
    }

    /// Analyses an article; fails when HTML input holds no text.
    pub fn try_analyze(&self, input: &ArticleInput) -> Result<Analysis, InputError> {
        match &input.body {
            Body::Text(t) => Ok(self.run(t, input, None)),
            Body::Html(h) => {
                let page = html::extract_page(h);
                if page.text.trim().is_empty() {
                    return Err(InputError::EmptyArticle);
                }
                let mut a = self.run(&page.text, input, Some(page.text.clone()));
                a.warnings.extend(page.warnings);
                Ok(a)
            }
        }
    }

    /// The pipeline: clean, segment, then the extraction stages
    /// ([`Analyzer::extract`]), then the result in the offsets asked for.
    /// `source_text` is the text extracted from HTML input, returned as is.
    fn run(&self, text: &str, input: &ArticleInput, source_text: Option<String>) -> Analysis {
        let opts = &input.options;
        let from = if source_text.is_some() {
            clean::Source::Html
        } else {
            clean::Source::Text
        };
        let cleaned = clean::clean_from(text, &self.res.clean, from);
        // Between stages: once the budget in force is spent (see
        // [`budget`]), the stages after get nothing to read.
        let blocks = if budget::spent() {
            Vec::new()
        } else {
            blocks(&cleaned)
        };
        let doc = segment::segment_with(text, &blocks, &self.res.abbreviations);
        let body_text = body_text(text, &cleaned);
        let language = language::detect(&body_text);
        let warnings = language_warning(&language).into_iter().collect();
        let reference = input.published.or_else(|| reference_date(text, &cleaned));
        let found = self.extract(&doc, reference, opts);
        let mut removed: Vec<Removed> = cleaned.removed;
        removed.sort_by_key(|r| r.start);
        let mut analysis = Analysis {
            schema_version: model::SCHEMA_VERSION.to_string(),
            language,
            warnings,
            document: DocumentInfo {
                title: cleaned.title.map(|r| text[r].to_string()),
                authors: cleaned.authors,
                dateline: dateline(text, cleaned.dateline, &found.entities),
                reference_date: reference.map(|d| d.format("%Y-%m-%d").to_string()),
                word_count: word_count(text, &cleaned.body),
            },
            source_text,
            clean_text: opts.wants(Part::CleanText).then_some(body_text),
            removed,
            entities: opts.wants(Part::Entities).then_some(found.entities),
            quotes: opts.wants(Part::Quotes).then_some(found.quotes),
            relations: opts.wants(Part::Relations).then_some(found.relations),
        };
        offsets::convert(&mut analysis, text, opts.offset_unit);
        analysis
    }

    /// The extraction stages in order: dates, entities, knowledge, quotes,
    /// relations. A stage runs only while the budget lasts, and quotes and
    /// relations only when asked for (relations read the quotes).
    fn extract(
        &self,
        doc: &segment::Segmented,
        reference: Option<NaiveDate>,
        opts: &Options,
    ) -> Extracted {
        let go = || !budget::spent();
        let mut found = Extracted::default();
        let date_mentions = if go() {
            dates::find(doc, reference)
        } else {
            Vec::new()
        };
        if go() {
            found.entities = entities::extract(
                doc,
                &date_mentions,
                &self.res.gazetteer,
                &self.res.abbreviations,
            );
        }
        if go() {
            let (k, gaz) = (&self.res.knowledge, &self.res.gazetteer);
            knowledge::apply(doc, &mut found.entities, reference, k, gaz);
        }
        if go() && (opts.wants(Part::Quotes) || opts.wants(Part::Relations)) {
            found.quotes = quotes::extract(doc, &found.entities, &self.res.speech);
        }
        if go() && opts.wants(Part::Relations) {
            let (e, q, t) = (&found.entities, &found.quotes, &self.res.triggers);
            found.relations = relations::extract(doc, e, q, &date_mentions, t);
        }
        found
    }
}

/// What the extraction stages found.
#[derive(Default)]
struct Extracted {
    entities: Vec<model::Entity>,
    quotes: Vec<model::Quote>,
    relations: Vec<model::Relation>,
}

/// The blocks the segmenter reads: the headline, then the body paragraphs.
fn blocks(cleaned: &clean::Cleaned) -> Vec<Block> {
    let mut blocks = Vec::with_capacity(cleaned.body.len() + 1);
    if let Some(t) = &cleaned.title {
        blocks.push(Block {
            range: t.clone(),
            is_title: true,
        });
    }
    blocks.extend(cleaned.body.iter().map(|r| Block {
        range: r.clone(),
        is_title: false,
    }));
    blocks
}

/// The body paragraphs, a blank line between them: the clean text, and
/// what the language is detected on.
fn body_text(text: &str, cleaned: &clean::Cleaned) -> String {
    cleaned
        .body
        .iter()
        .map(|r| &text[r.clone()])
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The warning for an article not in English, the language the stages are
/// tuned for.
fn language_warning(language: &str) -> Option<String> {
    (language != "en").then(|| {
        format!(
            "language detected as {language:?}, not English: extraction is tuned for English and may miss facts"
        )
    })
}

/// The dateline at `range`, with the entity mentioned inside it.
fn dateline(
    text: &str,
    range: Option<std::ops::Range<usize>>,
    entities: &[model::Entity],
) -> Option<model::Dateline> {
    let r = range?;
    let entity = entities
        .iter()
        .find(|e| {
            e.mentions
                .iter()
                .any(|m| m.start >= r.start && m.end <= r.end)
        })
        .map(|e| e.id.clone());
    Some(model::Dateline {
        text: text[r].to_string(),
        entity,
    })
}

/// The number of words in the body paragraphs.
fn word_count(text: &str, body: &[std::ops::Range<usize>]) -> usize {
    body.iter()
        .map(|r| text[r.clone()].split_whitespace().count())
        .sum()
}

/// The article's own date when the request gives none: the date lines and
/// dated bylines around the headline first (nearest first), then the head
/// of the story from the headline to the end of its third paragraph (the
/// dateline lives there). Menus above the headline are never read, so a
/// date in a site's chrome cannot become the reference.
fn reference_date(text: &str, cleaned: &clean::Cleaned) -> Option<NaiveDate> {
    if let Some(d) = cleaned
        .stamps
        .iter()
        .find_map(|r| dates::first_absolute(&text[r.clone()]))
    {
        return Some(d);
    }
    let start = cleaned
        .title
        .as_ref()
        .or(cleaned.body.first())
        .map_or(0, |r| r.start);
    let end = cleaned
        .body
        .iter()
        .take(3)
        .next_back()
        .map_or(text.len(), |r| r.end);
    (start < end).then(|| dates::first_absolute(&text[start..end]))?
}

//! SQL both backends share: the `WHERE` clause of a [`FactFilter`] and
//! the columns of a fact, with each dialect's placeholders.
//!
//! Every value reaches the database as a bound parameter, never spliced
//! into the SQL text.

use super::{Cursor, FactFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A bound parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    Int(i64),
}

/// A `WHERE` clause being built, with its parameters in order.
#[derive(Debug)]
pub struct Where {
    dialect: Dialect,
    pub sql: String,
    pub params: Vec<Param>,
}

impl Where {
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            sql: String::new(),
            params: Vec::new(),
        }
    }

    /// Binds `p` and returns its placeholder.
    pub fn bind(&mut self, p: Param) -> String {
        self.params.push(p);
        match self.dialect {
            Dialect::Sqlite => format!("?{}", self.params.len()),
            Dialect::Postgres => format!("${}", self.params.len()),
        }
    }

    fn and(&mut self, cond: &str) {
        self.sql.push_str(if self.sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        });
        self.sql.push_str(cond);
    }

    fn any_of(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let marks: Vec<String> = values
            .iter()
            .map(|v| self.bind(Param::Text(v.clone())))
            .collect();
        self.and(&format!("{column} IN ({})", marks.join(", ")));
    }

    /// This clause with one more condition.
    fn with(&self, cond: &str) -> String {
        if self.sql.is_empty() {
            format!(" WHERE {cond}")
        } else {
            format!("{} AND {cond}", self.sql)
        }
    }

    /// The conditions of `f` (and, with `after`, the keyset condition of
    /// a page that starts after that fact).
    pub fn facts(dialect: Dialect, f: &FactFilter, after: Option<Cursor>) -> Self {
        Self::facts_on(dialect, f, after, true)
    }

    /// [`Where::facts`], leaving out an `actor` without `counterpart`
    /// when `with_actor` is false (see [`facts_sql`]).
    fn facts_on(dialect: Dialect, f: &FactFilter, after: Option<Cursor>, with_actor: bool) -> Self {
        let mut w = Self::new(dialect);
        match (&f.actor, &f.counterpart) {
            (Some(a), Some(c)) => {
                let (x, y) = super::pair(a, c);
                let x = w.bind(Param::Text(x));
                let y = w.bind(Param::Text(y));
                w.and(&format!("f.actor_a = {x} AND f.actor_b = {y}"));
            }
            (Some(a), None) | (None, Some(a)) if with_actor => {
                let p = w.bind(Param::Text(a.clone()));
                w.and(&format!("(f.actor_a = {p} OR f.actor_b = {p})"));
            }
            (Some(_), None) | (None, Some(_)) => {}
            (None, None) => {}
        }
        w.any_of("f.kind", &f.types);
        w.any_of("f.quad_class", &f.quad_classes);
        w.any_of("f.status", &f.statuses);
        if let Some(d) = f.from {
            let p = w.bind(Param::Text(d.format("%Y-%m-%d").to_string()));
            w.and(&format!("f.day >= {p}"));
        }
        if let Some(d) = f.to {
            let p = w.bind(Param::Text(d.format("%Y-%m-%d").to_string()));
            w.and(&format!("f.day <= {p}"));
        }
        if let Some(q) = &f.q {
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = w.bind(Param::Text(format!("%{escaped}%")));
            let op = match dialect {
                // SQLite's LIKE ignores the case of ASCII letters.
                Dialect::Sqlite => "LIKE",
                Dialect::Postgres => "ILIKE",
            };
            w.and(&format!("f.evidence {op} {p} ESCAPE '\\'"));
        }
        if let Some(a) = &f.article {
            let p = w.bind(Param::Text(a.clone()));
            w.and(&format!("f.article_id = {p}"));
        }
        if let Some(c) = after {
            let d = w.bind(Param::Text(c.day.format("%Y-%m-%d").to_string()));
            let k = w.bind(Param::Int(c.key));
            w.and(&format!("(f.day, f.fid) < ({d}, {k})"));
        }
        w
    }
}

/// The columns of a fact row, in the order [`fact_from_row`] reads them.
pub const FACT_COLUMNS: &str = "f.fid, f.article_id, f.relation_id, f.kind, f.quad_class, \
     f.polarity, f.score, f.source, f.target, f.status, f.day, f.date_text, f.date_value, \
     f.trigger_text, f.ev_start, f.ev_end, f.evidence, f.claimant, a.outlet, a.url, a.title";

/// A [`Fact`](super::Fact) from a row selected with [`FACT_COLUMNS`]: `$get`
/// is the driver's fallible column reader (`get` in rusqlite, `try_get` in
/// tokio-postgres), so both backends read the one column order.
macro_rules! fact_from_row {
    ($r:expr, $get:ident) => {
        $crate::store::Fact {
            key: $r.$get(0)?,
            article_id: $r.$get(1)?,
            relation_id: $r.$get(2)?,
            kind: $r.$get(3)?,
            quad_class: $r.$get(4)?,
            polarity: $r.$get(5)?,
            score: $r.$get(6)?,
            source: $r.$get(7)?,
            target: $r.$get(8)?,
            status: $r.$get(9)?,
            date: $r.$get(10)?,
            date_text: $r.$get(11)?,
            date_value: $r.$get(12)?,
            trigger: $r.$get(13)?,
            evidence: $crate::store::Evidence {
                start: $r.$get(14)?,
                end: $r.$get(15)?,
                text: $r.$get(16)?,
            },
            claimant: $r.$get(17)?,
            outlet: $r.$get(18)?,
            url: $r.$get(19)?,
            title: $r.$get(20)?,
        }
    };
}
pub(crate) use fact_from_row;

/// A page of facts matching `f` after `after`, newest first: the SQL and
/// its parameters.
///
/// One actor on either side is two index walks merged, one per side
/// (`actor_a` and `actor_b` each have an index ordered by day), each
/// stopping after `limit` rows: an `OR` of the two would read and sort
/// every fact of the actor for each page.
pub fn facts_sql(
    dialect: Dialect,
    f: &FactFilter,
    after: Option<Cursor>,
    limit: usize,
) -> (String, Vec<Param>) {
    let limit = limit.min(100_000);
    let select = |cond: &str| {
        format!(
            "SELECT {FACT_COLUMNS} FROM facts f JOIN articles a ON a.id = f.article_id{cond} \
             ORDER BY f.day DESC, f.fid DESC LIMIT {limit}"
        )
    };
    let one_actor = match (&f.actor, &f.counterpart) {
        (Some(a), None) | (None, Some(a)) => Some(a.clone()),
        _ => None,
    };
    match one_actor {
        None => {
            let w = Where::facts(dialect, f, after);
            (select(&w.sql), w.params)
        }
        Some(actor) => {
            let mut w = Where::facts_on(dialect, f, after, false);
            let p = w.bind(Param::Text(actor));
            let a = select(&w.with(&format!("f.actor_a = {p}")));
            let b = select(&w.with(&format!("f.actor_b = {p}")));
            // Column 11 is the day, 1 the row key.
            let sql = format!(
                "SELECT * FROM ({a}) AS side_a UNION ALL SELECT * FROM ({b}) AS side_b \
                 ORDER BY 11 DESC, 1 DESC LIMIT {limit}"
            );
            (sql, w.params)
        }
    }
}

/// Facts counted by day and type.
pub fn day_counts_sql(w: &Where) -> String {
    format!(
        "SELECT f.day, f.kind, COUNT(*), SUM(f.score) FROM facts f{} GROUP BY f.day, f.kind",
        w.sql
    )
}

/// An actor's counterparts: the other side of every fact it is on, one
/// grouped index walk per side, merged.
pub fn counterparts_sql(dialect: Dialect) -> String {
    let p = match dialect {
        Dialect::Sqlite => "?1",
        Dialect::Postgres => "$1",
    };
    format!(
        "SELECT other, CAST(SUM(n) AS BIGINT), \
         CAST(SUM(s) AS DOUBLE PRECISION) / CAST(SUM(n) AS DOUBLE PRECISION), MAX(last) FROM \
         (SELECT actor_b AS other, COUNT(*) AS n, SUM(score) AS s, MAX(day) AS last \
          FROM facts WHERE actor_a = {p} GROUP BY actor_b \
          UNION ALL SELECT actor_a, COUNT(*), SUM(score), MAX(day) \
          FROM facts WHERE actor_b = {p} GROUP BY actor_a) AS sides \
         GROUP BY other ORDER BY 2 DESC, other"
    )
}

//! `GET /version` and the `attache_build_info` metric: what is running.
//!
//! The build commit comes from `ATTACHE_BUILD_COMMIT` at compile time (the
//! Dockerfile passes it as a build argument); without it, it is null. The
//! data sources are `data/sources.tsv`, embedded.

use std::sync::LazyLock;

use serde::Serialize;

/// The crate version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit the binary was built from, when the build was told it.
pub const COMMIT: Option<&str> = option_env!("ATTACHE_BUILD_COMMIT");

const SOURCES_TSV: &str = include_str!("../../data/sources.tsv");

/// One embedded data source.
#[derive(Debug, Clone, Serialize)]
pub struct DataSource {
    pub source: &'static str,
    /// The source's release, or null where the generator did not pin one.
    pub version: Option<&'static str>,
    pub files: Vec<&'static str>,
}

/// The body of `GET /version`.
#[derive(Debug, Clone, Serialize)]
pub struct VersionInfo {
    pub version: &'static str,
    pub schema_version: &'static str,
    pub commit: Option<&'static str>,
    pub data: Vec<DataSource>,
}

/// Parses `data/sources.tsv` (`source<TAB>version<TAB>files`, `-` for no
/// version; `#` comments).
fn parse_sources(tsv: &'static str) -> Vec<DataSource> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let source = cols.next()?.trim();
            let version = cols
                .next()
                .map(str::trim)
                .filter(|v| *v != "-" && !v.is_empty());
            let files = cols.next().unwrap_or("").split_whitespace().collect();
            Some(DataSource {
                source,
                version,
                files,
            })
        })
        .collect()
}

/// What this binary is, built once.
pub fn info() -> &'static VersionInfo {
    static INFO: LazyLock<VersionInfo> = LazyLock::new(|| VersionInfo {
        version: VERSION,
        schema_version: crate::analysis::model::SCHEMA_VERSION,
        commit: COMMIT.filter(|c| !c.is_empty()),
        data: parse_sources(SOURCES_TSV),
    });
    &INFO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_line_parses() {
        let rows = SOURCES_TSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        let info = info();
        assert_eq!(info.data.len(), rows);
        assert!(info.data.iter().all(|d| !d.files.is_empty()));
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
        // Every file named is one the binary embeds.
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        for file in info.data.iter().flat_map(|d| &d.files) {
            assert!(
                data.join(file).exists(),
                "data/{file} is listed but missing"
            );
        }
    }
}

//! Command-line flags and environment variables (one clap struct per command).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "attache",
    version,
    about = "Reads news articles and returns entities, quotes and diplomatic-relation facts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service.
    Serve(ServeConfig),
    /// Analyse files (or `-` for standard input) and print JSON.
    Analyze(AnalyzeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "ATTACHE_ADDR", default_value = "0.0.0.0:8080")]
    pub addr: String,
}

#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    /// Files or directories; `-` reads standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Treat the input as HTML.
    #[arg(long)]
    pub html: bool,
}

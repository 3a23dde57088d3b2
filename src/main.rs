//! The `attache` binary: parses the arguments and dispatches to
//! [`attache::cli`], where each command lives.

use std::process::ExitCode;

use attache::cli;
use attache::config::{Cli, Command};
use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let parsed = Cli::parse();
    let knowledge = match &parsed.command {
        Command::Serve(cfg) => cfg.knowledge.as_deref(),
        Command::Analyze(args) => args.knowledge.as_deref(),
        Command::Ingest(args) => args.knowledge.as_deref(),
        Command::Healthcheck(_) => None,
    };
    if let Some(path) = knowledge
        && let Err(e) = cli::install_knowledge(path)
    {
        eprintln!("attache: {e:#}");
        return ExitCode::FAILURE;
    }
    let result = match parsed.command {
        Command::Serve(cfg) => cli::serve(cfg),
        Command::Analyze(args) => cli::analyze(&args),
        Command::Ingest(args) => cli::ingest(&args),
        Command::Healthcheck(args) => cli::healthcheck(&args),
    };
    match result {
        Ok(code) => code,
        // `attache analyze … | head`: the reader has what it wanted.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("attache: {e:#}");
            ExitCode::FAILURE
        }
    }
}

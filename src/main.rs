use std::io::Read;

use anyhow::Context;
use attache::analysis::{Analyzer, ArticleInput};
use attache::config::{Cli, Command};
use clap::Parser;

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(cfg) => {
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&cfg.addr).await?;
                axum::serve(listener, attache::http::router()).await?;
                anyhow::Ok(())
            })
        }
        Command::Analyze(args) => {
            let path = &args.inputs[0];
            let mut s = String::new();
            if path.as_os_str() == "-" {
                std::io::stdin().read_to_string(&mut s)?;
            } else {
                s = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
            }
            let input = if args.html {
                ArticleInput::html(s)
            } else {
                ArticleInput::text(s)
            }?;
            let a = Analyzer::embedded().analyze(&input);
            println!("{}", serde_json::to_string_pretty(&a)?);
            Ok(())
        }
    }
}

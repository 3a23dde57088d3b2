//! Prints the sentences the segmenter cuts a text into, one a line, for
//! reading where a sentence boundary falls (or fails to).
//!
//! ```sh
//! cargo run --example sentences -- article.txt
//! cargo run --example sentences -- - < article.txt
//! ```
//!
//! The whole text is one block, as the segmenter's own tests read it (no
//! cleaning first); newlines inside a sentence are printed as spaces.

use std::io::Read;

use attache::analysis::segment::{self, Block};

fn main() -> std::io::Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example sentences -- FILE (or - for standard input)");
        std::process::exit(2);
    };
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        std::fs::read_to_string(&path)?
    };
    let block = Block {
        range: 0..text.len(),
        is_title: false,
    };
    let doc = segment::segment(&text, &[block]);
    for i in 0..doc.sentences.len() {
        println!("| {}", doc.sentence_text(i).replace('\n', " "));
    }
    Ok(())
}

//! What the repository's code and docs cite must be in the repository (or be the law): the
//! field guide the project grew from (`DOMAIN.md`) sits outside it, so a reader of the code
//! cannot follow a reference to it.

use std::path::Path;

fn files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "md" || e == "sql") {
            found.push(path);
        }
    }
}

#[test]
fn no_code_or_doc_cites_a_file_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "crates", "docs", "db", "benches"] {
        files_under(&root.join(dir), &mut files);
    }
    files.push(root.join("README.md"));
    assert!(files.len() > 50, "the tree was read: {} files", files.len());
    let outside = ["DOMAIN", ".md"].concat();
    let citing: Vec<String> = files
        .iter()
        .filter(|f| std::fs::read_to_string(f).is_ok_and(|text| text.contains(&outside)))
        .map(|f| f.display().to_string())
        .collect();
    assert!(citing.is_empty(), "cite the law or docs/ instead: {citing:?}");
}

//! Choosing the catalog file: a path field with the matching entries of its folder below it,
//! like a shell's completion. Typing filters, ↑/↓ choose, Tab completes, Enter opens a folder
//! or takes a file, Esc cancels. Only folders and catalog files (.csv .xlsx .xls .json) are
//! listed; hidden entries are not.
//!
//! The state is pure; reading a folder is the loop's work ([`read_dir`], through an effect).

use crate::app::Action;
use crate::field::TextField;
use std::path::{Path, PathBuf};

/// Extensions of files the importer reads.
pub const CATALOG_EXTENSIONS: [&str; 4] = ["csv", "xlsx", "xls", "json"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub path: TextField,
    /// The folder whose entries are listed (the folder part of the path).
    pub dir: PathBuf,
    pub entries: Vec<Entry>,
    /// Index into [`Picker::matches`].
    pub selected: usize,
    /// Why the folder could not be read.
    pub error: Option<String>,
}

/// What the screen must do after a picker action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    /// List this folder.
    List(PathBuf),
    Chosen(PathBuf),
    Cancel,
}

/// Where the picker opens: the working directory.
pub fn start_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}

impl Picker {
    pub fn new(dir: PathBuf) -> Picker {
        let mut path = TextField::new();
        path.set(&with_slash(&dir));
        Picker { path, dir, entries: Vec::new(), selected: 0, error: None }
    }

    /// The folder's entries arrived (an error arrives as `Err`).
    pub fn listed(&mut self, dir: PathBuf, entries: Result<Vec<Entry>, String>) {
        if dir != self.dir {
            return; // an answer for a folder the user has since left
        }
        match entries {
            Ok(entries) => {
                self.entries = entries;
                self.error = None;
            }
            Err(message) => {
                self.entries = Vec::new();
                self.error = Some(message);
            }
        }
        self.selected = 0;
    }

    /// The entries whose name starts with what is typed after the last `/`.
    pub fn matches(&self) -> Vec<&Entry> {
        let prefix = self.typed_name();
        self.entries.iter().filter(|e| e.name.starts_with(prefix)).collect()
    }

    fn typed_name(&self) -> &str {
        let text = self.path.text();
        text.rsplit_once('/').map_or(text, |(_, name)| name)
    }

    /// The folder the typed path is in.
    fn typed_dir(&self) -> PathBuf {
        match self.path.text().rsplit_once('/') {
            Some(("", _)) => PathBuf::from("/"),
            Some((dir, _)) => PathBuf::from(dir),
            None => PathBuf::from("."),
        }
    }

    pub fn update(&mut self, action: &Action) -> Outcome {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                self.selected = (self.selected + 1).min(self.matches().len().saturating_sub(1))
            }
            Action::SwitchPane => return self.complete(),
            Action::Open => return self.open(),
            Action::Back => return Outcome::Cancel,
            editing => {
                if self.path.apply(editing) {
                    self.selected = 0;
                    return self.relist_if_moved();
                }
            }
        }
        Outcome::Nothing
    }

    fn relist_if_moved(&mut self) -> Outcome {
        let dir = self.typed_dir();
        if dir == self.dir {
            return Outcome::Nothing;
        }
        self.dir = dir.clone();
        self.entries.clear();
        Outcome::List(dir)
    }

    /// Tab: the selected entry's full path in the field (a folder is entered).
    fn complete(&mut self) -> Outcome {
        let Some(entry) = self.matches().get(self.selected).map(|e| (*e).clone()) else {
            return Outcome::Nothing;
        };
        let full = self.dir.join(&entry.name);
        if entry.is_dir {
            self.path.set(&with_slash(&full));
            self.selected = 0;
            return self.relist_if_moved();
        }
        self.path.set(&full.display().to_string());
        Outcome::Nothing
    }

    /// Enter: a folder is entered, a file is taken; a typed path nothing matches is taken as
    /// it is (reading it will say what is wrong with it).
    fn open(&mut self) -> Outcome {
        let selected = self.matches().get(self.selected).map(|e| (*e).clone());
        match selected {
            Some(entry) if entry.is_dir => self.complete(),
            Some(entry) => Outcome::Chosen(self.dir.join(entry.name)),
            None if self.typed_name().is_empty() => Outcome::Nothing,
            None => Outcome::Chosen(PathBuf::from(self.path.text())),
        }
    }
}

fn with_slash(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.ends_with('/') {
        text
    } else {
        format!("{text}/")
    }
}

/// The folders and catalog files in `dir`, folders first, each group by name; `..` first so
/// the user can go up.
pub fn read_dir(dir: &Path) -> Result<Vec<Entry>, String> {
    let reader = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut entries: Vec<Entry> = reader
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.path().is_dir();
            let wanted = is_dir || is_catalog_file(&name);
            (wanted && !name.starts_with('.')).then_some(Entry { name, is_dir })
        })
        .collect();
    entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
    if dir.parent().is_some() {
        entries.insert(0, Entry { name: "..".into(), is_dir: true });
    }
    Ok(entries)
}

fn is_catalog_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    CATALOG_EXTENSIONS.iter().any(|ext| lower.ends_with(&format!(".{ext}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker() -> Picker {
        let mut p = Picker::new(PathBuf::from("/data"));
        let entries = vec![
            Entry { name: "..".into(), is_dir: true },
            Entry { name: "2026".into(), is_dir: true },
            Entry { name: "目录-上半年.csv".into(), is_dir: false },
            Entry { name: "目录-下半年.xlsx".into(), is_dir: false },
        ];
        p.listed(PathBuf::from("/data"), Ok(entries));
        p
    }

    #[test]
    fn typing_filters_and_enter_takes_the_file() {
        let mut p = picker();
        assert_eq!(p.path.text(), "/data/");
        assert_eq!(p.matches().len(), 4);
        for c in "目录".chars() {
            assert_eq!(p.update(&Action::Insert(c)), Outcome::Nothing, "same folder: no listing");
        }
        assert_eq!(p.matches().len(), 2);
        p.update(&Action::Down);
        p.update(&Action::Down);
        assert_eq!(p.selected, 1, "the selection stays within the matches");
        assert_eq!(
            p.update(&Action::Open),
            Outcome::Chosen(PathBuf::from("/data/目录-下半年.xlsx"))
        );
    }

    #[test]
    fn folders_are_entered_and_relisted() {
        let mut p = picker();
        p.update(&Action::Down);
        assert_eq!(p.update(&Action::Open), Outcome::List(PathBuf::from("/data/2026")));
        assert_eq!(p.path.text(), "/data/2026/");
        p.listed(PathBuf::from("/elsewhere"), Ok(vec![]));
        assert!(p.entries.is_empty(), "a late answer for another folder is ignored");
        p.update(&Action::Backspace);
        assert_eq!(p.dir, PathBuf::from("/data"), "deleting the slash goes back up");
    }

    #[test]
    fn a_typed_path_nothing_matches_is_taken_as_typed() {
        let mut p = picker();
        for c in "x.csv".chars() {
            p.update(&Action::Insert(c));
        }
        assert_eq!(p.update(&Action::Open), Outcome::Chosen(PathBuf::from("/data/x.csv")));
        assert_eq!(p.update(&Action::Back), Outcome::Cancel);
    }

    #[test]
    fn read_dir_lists_folders_then_catalog_files_only() {
        let dir = tempfile::tempdir().expect("tmp");
        for name in ["b.csv", "a.XLSX", "notes.txt", ".hidden.csv"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        std::fs::create_dir(dir.path().join("sub")).expect("dir");
        let names: Vec<String> =
            read_dir(dir.path()).expect("read").into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["..", "sub", "a.XLSX", "b.csv"]);
        assert!(read_dir(&dir.path().join("missing")).is_err());
    }
}

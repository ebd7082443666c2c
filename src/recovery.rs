//! Recovery files: unsaved work autosaved to the OS data dir, never to the user's own file, and
//! offered back after a crash (DESIGN.md §11).
//!
//! Each run of the workbench is a *session* with its own key. A session keeps at most one
//! recovery file, `KEY.ron` (the project, canonical RON) with `KEY.json` beside it (which file
//! it came from, when it was written). Files of a session whose process is still running belong
//! to another open window and are never offered.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::model::Project;
use crate::store;

/// Where recovery files live by default: `…/rapport/recovery` in the OS data dir.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Rapport", "rapport").map(|d| d.data_dir().join("recovery"))
}

/// What is written beside a recovery file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Meta {
    pid: u32,
    project: String,
    source: Option<PathBuf>,
    written_unix_ms: u64,
    touchpoints: usize,
    /// The last room arrival (its journal number) the recovery file holds; 0 when none.
    #[serde(default)]
    room_seq: u64,
}

/// A recovery file found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The session that wrote it.
    pub key: String,
    /// The project's name.
    pub project: String,
    /// The file the project was opened from or last saved to, if any.
    pub source: Option<PathBuf>,
    /// When it was written.
    pub written: SystemTime,
    /// How many touchpoints it holds, across journeys.
    pub touchpoints: usize,
    /// The recovery file itself.
    pub path: PathBuf,
    /// The session's room journal, when a room was open in it (DESIGN.md §15): merge it into
    /// the recovered project with `room::journal::merge(.., room_seq)`.
    pub room_journal: Option<PathBuf>,
    /// The last room arrival the recovery file already holds.
    pub room_seq: u64,
}

impl Entry {
    /// "3 minutes ago", relative to `now`.
    pub fn age(&self, now: SystemTime) -> String {
        let secs = now.duration_since(self.written).unwrap_or(Duration::ZERO).as_secs();
        match secs {
            0..=59 => "less than a minute ago".to_owned(),
            60..=119 => "a minute ago".to_owned(),
            120..=3599 => format!("{} minutes ago", secs / 60),
            3600..=7199 => "an hour ago".to_owned(),
            7200..=172_799 => format!("{} hours ago", secs / 3600),
            _ => format!("{} days ago", secs / 86_400),
        }
    }
}

/// The recovery files of one session, in one folder.
#[derive(Clone, Debug)]
pub struct Session {
    dir: PathBuf,
    key: String,
}

impl Session {
    /// A new session writing into `dir`.
    pub fn new(dir: PathBuf) -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_nanos();
        Self { dir, key: format!("{}-{nanos}", std::process::id()) }
    }

    /// This session's key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, key: &str, ext: &str) -> PathBuf {
        self.dir.join(format!("{key}.{ext}"))
    }

    /// The journal a room opened in this session writes to, beside the recovery file. It is
    /// not removed with the recovery file: remove it with [`Session::discard_room_journal`]
    /// once no room is open and what arrived is saved.
    pub fn room_journal(&self) -> PathBuf {
        self.file(&self.key, "room.jsonl")
    }

    /// Removes this session's room journal (no room open, everything saved).
    pub fn discard_room_journal(&self) {
        let _ = std::fs::remove_file(self.room_journal());
    }

    /// Writes (or replaces) this session's recovery file, atomically.
    pub fn write(&self, project: &Project, source: Option<&Path>) -> Result<(), store::SaveError> {
        self.write_with_room(project, source, 0)
    }

    /// [`Session::write`] for a project holding the room's arrivals up to journal number
    /// `room_seq`, so recovery replays only those after it.
    pub fn write_with_room(
        &self,
        project: &Project,
        source: Option<&Path>,
        room_seq: u64,
    ) -> Result<(), store::SaveError> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| store::SaveError { path: self.dir.clone(), message: store::io_message(&e) })?;
        let meta = Meta {
            pid: std::process::id(),
            project: project.name.clone(),
            source: source.map(Path::to_owned),
            written_unix_ms: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_millis() as u64,
            touchpoints: project.journeys.iter().map(|j| j.touchpoints.len()).sum(),
            room_seq,
        };
        store::save_text(&self.file(&self.key, "ron"), &store::write_project(project))?;
        let json = serde_json::to_string_pretty(&meta).unwrap_or_default();
        store::save_text(&self.file(&self.key, "json"), &json)?;
        // save_text keeps a .bak of what it replaces; a recovery file needs none.
        for ext in ["ron.bak", "json.bak"] {
            let _ = std::fs::remove_file(self.file(&self.key, ext));
        }
        Ok(())
    }

    /// Removes this session's recovery file (after a clean save or close).
    pub fn discard(&self) {
        discard(&self.dir, &self.key);
    }

    /// Recovery files left by other sessions that are no longer running, newest first.
    pub fn others(&self) -> Vec<Entry> {
        let Ok(read) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut found = Vec::new();
        for item in read.flatten() {
            let path = item.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let Some(key) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else { continue };
            if key == self.key {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let Ok(meta) = serde_json::from_str::<Meta>(&text) else { continue };
            if meta.pid != std::process::id() && process_is_running(meta.pid) {
                continue;
            }
            let ron = self.file(&key, "ron");
            if !ron.exists() {
                continue;
            }
            let journal = self.file(&key, "room.jsonl");
            if holds_nothing_new(&ron, &journal, meta.source.as_deref()) {
                // A room opened on a saved project writes its base copy before anything has
                // arrived: after a crash there is nothing to offer, only files to tidy away.
                discard(&self.dir, &key);
                let _ = std::fs::remove_file(&journal);
                continue;
            }
            found.push(Entry {
                key,
                project: meta.project,
                source: meta.source,
                written: UNIX_EPOCH + Duration::from_millis(meta.written_unix_ms),
                touchpoints: meta.touchpoints,
                path: ron,
                room_journal: journal.exists().then_some(journal),
                room_seq: meta.room_seq,
            });
        }
        found.sort_by_key(|e| std::cmp::Reverse(e.written));
        found
    }

    /// Reads a recovery file back.
    pub fn load(entry: &Entry) -> Result<Project, store::LoadError> {
        store::load(&entry.path)
    }

    /// Removes another session's recovery file and room journal (the user chose not to
    /// restore it, or restored it).
    pub fn discard_entry(&self, entry: &Entry) {
        discard(&self.dir, &entry.key);
        if let Some(journal) = &entry.room_journal {
            let _ = std::fs::remove_file(journal);
        }
    }
}

/// Whether a recovery file only repeats its source file: the same bytes and no room arrival
/// waiting in its journal. A missing or unreadable source is never judged the same.
fn holds_nothing_new(ron: &Path, journal: &Path, source: Option<&Path>) -> bool {
    let journal_empty = std::fs::metadata(journal).map_or(true, |m| m.len() == 0);
    journal_empty
        && source.is_some_and(|source| match (std::fs::read(ron), std::fs::read(source)) {
            (Ok(kept), Ok(saved)) => kept == saved,
            _ => false,
        })
}

fn discard(dir: &Path, key: &str) {
    for ext in ["ron", "json", "ron.bak", "json.bak"] {
        let _ = std::fs::remove_file(dir.join(format!("{key}.{ext}")));
    }
}

/// Whether a process with this id is running (Linux: /proc; elsewhere assume it is not, so a
/// recovery file is offered rather than hidden).
fn process_is_running(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

//! Rapport as a desktop application (DESIGN.md §20): the freedesktop entry, the icon, the project
//! file type, and putting them where a desktop finds them — in the package's staging tree
//! (`rapport package-files`, for `cargo deb`) or under the user's XDG data dir
//! (`rapport desktop-install`, for someone who installed with `cargo install`).
//!
//! The icon is one SVG (`assets/desktop/rapport.svg`); every PNG, the window's icon included, is
//! drawn from it here, so the sizes never disagree with it.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use resvg::{tiny_skia, usvg};

/// The desktop entry's id (`rapport.desktop`), the icon's name and the window's app id, one name
/// so a desktop matches the running window to its entry and icon.
pub const APP_ID: &str = "rapport";
/// The file type of a Rapport project.
pub const MIME_TYPE: &str = "application/x-rapport-project";
/// The scalable icon.
pub const ICON_SVG: &str = include_str!("../assets/desktop/rapport.svg");
/// The desktop entry as the package installs it (`Exec=rapport`).
pub const DESKTOP_ENTRY: &str = include_str!("../assets/desktop/rapport.desktop");
/// The shared-mime-info description of the project file type (recognised by content).
pub const MIME_XML: &str = include_str!("../assets/desktop/rapport.xml");
/// The hicolor sizes the icon is drawn at, in pixels.
pub const ICON_SIZES: [u32; 9] = [16, 22, 24, 32, 48, 64, 128, 256, 512];

/// The icon drawn at `size` × `size` pixels: straight (not premultiplied) RGBA, row by row.
pub fn icon_rgba(size: u32) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(ICON_SVG, &usvg::Options::default())
        .map_err(|e| format!("the icon's SVG does not parse: {e}"))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size, size).ok_or_else(|| format!("no icon can be {size} pixels wide"))?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect())
}

/// The icon as a PNG of `size` × `size` pixels.
pub fn icon_png(size: u32) -> Result<Vec<u8>, String> {
    let rgba = icon_rgba(size)?;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&rgba))
        .map_err(|e| format!("the {size} px icon could not be encoded: {e}"))?;
    Ok(out)
}

/// A file a desktop reads, at its place under a data dir (`share/` of a package, or
/// `~/.local/share`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Where it goes, relative to the data dir: `applications/rapport.desktop`, …
    pub path: PathBuf,
    /// What it holds.
    pub bytes: Vec<u8>,
}

/// The entry, the icons (SVG and PNGs) and the file type, with the entry starting `exec`.
pub fn data_files(exec: &str) -> Result<Vec<DataFile>, String> {
    let file = |path: String, bytes: Vec<u8>| DataFile { path: PathBuf::from(path), bytes };
    let mut files = vec![
        file(format!("applications/{APP_ID}.desktop"), desktop_entry(exec).into_bytes()),
        file(format!("mime/packages/{APP_ID}.xml"), MIME_XML.as_bytes().to_vec()),
        file(format!("icons/hicolor/scalable/apps/{APP_ID}.svg"), ICON_SVG.as_bytes().to_vec()),
    ];
    for size in ICON_SIZES {
        files.push(file(format!("icons/hicolor/{size}x{size}/apps/{APP_ID}.png"), icon_png(size)?));
    }
    Ok(files)
}

/// The desktop entry with its `Exec` lines starting `exec` (a path is quoted as the desktop entry
/// specification asks).
pub fn desktop_entry(exec: &str) -> String {
    let program = exec_argument(exec);
    DESKTOP_ENTRY
        .lines()
        .map(|line| match line.strip_prefix("Exec=rapport") {
            Some(rest) => format!("Exec={program}{rest}\n"),
            None => format!("{line}\n"),
        })
        .collect()
}

/// One argument of an `Exec` key: as it is when it holds nothing special, else in double quotes
/// with `"`, `` ` ``, `$` and `\` escaped; then `%` doubled and `\` escaped again, as every string
/// value of a desktop entry.
fn exec_argument(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._+-,:@".contains(c);
    let quoted = if arg.chars().all(plain) && !arg.is_empty() {
        arg.to_owned()
    } else {
        let mut q = String::from("\"");
        for c in arg.chars() {
            if matches!(c, '"' | '`' | '$' | '\\') {
                q.push('\\');
            }
            q.push(c);
        }
        q.push('"');
        q
    };
    quoted.replace('\\', "\\\\").replace('%', "%%")
}

/// What an install or an uninstall did, line by line, for the person who ran it.
#[derive(Debug, Default)]
pub struct Report {
    /// What was done and what was not, in order.
    pub lines: Vec<String>,
}

/// The user's data dir on a freedesktop system: `$XDG_DATA_HOME`, else `~/.local/share`.
pub fn user_data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.data_dir().to_path_buf())
}

/// Writes the entry, icons and file type under `data_dir` with the entry starting `exec`, then
/// refreshes the desktop's caches with the tools it finds.
pub fn install(data_dir: &Path, exec: &str) -> Result<Report, String> {
    let mut report = Report::default();
    let files = data_files(exec)?;
    for f in &files {
        let path = data_dir.join(&f.path);
        write(&path, &f.bytes).map_err(|e| format!("could not write {}: {e}", path.display()))?;
    }
    report.lines.push(format!(
        "installed the desktop entry, {} icons and the project file type under {}",
        files.len() - 2,
        data_dir.display()
    ));
    refresh(data_dir, &mut report);
    Ok(report)
}

/// Removes what [`install`] wrote under `data_dir` (and only that), the caches that then describe
/// nothing, and the folders left empty.
pub fn uninstall(data_dir: &Path) -> Result<Report, String> {
    let mut report = Report::default();
    let mut removed = 0;
    for f in data_files(APP_ID)? {
        let path = data_dir.join(&f.path);
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("could not remove {}: {e}", path.display())),
        }
    }
    if removed == 0 {
        report.lines.push(format!("nothing of Rapport's was installed under {}", data_dir.display()));
    } else {
        report.lines.push(format!("removed {removed} files of Rapport's from under {}", data_dir.display()));
    }
    forget_empty_caches(data_dir).map_err(|e| format!("could not tidy {}: {e}", data_dir.display()))?;
    refresh(data_dir, &mut report);
    for f in data_files(APP_ID)? {
        remove_empty_parents(data_dir, &data_dir.join(&f.path));
    }
    Ok(report)
}

fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// What `update-mime-database` writes next to `packages/`: all of it is made from `packages/`.
const MIME_CACHE_FILES: [&str; 12] = [
    "aliases",
    "generic-icons",
    "globs",
    "globs2",
    "icons",
    "magic",
    "mime.cache",
    "subclasses",
    "treemagic",
    "types",
    "version",
    "XMLnamespaces",
];

/// After an uninstall: a cache that was made from Rapport's files alone describes nothing now,
/// and goes, so an install followed by an uninstall leaves nothing behind. Caches that also
/// describe other programs' files stay (and are refreshed).
fn forget_empty_caches(data_dir: &Path) -> io::Result<()> {
    let mime = data_dir.join("mime");
    if mime.is_dir() && is_empty_dir(&mime.join("packages")) {
        // Nothing else is described: every file there was made by update-mime-database from the
        // package files that are now gone (the type folders hold one XML file per type).
        for name in MIME_CACHE_FILES {
            remove_if_there(&mime.join(name))?;
        }
        for entry in std::fs::read_dir(&mime)? {
            let dir = entry?.path();
            let generated = dir.is_dir()
                && std::fs::read_dir(&dir)?.all(|e| {
                    e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "xml") && e.path().is_file())
                });
            if generated && dir.file_name().is_some_and(|n| n != "packages") {
                std::fs::remove_dir_all(&dir)?;
            }
        }
        remove_if_empty(&mime.join("packages"));
    }
    let applications = data_dir.join("applications");
    let cache = applications.join("mimeinfo.cache");
    if cache.is_file() && only_child_is(&applications, "mimeinfo.cache") {
        std::fs::remove_file(&cache)?;
    }
    let hicolor = data_dir.join("icons/hicolor");
    let cache = hicolor.join("icon-theme.cache");
    if cache.is_file() && no_files_besides(&hicolor, &cache) {
        std::fs::remove_file(&cache)?;
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn remove_if_empty(dir: &Path) {
    // Fails, as it should, when the folder holds anything.
    let _ = std::fs::remove_dir(dir);
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn only_child_is(dir: &Path, name: &str) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.flatten().all(|e| e.file_name() == name))
}

/// No file under `dir` (at any depth) other than `except`.
fn no_files_besides(dir: &Path, except: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return true };
    entries.flatten().all(|e| {
        let path = e.path();
        if path == except {
            true
        } else if path.is_dir() {
            no_files_besides(&path, except)
        } else {
            false
        }
    })
}

/// Removes the folders above `file` that are empty, up to (not including) `data_dir`.
fn remove_empty_parents(data_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == data_dir || !d.starts_with(data_dir) {
            break;
        }
        if d.exists() {
            if !is_empty_dir(d) {
                break;
            }
            remove_if_empty(d);
        }
        dir = d.parent();
    }
}

/// Runs the tools that refresh a desktop's caches for `data_dir`, each when it is installed, and
/// says what happened.
fn refresh(data_dir: &Path, report: &mut Report) {
    let mime = data_dir.join("mime");
    if mime.join("packages").is_dir() {
        run_tool(
            report,
            "update-mime-database",
            &[mime.as_os_str()],
            "the file manager knows Rapport's project files",
            "project files are recognised after it runs (package shared-mime-info)",
        );
    }
    let applications = data_dir.join("applications");
    if applications.is_dir() && !is_empty_dir(&applications) {
        run_tool(
            report,
            "update-desktop-database",
            &[applications.as_os_str()],
            "project files open in Rapport",
            "launchers read the entry themselves; some only after the next login (package desktop-file-utils)",
        );
    }
    // GTK reads a theme folder without a cache; a cache that is there must be kept up to date.
    let hicolor = data_dir.join("icons/hicolor");
    if hicolor.join("icon-theme.cache").is_file() {
        run_tool(
            report,
            "gtk-update-icon-cache",
            &[std::ffi::OsStr::new("-f"), std::ffi::OsStr::new("-t"), hicolor.as_os_str()],
            "the icon cache is up to date",
            "the icon may show only after the next login (package gtk-update-icon-cache)",
        );
    }
}

fn run_tool(report: &mut Report, tool: &str, args: &[&std::ffi::OsStr], done: &str, missing: &str) {
    match Command::new(tool).args(args).output() {
        Ok(o) if o.status.success() => report.lines.push(format!("ran {tool}: {done}")),
        Ok(o) => {
            let why = String::from_utf8_lossy(&o.stderr);
            let why = why.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
            report.lines.push(format!("{tool} failed ({}): {why}", o.status));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            report.lines.push(format!("{tool} is not installed: {missing}"));
        }
        Err(e) => report.lines.push(format!("could not run {tool}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_a_space_or_a_percent_is_quoted_in_the_exec_line() {
        assert_eq!(exec_argument("/usr/bin/rapport"), "/usr/bin/rapport");
        assert_eq!(exec_argument("/home/a b/.cargo/bin/rapport"), "\"/home/a b/.cargo/bin/rapport\"");
        assert_eq!(exec_argument("/x/100%/r$"), "\"/x/100%%/r\\\\$\"");
    }

    #[test]
    fn the_entry_starts_the_given_program_in_every_exec_line() {
        let entry = desktop_entry("/opt/my apps/rapport");
        let execs: Vec<&str> = entry.lines().filter(|l| l.starts_with("Exec=")).collect();
        assert!(execs.len() >= 2, "the entry and its Open project action: {entry}");
        assert!(execs.iter().all(|l| l.starts_with("Exec=\"/opt/my apps/rapport\"")), "{execs:?}");
    }

    #[test]
    fn the_icon_is_drawn_opaque_in_the_middle_and_clear_in_the_corners() {
        for size in [16, 48] {
            let rgba = icon_rgba(size).expect("drawn");
            assert_eq!(rgba.len(), (size * size * 4) as usize);
            let alpha = |x: u32, y: u32| rgba[((y * size + x) * 4 + 3) as usize];
            assert_eq!(alpha(0, 0), 0, "{size} px: the tile's rounded corner is clear");
            assert_eq!(alpha(size / 2, size / 2), 255, "{size} px: the middle is painted");
        }
    }
}

//! File dialogs (behind a trait, so tests inject their own) and the settings file with recent
//! projects, kept in the OS config dir.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::export::{Background, Format};

/// What a file dialog answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    /// The user chose this path.
    Picked(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown (no XDG portal, no zenity): ask in the app instead.
    Unavailable,
}

/// Native open and save dialogs.
pub trait FileDialogs {
    /// Asks for a project file to open.
    fn open(&mut self, folder: Option<&Path>) -> DialogAnswer;
    /// Asks where to save, suggesting a file name.
    fn save(&mut self, folder: Option<&Path>, file_name: &str) -> DialogAnswer;
    /// Asks where to export a diagram, suggesting a file name with the format's extension.
    fn export(&mut self, folder: Option<&Path>, file_name: &str, format: Format) -> DialogAnswer;
    /// Asks where to write the review pack (PDF). None by default: the app then asks for a path
    /// in its own field.
    fn export_pack(&mut self, _folder: Option<&Path>, _file_name: &str) -> DialogAnswer {
        DialogAnswer::Unavailable
    }
    /// Asks for a table of touchpoints (CSV) to import. None by default: the app then asks for
    /// a path in its own field.
    fn import_table(&mut self, _folder: Option<&Path>) -> DialogAnswer {
        DialogAnswer::Unavailable
    }
}

/// The platform's dialogs, through rfd.
pub struct NativeDialogs;

/// rfd returns `None` both when the user cancels and when no dialog could be shown at all; a
/// `None` that comes back faster than anyone could click means there was no dialog.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(250);

fn answer(picked: Option<PathBuf>, started: Instant) -> DialogAnswer {
    match picked {
        Some(p) => DialogAnswer::Picked(p),
        None if started.elapsed() < NO_DIALOG_WITHIN => DialogAnswer::Unavailable,
        None => DialogAnswer::Cancelled,
    }
}

impl FileDialogs for NativeDialogs {
    fn open(&mut self, folder: Option<&Path>) -> DialogAnswer {
        let mut d = rfd::FileDialog::new().add_filter("Rapport project", &["ron"]).set_title("Open project");
        if let Some(f) = folder {
            d = d.set_directory(f);
        }
        let started = Instant::now();
        answer(d.pick_file(), started)
    }

    fn save(&mut self, folder: Option<&Path>, file_name: &str) -> DialogAnswer {
        let mut d = rfd::FileDialog::new()
            .add_filter("Rapport project", &["ron"])
            .set_title("Save project")
            .set_file_name(file_name);
        if let Some(f) = folder {
            d = d.set_directory(f);
        }
        let started = Instant::now();
        answer(d.save_file(), started)
    }

    fn export(&mut self, folder: Option<&Path>, file_name: &str, format: Format) -> DialogAnswer {
        let d = Self::export_dialog(folder, file_name, format);
        let started = Instant::now();
        answer(d.save_file(), started)
    }

    fn export_pack(&mut self, folder: Option<&Path>, file_name: &str) -> DialogAnswer {
        let mut d = rfd::FileDialog::new()
            .add_filter("PDF review pack", &["pdf"])
            .set_title("Export review pack")
            .set_file_name(file_name);
        if let Some(f) = folder {
            d = d.set_directory(f);
        }
        let started = Instant::now();
        answer(d.save_file(), started)
    }

    fn import_table(&mut self, folder: Option<&Path>) -> DialogAnswer {
        let mut d = rfd::FileDialog::new()
            .add_filter("Table of touchpoints", &["csv", "tsv", "txt"])
            .set_title("Import touchpoints");
        if let Some(f) = folder {
            d = d.set_directory(f);
        }
        let started = Instant::now();
        answer(d.pick_file(), started)
    }
}

impl NativeDialogs {
    fn export_dialog(folder: Option<&Path>, file_name: &str, format: Format) -> rfd::FileDialog {
        let (name, ext) = match format {
            Format::Png => ("PNG picture", "png"),
            Format::Svg => ("SVG drawing", "svg"),
        };
        let mut d = rfd::FileDialog::new()
            .add_filter(name, &[ext])
            .set_title("Export diagram")
            .set_file_name(file_name);
        if let Some(f) = folder {
            d = d.set_directory(f);
        }
        d
    }
}

/// What Rapport remembers between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Dark theme.
    pub dark: bool,
    /// Interface scale (1.0 = 100 %).
    pub ui_scale: f32,
    /// Recently opened or saved projects, newest first.
    pub recent: Vec<PathBuf>,
    /// The folder of the last export.
    pub export_folder: Option<PathBuf>,
    /// The choices of the last export.
    pub export: ExportChoices,
    /// The projector theme (stronger contrast), over the light or dark one.
    pub projector: bool,
    /// The inspector panel is open.
    pub show_inspector: bool,
    /// The scores panel is open.
    pub show_scores: bool,
    /// The feeling curve under the canvas.
    pub show_feeling: bool,
    /// The feeling curve places points by day (else evenly, in time order).
    pub feeling_by_day: bool,
    /// The room's join card is hidden (View → Show / hide the join card).
    pub join_card_hidden: bool,
    /// The name review comments are signed with (DESIGN.md §18), asked the first time.
    pub your_name: String,
    /// The right-hand panel shows the Review list rather than the scores.
    pub show_review: bool,
}

impl Settings {
    /// How the canvas draws the feeling curve.
    pub fn feeling_curve(&self) -> crate::layout::feeling::FeelingCurve {
        use crate::layout::feeling::FeelingCurve;
        match (self.show_feeling, self.feeling_by_day) {
            (false, _) => FeelingCurve::Hidden,
            (true, false) => FeelingCurve::Even,
            (true, true) => FeelingCurve::ByDay,
        }
    }

    /// The theme these settings choose.
    pub fn theme(&self) -> super::theme::Theme {
        use super::theme::Theme;
        if self.projector {
            Theme::Projector
        } else if self.dark {
            Theme::Dark
        } else {
            Theme::Light
        }
    }
}

/// What the export dialog offers, as last chosen.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportChoices {
    /// SVG rather than PNG.
    pub svg: bool,
    /// PNG scale, 1 to 4.
    pub scale: u8,
    /// Include the legend.
    pub legend: bool,
    /// Number the findings on cards.
    pub findings: bool,
    /// PNG with a transparent background.
    pub transparent: bool,
    /// A 16:9 page for a slide, the journey wrapped to fill it.
    pub slide: bool,
    /// The feeling curve under the diagram.
    pub feeling: bool,
    /// The review pack on US Letter paper (else A4).
    pub letter: bool,
}

impl Default for ExportChoices {
    fn default() -> Self {
        Self {
            svg: false,
            scale: 2,
            legend: true,
            findings: false,
            transparent: false,
            slide: false,
            feeling: true,
            letter: false,
        }
    }
}

impl ExportChoices {
    /// The file format.
    pub fn format(&self) -> Format {
        if self.svg { Format::Svg } else { Format::Png }
    }

    /// The options for the exporter.
    pub fn options(&self) -> crate::export::ExportOptions {
        crate::export::ExportOptions {
            scale: f32::from(self.scale.clamp(1, 4)),
            background: if self.transparent { Background::Transparent } else { Background::White },
            diagram: crate::layout::DiagramOptions {
                legend: self.legend,
                findings: self.findings,
                slide: self.slide,
                feeling: self.feeling,
                comments: false,
            },
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dark: false,
            ui_scale: 1.0,
            recent: Vec::new(),
            export_folder: None,
            export: ExportChoices::default(),
            projector: false,
            show_inspector: true,
            show_scores: true,
            show_feeling: true,
            feeling_by_day: false,
            join_card_hidden: false,
            your_name: String::new(),
            show_review: false,
        }
    }
}

/// Why the settings could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The settings' folder could not be made.
    #[error("the settings folder could not be made: {0}")]
    Folder(String),
    /// The settings could not be written as text (never expected).
    #[error("the settings could not be written: {0}")]
    Text(#[from] ron::Error),
    /// The file could not be saved.
    #[error("{0}")]
    Save(#[from] crate::store::SaveError),
}

/// Most recent files remembered.
pub const MAX_RECENT: usize = 10;

impl Settings {
    /// Puts a file at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Reads the settings in `dir`; defaults when there are none or they are unreadable.
    pub fn load(dir: &Path) -> Self {
        std::fs::read_to_string(dir.join(SETTINGS_FILE))
            .ok()
            .and_then(|text| ron::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the settings into `dir`, atomically.
    pub fn save(&self, dir: &Path) -> Result<(), SettingsError> {
        std::fs::create_dir_all(dir).map_err(|e| SettingsError::Folder(crate::store::io_message(&e)))?;
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())?;
        Ok(crate::store::save_text(&dir.join(SETTINGS_FILE), &text)?)
    }
}

const SETTINGS_FILE: &str = "settings.ron";

/// The OS config dir for Rapport (e.g. `~/.config/rapport`), if the platform has one.
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Rapport", "rapport").map(|d| d.config_dir().to_owned())
}

/// The file a person means by what they typed into a path field: an absolute path as typed
/// (`~/` meaning their home), anything else inside `folder` (or the current folder). `None` when
/// nothing is typed.
pub fn resolve_typed_path(folder: Option<&Path>, typed: &str) -> Option<PathBuf> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    if let Some(rest) = typed.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_owned())
    {
        return Some(home.join(rest));
    }
    let path = Path::new(typed);
    if path.is_absolute() {
        return Some(path.to_owned());
    }
    Some(folder.map_or_else(|| path.to_owned(), |f| f.join(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_name_goes_to_the_folder_shown_and_an_absolute_path_is_used_as_typed() {
        let folder = Path::new("/work/projects");
        assert_eq!(resolve_typed_path(Some(folder), " energy.ron "), Some(folder.join("energy.ron")));
        assert_eq!(resolve_typed_path(Some(folder), "sub/energy.ron"), Some(folder.join("sub/energy.ron")));
        assert_eq!(resolve_typed_path(Some(folder), "/tmp/x.ron"), Some(PathBuf::from("/tmp/x.ron")));
        assert_eq!(resolve_typed_path(None, "x.ron"), Some(PathBuf::from("x.ron")));
        assert_eq!(resolve_typed_path(Some(folder), "   "), None);
    }
}

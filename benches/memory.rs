//! Memory of the workbench's own state and frames holding a project, without a window
//! (DESIGN.md §12: ≤ 200 MB with 10,000 touchpoints, window open). Each case runs in a child
//! process of its own — the bundled sample, and the varied 10,000-touchpoint journey of
//! `samples::varied_journey` (four provider kinds, five exchanges, a third of the flags, three
//! lanes, 40-character titles) — which opens the project in the real app, runs 60 frames at
//! 1440×900 (egui pass and tessellation) with the canvas fitted, and reports its resident set
//! size, now and at its peak, from /proc, and the vertices and indices of its last frame.
//!
//! No GPU here: with a real window, wgpu and the GL driver hold each frame's mesh again (about
//! 0.4 MB per 1,000 vertices under Xvfb and llvmpipe) on top of the window's own ~120 MB, so
//! measure the window too (see the README): `RAPPORT_MEMORY_WRITE=FILE cargo bench --bench
//! memory` writes the 10,000-touchpoint project to FILE for that. `RAPPORT_MEMORY_FOLD=feeling,
//! scores,inspector` folds those away first, to see what each costs.

use std::process::Command as Process;

use rapport::app::commands::Command;
use rapport::app::files::{DialogAnswer, FileDialogs};
use rapport::app::{AppOptions, RapportApp};
use rapport::samples::varied_project;

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open(&mut self, _: Option<&std::path::Path>) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn save(&mut self, _: Option<&std::path::Path>, _: &str) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn export(&mut self, _: Option<&std::path::Path>, _: &str, _: rapport::export::Format) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
}

const CASE: &str = "RAPPORT_MEMORY_CASE";
const FILE: &str = "RAPPORT_MEMORY_FILE";

/// Kilobytes of a `/proc/self/status` field.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn run_case(case: &str, big: &std::path::Path) {
    let file = match case {
        "sample" => None,
        _ => Some(big.to_owned()),
    };
    let ctx = egui::Context::default();
    let mut app = RapportApp::new(
        &ctx,
        AppOptions { file, config_dir: None, dialogs: Box::new(NoDialogs), recovery_dir: None },
    );
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1440.0, 900.0))),
        ..Default::default()
    };
    // Taking things away one at a time says what each costs (RAPPORT_MEMORY_FOLD=feeling,scores).
    let fold = std::env::var("RAPPORT_MEMORY_FOLD").unwrap_or_default();
    for (name, command) in [
        ("feeling", Command::ToggleFeelingCurve),
        ("scores", Command::ToggleScores),
        ("inspector", Command::ToggleInspector),
    ] {
        if fold.split(',').any(|f| f == name) {
            app.queue(command);
        }
    }
    let mut mesh = (0, 0);
    if std::env::var_os("RAPPORT_MEMORY_STEPS").is_some() {
        eprintln!("opened: {:.0} MB", status_kb("VmRSS:") as f64 / 1024.0);
    }
    for k in 0..60 {
        let out = ctx.run_ui(input(), |ui| app.frame_ui(ui));
        let meshes = ctx.tessellate(out.shapes, out.pixels_per_point);
        mesh = meshes.iter().fold((0, 0), |(v, i), p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => (v + m.vertices.len(), i + m.indices.len()),
            egui::epaint::Primitive::Callback(_) => (v, i),
        });
        std::hint::black_box(meshes);
        if std::env::var_os("RAPPORT_MEMORY_STEPS").is_some() && (k < 3 || k == 59) {
            eprintln!("frame {k}: {:.0} MB", status_kb("VmRSS:") as f64 / 1024.0);
        }
    }
    let n: usize = app.project().journeys.iter().map(|j| j.touchpoints.len()).sum();
    println!(
        "memory/{case} (the app's state and frames, no window): {n} touchpoints, {} findings shown, {} vertices and {} indices a frame: resident {:.0} MB, peak {:.0} MB",
        app.analysis().map_or(0, |a| a.findings.len()),
        mesh.0,
        mesh.1,
        status_kb("VmRSS:") as f64 / 1024.0,
        status_kb("VmHWM:") as f64 / 1024.0
    );
}

fn main() {
    // `RAPPORT_MEMORY_WRITE=FILE cargo bench --bench memory` writes the 10,000-touchpoint project
    // it measures to FILE and stops, for measuring the real window with it (see the README).
    if let Some(path) = std::env::var_os("RAPPORT_MEMORY_WRITE") {
        rapport::store::save(std::path::Path::new(&path), &varied_project(10_000, 1)).expect("save");
        println!("wrote {}", std::path::Path::new(&path).display());
        return;
    }
    if let (Ok(case), Ok(big)) = (std::env::var(CASE), std::env::var(FILE)) {
        run_case(&case, std::path::Path::new(&big));
        return;
    }
    // The project is written here, so the measured process only opens it, as a user would.
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.ron");
    rapport::store::save(&big, &varied_project(10_000, 1)).expect("save");
    let exe = std::env::current_exe().expect("bench binary");
    for case in ["sample", "10000"] {
        let out = Process::new(&exe).env(CASE, case).env(FILE, &big).output().expect("run case");
        print!("{}", String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            std::process::exit(1);
        }
    }
}

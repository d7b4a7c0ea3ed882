//! The one result table, printed as Markdown.

use std::time::Duration;

#[derive(Default)]
pub struct Table {
    rows: Vec<[String; 7]>,
}

impl Table {
    /// Adds a row, one argument per column; `ok` is whether a target is
    /// met (None: no target).
    #[allow(clippy::too_many_arguments)]
    pub fn row(
        &mut self,
        measure: &str,
        spec: &str,
        ours: impl Into<String>,
        progenitor: impl Into<String>,
        ratio: impl Into<String>,
        target: impl Into<String>,
        ok: Option<bool>,
    ) {
        let ok = match ok {
            Some(true) => "yes",
            Some(false) => "**NO**",
            None => "",
        };
        let row = [
            measure.to_string(),
            spec.to_string(),
            ours.into(),
            progenitor.into(),
            ratio.into(),
            target.into(),
            ok.to_string(),
        ];
        eprintln!("   {}", row.join(" | "));
        self.rows.push(row);
    }

    pub fn print(&self) {
        let head = [
            "measure",
            "spec",
            "openapi-rustgen",
            "progenitor",
            "ratio",
            "target",
            "met",
        ];
        let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: Vec<&str>| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            println!("| {} |", padded.join(" | "));
        };
        line(head.to_vec());
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        println!("|-{}-|", rule.join("-|-"));
        for row in &self.rows {
            line(row.iter().map(String::as_str).collect());
        }
    }
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1e3)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

pub fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

/// A ratio as `4.2x`.
pub fn ratio(r: f64) -> String {
    if r.is_finite() {
        format!("{r:.2}x")
    } else {
        "-".into()
    }
}

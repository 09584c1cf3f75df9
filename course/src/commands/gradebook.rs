//! What `grade` writes for a class: a summary (learner × lesson), a CSV gradebook, JSON, a JUnit
//! file and a feedback page per learner. Pure functions of the grades, so each format is tested
//! without running a lesson.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

/// One learner's grades, lesson by lesson.
#[derive(Debug, Serialize)]
pub struct Learner {
    pub name: String,
    pub lessons: Vec<LessonGrade>,
}

#[derive(Debug, Serialize)]
pub struct LessonGrade {
    pub number: u32,
    pub title: String,
    pub outcome: Outcome,
    pub exercises: Vec<ExerciseGrade>,
}

/// How a lesson's grading went; only a graded lesson's exercises can pass.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    Graded,
    /// Every exercise region as shipped: by the course's contract every test fails, so nothing
    /// was compiled to know it.
    NotBegun,
    /// The lesson does not compile: the compiler's first error.
    DoesNotCompile {
        first_error: String,
    },
    /// Its tests ran past the time limit and were stopped.
    TimedOut {
        seconds: u64,
    },
}

#[derive(Debug, Serialize)]
pub struct ExerciseGrade {
    pub id: String,
    pub title: String,
    pub passed: bool,
    pub failing_tests: Vec<String>,
    /// The first lines of the first failing test's report: what the learner would have read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// The learner's exercise bodies against the solution's (with `--diff`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

impl LessonGrade {
    pub fn passed(&self) -> usize {
        self.exercises.iter().filter(|e| e.passed).count()
    }

    /// What the summary's cell says: `7/10`, or why there is no count.
    fn cell(&self) -> String {
        match &self.outcome {
            Outcome::Graded => format!("{}/{}", self.passed(), self.exercises.len()),
            Outcome::NotBegun => format!("not begun (0/{})", self.exercises.len()),
            Outcome::DoesNotCompile { .. } => {
                format!("does not compile (0/{})", self.exercises.len())
            }
            Outcome::TimedOut { seconds } => format!("timed out after {seconds} s"),
        }
    }

    /// Why none of its exercises passed, when the lesson was not graded.
    fn reason(&self) -> Option<String> {
        match &self.outcome {
            Outcome::Graded => None,
            Outcome::NotBegun => Some("not begun".to_owned()),
            Outcome::DoesNotCompile { .. } => {
                Some(format!("lesson {} does not compile", self.number))
            }
            Outcome::TimedOut { seconds } => Some(format!(
                "lesson {}'s tests ran past the time limit ({seconds} s)",
                self.number
            )),
        }
    }
}

impl Learner {
    fn passed(&self) -> usize {
        self.lessons.iter().map(LessonGrade::passed).sum()
    }

    fn exercises(&self) -> usize {
        self.lessons.iter().map(|l| l.exercises.len()).sum()
    }
}

/// Writes every report under `out` and returns the summary, for the terminal.
pub fn write(out: &Path, class: &[Learner]) -> anyhow::Result<String> {
    let create = |dir: &Path| {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
    };
    create(&out.join("junit"))?;
    create(&out.join("feedback"))?;
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    };
    let summary = summary(class);
    write(&out.join("summary.md"), &summary)?;
    write(&out.join("gradebook.csv"), &csv(class))?;
    write(
        &out.join("grades.json"),
        &serde_json::to_string_pretty(&serde_json::json!({ "learners": class }))?,
    )?;
    for learner in class {
        write(
            &out.join("junit").join(format!("{}.xml", learner.name)),
            &junit(learner),
        )?;
        write(
            &out.join("feedback").join(format!("{}.md", learner.name)),
            &feedback(learner),
        )?;
    }
    Ok(summary)
}

/// Learner × lesson, in Markdown.
pub fn summary(class: &[Learner]) -> String {
    let mut text = format!("# Grades: {} learners\n\n", class.len());
    let Some(first) = class.first() else {
        return text;
    };
    text.push_str("| learner |");
    for lesson in &first.lessons {
        let _ = write!(text, " Lesson {} |", lesson.number);
    }
    text.push_str(" total |\n|---|");
    text.push_str(&"---|".repeat(first.lessons.len() + 1));
    text.push('\n');
    for learner in class {
        let _ = write!(text, "| {} |", learner.name);
        for lesson in &learner.lessons {
            let _ = write!(text, " {} |", lesson.cell());
        }
        let _ = writeln!(text, " {}/{} |", learner.passed(), learner.exercises());
    }
    text.push_str(
        "\nEach learner's failing exercises, with the first lines of their reports: \
         `feedback/<learner>.md`; for CI: `junit/<learner>.xml`; every exercise: `gradebook.csv`.\n",
    );
    text
}

/// A row per learner; a column per lesson (exercises passed) and per exercise (1 or 0).
pub fn csv(class: &[Learner]) -> String {
    let mut text = String::from("learner");
    let Some(first) = class.first() else {
        text.push('\n');
        return text;
    };
    for lesson in &first.lessons {
        let _ = write!(text, ",lesson {}", lesson.number);
    }
    text.push_str(",total");
    for exercise in first.lessons.iter().flat_map(|l| &l.exercises) {
        let _ = write!(text, ",{}", exercise.id);
    }
    text.push('\n');
    for learner in class {
        text.push_str(&csv_field(&learner.name));
        for lesson in &learner.lessons {
            let _ = write!(text, ",{}", lesson.passed());
        }
        let _ = write!(text, ",{}", learner.passed());
        for exercise in learner.lessons.iter().flat_map(|l| &l.exercises) {
            let _ = write!(text, ",{}", u8::from(exercise.passed));
        }
        text.push('\n');
    }
    text
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// One learner's results as JUnit XML, the format CI systems and GitHub Classroom read: a suite
/// per lesson, a test case per exercise, its failure message the test's own report.
pub fn junit(learner: &Learner) -> String {
    let failures = learner.exercises() - learner.passed();
    let mut text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
        xml(&learner.name),
        learner.exercises()
    );
    for lesson in &learner.lessons {
        let _ = writeln!(
            text,
            "  <testsuite name=\"Lesson {}: {}\" tests=\"{}\" failures=\"{}\">",
            lesson.number,
            xml(&lesson.title),
            lesson.exercises.len(),
            lesson.exercises.len() - lesson.passed()
        );
        for exercise in &lesson.exercises {
            let _ = write!(
                text,
                "    <testcase classname=\"lesson-{}\" name=\"{} {}\"",
                lesson.number,
                exercise.id,
                xml(&exercise.title)
            );
            if exercise.passed {
                text.push_str("/>\n");
                continue;
            }
            let (message, body) = match (&lesson.outcome, lesson.reason()) {
                (Outcome::DoesNotCompile { first_error }, Some(reason)) => {
                    (reason, first_error.clone())
                }
                (_, Some(reason)) => (reason.clone(), reason),
                (_, None) => (
                    format!("failing: {}", exercise.failing_tests.join(", ")),
                    exercise.report.clone().unwrap_or_default(),
                ),
            };
            let _ = write!(
                text,
                ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&message),
                xml(&body)
            );
        }
        text.push_str("  </testsuite>\n");
    }
    text.push_str("</testsuites>\n");
    text
}

/// Escapes `text` for an XML attribute or element, dropping what XML 1.0 cannot hold.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// What to tell one learner: each lesson's result, and each failing exercise with the first
/// lines of its report (and, with `--diff`, their code against the solution's).
pub fn feedback(learner: &Learner) -> String {
    let mut text = format!(
        "# {}: {}/{} exercises pass\n",
        learner.name,
        learner.passed(),
        learner.exercises()
    );
    for lesson in &learner.lessons {
        let _ = write!(
            text,
            "\n## Lesson {}: {} ({})\n\n",
            lesson.number,
            lesson.title,
            lesson.cell()
        );
        match &lesson.outcome {
            Outcome::NotBegun => {
                text.push_str("No exercise of this lesson is begun yet.\n");
                continue;
            }
            Outcome::DoesNotCompile { first_error } => {
                let _ = write!(
                    text,
                    "The lesson does not compile, so none of its tests could run. The first \
                     error (fix it first: the others often follow from it):\n\n```text\n{first_error}\n```\n"
                );
                continue;
            }
            Outcome::TimedOut { seconds } => {
                let _ = writeln!(
                    text,
                    "Its tests were still running after {seconds} s and were stopped: look for a \
                     loop or a wait that never ends."
                );
                continue;
            }
            Outcome::Graded => {}
        }
        let failing: Vec<&ExerciseGrade> = lesson.exercises.iter().filter(|e| !e.passed).collect();
        if failing.is_empty() {
            text.push_str("Every exercise passes.\n");
        }
        for exercise in failing {
            let _ = writeln!(text, "### {} {}\n", exercise.id, exercise.title);
            let tests: Vec<String> = exercise
                .failing_tests
                .iter()
                .map(|test| format!("`{}`", test.rsplit("::").next().unwrap_or(test)))
                .collect();
            let _ = writeln!(text, "Failing: {}\n", tests.join(", "));
            if let Some(report) = &exercise.report {
                let _ = writeln!(text, "```text\n{report}\n```\n");
            }
            if let Some(diff) = &exercise.diff {
                let _ = writeln!(text, "Against the solution:\n\n```diff\n{diff}```\n");
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(id: &str, passed: bool) -> ExerciseGrade {
        ExerciseGrade {
            id: id.to_owned(),
            title: format!("title of {id}"),
            passed,
            failing_tests: if passed {
                vec![]
            } else {
                vec![format!("m::ex{}_x", id.replace('.', "_0"))]
            },
            report: (!passed).then(|| "expected 200 <ok>, got 404".to_owned()),
            diff: None,
        }
    }

    fn class() -> Vec<Learner> {
        vec![Learner {
            name: "bob, jr".to_owned(),
            lessons: vec![
                LessonGrade {
                    number: 1,
                    title: "Routing".to_owned(),
                    outcome: Outcome::Graded,
                    exercises: vec![exercise("1.1", true), exercise("1.2", false)],
                },
                LessonGrade {
                    number: 2,
                    title: "Middleware".to_owned(),
                    outcome: Outcome::DoesNotCompile {
                        first_error: "error: expected `;`".to_owned(),
                    },
                    exercises: vec![exercise("2.1", false)],
                },
            ],
        }]
    }

    #[test]
    fn the_summary_has_a_cell_per_learner_and_lesson() {
        let text = summary(&class());
        assert!(
            text.contains("| bob, jr | 1/2 | does not compile (0/1) | 1/3 |"),
            "{text}"
        );
    }

    #[test]
    fn the_csv_has_a_column_per_lesson_and_exercise_and_quotes_names() {
        assert_eq!(
            csv(&class()),
            "learner,lesson 1,lesson 2,total,1.1,1.2,2.1\n\"bob, jr\",1,0,1,1,0,0\n"
        );
    }

    #[test]
    fn junit_has_a_case_per_exercise_with_the_report_escaped() {
        let text = junit(&class()[0]);
        assert!(text.contains("tests=\"3\" failures=\"2\""), "{text}");
        assert!(
            text.contains("<testcase classname=\"lesson-1\" name=\"1.1 title of 1.1\"/>"),
            "{text}"
        );
        assert!(text.contains("expected 200 &lt;ok&gt;, got 404"), "{text}");
        assert!(
            text.contains(
                "<failure message=\"lesson 2 does not compile\">error: expected `;`</failure>"
            ),
            "{text}"
        );
    }

    #[test]
    fn feedback_names_failing_exercises_and_the_first_compiler_error() {
        let text = feedback(&class()[0]);
        assert!(text.contains("### 1.2 title of 1.2"), "{text}");
        assert!(text.contains("expected 200 <ok>, got 404"), "{text}");
        assert!(text.contains("error: expected `;`"), "{text}");
        assert!(!text.contains("### 1.1"), "{text}");
    }
}

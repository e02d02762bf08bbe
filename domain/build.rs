//! Turns the default template (`templates/default.json`, the data people edit) into the
//! Rust expression that builds it, so the browser app carries no JSON deserializer for
//! it. A test checks the result against the JSON read by serde.

use serde_json::{Map, Value};
use std::path::Path;

const SOURCE: &str = "templates/default.json";

fn main() {
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SOURCE).expect("the default template");
    let json: Value = serde_json::from_str(&text).expect("the default template is JSON");
    let t = object(&json);
    let scale: Vec<String> = array(&t["scale"])
        .iter()
        .map(|level| {
            let level = object(level);
            format!(
                "ScaleLevel {{ value: {}, label: {} }}",
                level["value"],
                text_of(&level["label"])
            )
        })
        .collect();
    let sections: Vec<String> = array(&t["sections"]).iter().map(section).collect();
    let code = format!(
        "Template {{ id: {}, version: {}, name: {}, scale: vec![{}], not_observed: {}, sections: vec![{}] }}",
        string(&t["id"]),
        t["version"],
        text_of(&t["name"]),
        scale.join(", "),
        text_of(&t["not_observed"]),
        sections.join(", "),
    );
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("default_template.rs");
    std::fs::write(out, code).expect("write the default template's code");
}

/// A section; `criteria` and `free_text` may be left out, as serde allows.
fn section(value: &Value) -> String {
    let s = object(value);
    let criteria: Vec<String> = s
        .get("criteria")
        .map_or(&[][..], |c| array(c))
        .iter()
        .map(|c| {
            let c = object(c);
            let optional = c.get("optional").and_then(Value::as_bool).unwrap_or(false);
            format!(
                "Criterion {{ id: {}, text: {}, optional: {optional}, optional_for: vec![] }}",
                string(&c["id"]),
                text_of(&c["text"])
            )
        })
        .collect();
    let free_text = match s.get("free_text") {
        Some(t) => format!("Some({})", text_of(t)),
        None => "None".to_owned(),
    };
    format!(
        "Section {{ id: {}, title: {}, criteria: vec![{}], free_text: {free_text} }}",
        string(&s["id"]),
        text_of(&s["title"]),
        criteria.join(", ")
    )
}

fn text_of(value: &Value) -> String {
    let t = object(value);
    format!(
        "Text {{ lv: {}, en: {} }}",
        string(&t["lv"]),
        string(&t["en"])
    )
}

/// A Rust `String` made from a string literal (`{:?}` writes a valid one).
fn string(value: &Value) -> String {
    let s = value.as_str().expect("a string in the default template");
    format!("String::from({s:?})")
}

fn object(value: &Value) -> &Map<String, Value> {
    value
        .as_object()
        .expect("an object in the default template")
}

fn array(value: &Value) -> &Vec<Value> {
    value.as_array().expect("an array in the default template")
}

//! `GET /api/me/export`: a person's own data, as the data-protection right of access
//! gives it to them. Which records and which of their fields come from the sync's rules
//! (`Storage::records_about`), so the export shows exactly what the person's devices
//! may hold, never more.

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use vero_domain::export::{self, Export};
use vero_domain::sync::fields::{observation_from, Json};
use vero_domain::Lang;

use crate::auth::{now, SignedIn};
use crate::error::Failure;
use crate::sync::rules::Caller;
use crate::AppState;

#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `json` (one document with sections) or `csv` (one row per observation, `;`
    /// separated, UTF-8 with a byte order mark, as Excel in Latvia opens it).
    #[param(inline)]
    pub format: Format,
    /// The language of the spreadsheet's headings: `lv` (default) or `en`.
    #[param(pattern = "^(lv|en)$")]
    pub lang: Option<String>,
}

/// Everything Vēro holds about the signed-in person that they may see, as a file to
/// keep: their account, their mentoring pairs, every observation of their lessons they
/// may see (with the comments, the atzinums where they may read it and the workflow
/// history), their reflections, self-ratings and answers to next steps, and the
/// observations they made. Another author's private note and drafts not yet shared
/// never appear. Each export is written to the audit log.
#[utoipa::path(
    get,
    path = "/me/export",
    operation_id = "myExport",
    security(("bearerAuth" = [])),
    params(ExportQuery),
    responses(
        (
            status = 200,
            description = "The file, as an attachment (`application/json` or `text/csv`).",
            content(
                (serde_json::Value = "application/json"),
                (String = "text/csv"),
            )
        ),
        (
            status = 400,
            description = "`bad_request`: `format` is not `json` or `csv`, or `lang` is \
                           not `lv` or `en`.",
            body = vero_domain::api::ApiError
        ),
        (status = 401, description = "Not signed in.", body = vero_domain::api::ApiError),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    user: SignedIn,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Failure> {
    let Query(q) = query.map_err(|_| {
        Failure::bad_request("format must be `json` or `csv`; lang, if given, `lv` or `en`.")
    })?;
    let lang = match q.lang.as_deref() {
        None => Lang::Lv,
        Some(code) => Lang::from_code(code)
            .ok_or_else(|| Failure::bad_request("lang must be `lv` or `en`."))?,
    };
    let caller = Caller::of(&user.profile)
        .ok_or_else(|| Failure::unauthorized("The sign-in has expired; sign in again."))?;
    let storage = state.storage.clone();
    let profile = user.profile;
    tokio::task::spawn_blocking(move || {
        let at = now();
        let records = storage.records_about(&caller)?;
        let mentoring = storage.mentoring(caller.id)?;
        let observations = records
            .iter()
            .map(|r| observation_from::<Json>(&r.id, &r.owner, r.values()).0)
            .collect();
        let username = profile.username.clone();
        let doc = export::build(profile, mentoring, observations, at * 1000);
        let file = format!("vero-{}-{}", safe_name(&username), day(at));
        let (body, kind, file) = match q.format {
            Format::Json => (
                serde_json::to_vec_pretty(&doc).map_err(internal)?,
                "application/json",
                format!("{file}.json"),
            ),
            Format::Csv => (
                csv_of(&doc, lang).map_err(internal)?,
                "text/csv; charset=utf-8",
                format!("{file}.csv"),
            ),
        };
        storage.add_audit(
            at,
            &username,
            "data.exported",
            &username,
            &format!(
                "{} observations of them, {} by them, as {}",
                doc.observations_of_me.len(),
                doc.observations_by_me.len(),
                if matches!(q.format, Format::Json) {
                    "JSON"
                } else {
                    "CSV"
                }
            ),
        )?;
        Ok((
            [
                (header::CONTENT_TYPE, kind.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response())
    })
    .await?
}

/// The spreadsheet: a byte order mark (Excel otherwise reads UTF-8 as the local code
/// page and garbles ā, č, ē…), `;` between cells as Excel in Latvia expects, CRLF.
fn csv_of(doc: &Export, lang: Lang) -> Result<Vec<u8>, String> {
    let words = crate::admin::catalog(lang);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        for row in export::table(doc, &words) {
            w.write_record(&row).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn internal(e: impl std::fmt::Display) -> Failure {
    Failure::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        format!("The file could not be written: {e}"),
    )
}

/// A username as a file name: letters, digits, `-`, `_` and `.` only.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Unix seconds as YYYY-MM-DD (UTC), for the file name.
fn day(unix: i64) -> String {
    vero_domain::calendar::date_text(vero_domain::calendar::local_date(unix * 1000, 0))
}

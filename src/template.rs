//! The sheet's templates as this app knows them.

use std::sync::OnceLock;
use vero_domain::observation::TemplateRef;
use vero_domain::Template;

/// The built-in template, made once.
pub fn default_template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(Template::default_template)
}

/// The template a sheet was made with, if this app knows it.
pub fn template_for(reference: &TemplateRef) -> Option<&'static Template> {
    let t = default_template();
    (t.id == reference.id && t.version == reference.version).then_some(t)
}

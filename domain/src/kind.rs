//! Observation types (vērošanas veids, DOMAIN.md) and the municipal priorities used as tags.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ObservationKind {
    /// savstarpējā vērošana
    Peer,
    /// atklātā stunda
    OpenLesson,
    /// mentora vērošana
    Mentor,
    /// mācīšanās konsultanta vērošana
    Consultant,
    /// pašvaldības speciālista vērošana (on request)
    Specialist,
    /// izglītības tehnoloģiju mentora vērošana
    EdtechMentor,
    /// kvalitātes pakāpes vērtēšana
    QualityGrade,
}

impl ObservationKind {
    pub const ALL: [ObservationKind; 7] = [
        ObservationKind::Peer,
        ObservationKind::OpenLesson,
        ObservationKind::Mentor,
        ObservationKind::Consultant,
        ObservationKind::Specialist,
        ObservationKind::EdtechMentor,
        ObservationKind::QualityGrade,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ObservationKind::Peer => "peer",
            ObservationKind::OpenLesson => "open_lesson",
            ObservationKind::Mentor => "mentor",
            ObservationKind::Consultant => "consultant",
            ObservationKind::Specialist => "specialist",
            ObservationKind::EdtechMentor => "edtech_mentor",
            ObservationKind::QualityGrade => "quality_grade",
        }
    }

    pub fn from_id(id: &str) -> Option<ObservationKind> {
        ObservationKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The opinion for management (atzinums) belongs only to these (DOMAIN.md, closing).
    pub fn has_opinion(self) -> bool {
        matches!(
            self,
            ObservationKind::Consultant
                | ObservationKind::Specialist
                | ObservationKind::QualityGrade
        )
    }
}

/// Municipal support priorities (the slides), tagged on an observation for analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Priority {
    SchoolDevelopment,
    InclusiveEducation,
    DigitalSkills,
    CompetenceApproach,
    NewTeachers,
}

impl Priority {
    pub const ALL: [Priority; 5] = [
        Priority::SchoolDevelopment,
        Priority::InclusiveEducation,
        Priority::DigitalSkills,
        Priority::CompetenceApproach,
        Priority::NewTeachers,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Priority::SchoolDevelopment => "school_development",
            Priority::InclusiveEducation => "inclusive_education",
            Priority::DigitalSkills => "digital_skills",
            Priority::CompetenceApproach => "competence_approach",
            Priority::NewTeachers => "new_teachers",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_kinds_with_distinct_ids_that_round_trip() {
        let mut ids: Vec<_> = ObservationKind::ALL.iter().map(|k| k.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 7);
        for kind in ObservationKind::ALL {
            assert_eq!(ObservationKind::from_id(kind.id()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.id()));
        }
    }

    #[test]
    fn only_consultant_specialist_and_quality_grade_carry_an_opinion() {
        let with: Vec<_> = ObservationKind::ALL
            .into_iter()
            .filter(|k| k.has_opinion())
            .collect();
        assert_eq!(
            with,
            [
                ObservationKind::Consultant,
                ObservationKind::Specialist,
                ObservationKind::QualityGrade
            ]
        );
    }

    #[test]
    fn priority_ids_match_serde() {
        for p in Priority::ALL {
            assert_eq!(
                serde_json::to_string(&p).unwrap(),
                format!("\"{}\"", p.id())
            );
        }
    }
}

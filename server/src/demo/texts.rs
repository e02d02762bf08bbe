//! The words of the demo's observations: lessons, evidence, strengths, next steps and
//! answers as observers and teachers in Madona's schools write them.

/// (class, subject, topic)
pub const LESSONS: [(&str, &str, &str); 12] = [
    ("7.b", "Matemātika", "Lineāri vienādojumi"),
    ("5.a", "Latviešu valoda", "Teikuma locekļi"),
    ("9.c", "Bioloģija", "Šūnas uzbūve"),
    ("6.b", "Dabaszinības", "Ūdens riņķojums dabā"),
    ("8.a", "Vēsture", "Latvija 19. gadsimtā"),
    ("4.a", "Angļu valoda", "My daily routine"),
    ("10.b", "Fizika", "Ņūtona likumi"),
    ("3.b", "Matemātika", "Reizināšanas tabula"),
    ("11.a", "Literatūra", "Rūdolfs Blaumanis \"Ugunī\""),
    ("7.a", "Datorika", "Algoritmi un cikli"),
    ("2.a", "Sports un veselība", "Bumbas spēles"),
    ("12.b", "Ķīmija", "Oksidēšanās un reducēšanās"),
];

pub const GOALS: [&str; 6] = [
    "Kā skolēni saprot stundas sasniedzamo rezultātu",
    "Atgriezeniskā saite stundas gaitā",
    "Diferencēts atbalsts skolēniem ar dažādām vajadzībām",
    "Skolēnu sadarbība grupās",
    "Digitālo rīku jēgpilna izmantošana",
    "Augstākā līmeņa domāšanas uzdevumi",
];

pub const OUTCOMES: [&str; 6] = [
    "Skolēni patstāvīgi atrisina un pārbauda uzdevumu",
    "Skolēni pamato savu viedokli ar piemēru no teksta",
    "Skolēni izskaidro jēdzienu saviem vārdiem",
    "Skolēni izveido shēmu un to prezentē pārim",
    "Skolēni novērtē savu darbu pēc kritērijiem",
    "Skolēni salīdzina divus risinājumus un izvēlas labāko",
];

/// Evidence, one per criterion of the default template's sections A–D.
pub const EVIDENCE: [&str; 8] = [
    "Stundas sākumā SR uzrakstīts uz tāfeles; skolotāja pajautāja trim skolēniem, kā viņi to saprot.",
    "Pāru darbā 8 no 12 pāriem pabeidza uzdevumu laikā; pārējiem skolotāja deva atbalsta kartītes.",
    "Skolēni uzdeva jautājumus arī viens otram, ne tikai skolotājai.",
    "Divi uzdevumu līmeņi; skolēni paši izvēlējās, ar kuru sākt.",
    "Skolotāja 14 reizes uzdeva atvērtos jautājumus, 6 reizes slēgtos.",
    "Stundas beigās izejas kartīte: 19 no 24 skolēniem atbildēja pareizi.",
    "Skolēni izmantoja planšetes, lai pārbaudītu hipotēzi simulācijā.",
    "Grupās skolēni vienojās par lomām un pēc darba novērtēja sadarbību.",
];

pub const STRENGTHS: [&str; 8] = [
    "Skaidri formulēts un skolēniem saprotams SR",
    "Mierīga, cieņpilna gaisotne",
    "Daudz atvērto jautājumu",
    "Labi pārdomāts stundas laiks",
    "Skolēni strādā pāros un palīdz viens otram",
    "Jēgpilni izmantoti digitālie rīki",
    "Atgriezeniskā saite katram skolēnam",
    "Uzdevumi dažādos līmeņos",
];

/// (next step, the wording the teacher answers with when she proposes another)
pub const NEXT_STEPS: [(&str, &str); 6] = [
    (
        "Stundas beigās skolēni paši novērtē savu darbu pēc SR kritērijiem",
        "Pašvērtēšana pēc kritērijiem, ko veidojam kopā ar skolēniem",
    ),
    (
        "Ieviest izejas kartītes vismaz divās stundās nedēļā",
        "Izejas kartītes vienu reizi nedēļā katrā klasē",
    ),
    (
        "Dot vairāk laika skolēnu atbildēm (gaidīšanas laiks 5 sekundes)",
        "Gaidīšanas laiks un \"pagriezies pret kaimiņu\" pirms atbildes",
    ),
    (
        "Grupu darbā katram skolēnam piešķirt lomu",
        "Lomu kartītes grupu darbam, mainot lomas katru nedēļu",
    ),
    (
        "Sagatavot uzdevumus trīs grūtības līmeņos",
        "Divi līmeņi un papildu izaicinājums ātrākajiem",
    ),
    (
        "Izmantot digitālo rīku skolēnu sniegumam reālajā laikā",
        "Izmēģināt tiešsaistes aptauju stundas vidū",
    ),
];

pub const REFLECTIONS: [&str; 5] = [
    "Piekrītu, ka skolēniem vajag vairāk laika pašvērtēšanai. Nākamajā nedēļā izmēģināšu kritēriju tabulu.",
    "Pāru darbs izdevās labāk, nekā gaidīju. Vājākajiem skolēniem atbalsta kartītes palīdzēja.",
    "Stunda bija saspringta laika ziņā; gribu pārplānot ievadu, lai paliek laiks izejas kartītei.",
    "Paldies par novērojumiem par jautājumiem — pati to nebiju pamanījusi.",
    "Digitālais rīks aizņēma vairāk laika, nekā plānoju. Nākamreiz sagatavošu skolēnu kontus iepriekš.",
];

pub const COMMENTS: [&str; 3] = [
    "Labs solis. Iesaku kopīgi ar skolēniem izveidot kritērijus.",
    "Var palīdzēt metodiskās komisijas materiāli par izejas kartītēm.",
    "Šo pieredzi varētu parādīt atklātajā stundā.",
];

pub const OPINIONS: [&str; 3] = [
    "Pedagoga darbs atbilst kvalitātes kritērijiem. Ieteicams dalīties pieredzē ar kolēģiem par diferencēšanu.",
    "Stunda plānota mērķtiecīgi; jāpilnveido atgriezeniskā saite skolēniem stundas gaitā.",
    "Pedagogs veiksmīgi izmanto kompetenču pieeju; iesaku turpināt darbu pie skolēnu pašvadības.",
];

pub const PRIVATE_NOTES: [&str; 3] = [
    "Pajautāt par 7.b grupu darbu nākamajā tikšanās reizē",
    "Atnest atbalsta kartīšu paraugus",
    "Runāt par laika plānošanu",
];
